"""Entities as the engine sees them: each matchable entity becomes an engine `Record`.

`record_fields(kind, obj)` gives the Record's fields as a plain dict (what `MatchRecord.record` stores as
JSON); `to_record(fields)` turns that dict back into an engine Record. A record's id is "kind:pk".
"""

import hashlib
import json

from hamkari.entities import keys
from hamkari.matching.models import MATCHABLE

_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}  # of an ISO date: "YYYY", "YYYY-MM", "YYYY-MM-DD"


def entity_model(kind: str):
    from django.apps import apps

    return apps.get_model(MATCHABLE[kind])


def kind_of(obj) -> str | None:
    label = obj._meta.label
    return next((kind for kind, model in MATCHABLE.items() if model == label), None)


def _birth_date(person) -> str:
    if person.birth_date is None:
        return ""
    return person.birth_date.isoformat()[:_PRECISION_LENGTH.get(person.birth_date_precision, 10)]


def _extra_keys(func, value) -> list[str]:
    """A second identifier of the same entity (a phone's IMEI, a vehicle's VIN), when it normalises."""
    if not value:
        return []
    try:
        return [func(value)]
    except keys.InvalidIdentifier:
        return []


def record_fields(kind: str, obj, names=None) -> dict:
    """The engine Record of an entity, as a dict. `names`: the person's other names (PersonName.name values);
    read from the database when not given."""
    fields = {"id": f"{kind}:{obj.pk}", "kind": kind, "names": [], "father_name": "", "birth_date": "",
              "nationality": "", "gender": "", "identifiers": []}
    if kind == "person":
        if names is None:
            names = list(obj.other_names.order_by("id").values_list("name", flat=True))
        fields.update(names=_unique([obj.name, *names]), father_name=obj.father_name or "",
                      birth_date=_birth_date(obj), nationality=obj.nationality_id or "",
                      gender=obj.gender if obj.gender in ("m", "f") else "")
    elif kind == "organization":
        aliases = obj.aliases if isinstance(obj.aliases, list) else []
        fields["names"] = _unique([obj.name, *[a for a in aliases if isinstance(a, str)]])
    else:
        identifiers = [obj.key] if obj.key else []
        if kind == "phone" and obj.e164:
            identifiers += _extra_keys(keys.imei_key, obj.imei)
        elif kind == "vehicle" and obj.plate:
            identifiers += _extra_keys(keys.vin_key, obj.vin)
        fields["identifiers"] = _unique(identifiers)
    return fields


def _unique(values) -> list[str]:
    seen, out = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def to_record(fields: dict):
    from hamkari.matching.engine import Record

    return Record(id=fields["id"], kind=fields.get("kind", "person"), names=tuple(fields.get("names", ())),
                  father_name=fields.get("father_name", ""), birth_date=fields.get("birth_date", ""),
                  nationality=fields.get("nationality", ""), gender=fields.get("gender", ""),
                  identifiers=tuple(fields.get("identifiers", ())))


def engine_version() -> str:
    from hamkari.matching import engine

    name, version = getattr(engine, "ALGORITHM", ""), getattr(engine, "VERSION", "")
    return (f"{name} {version}".strip())[:40]


def fingerprint(fields: dict, version: str) -> str:
    """Changes when what matching reads of the entity changes, or the engine does."""
    text = json.dumps([version, fields], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_ref(ref: str) -> tuple[str, int]:
    kind, _, pk = ref.partition(":")
    return kind, int(pk)
