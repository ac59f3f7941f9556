"""Reads of entities, always through the visibility chokepoint.

An involvement follows its incident's sharing, while the entity keeps its owner's: a reader may therefore see
an incident and the fact that a phone was used in it without being allowed to see the phone itself. Such an
entity is shown hit/no-hit style (DESIGN rule 3): its kind, handling code and holding agency, never its data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from hamkari.entities import keys
from hamkari.entities.models import ENTITY_FIELDS, Involvement, NameKind, Person
from hamkari.incidents.models import Incident


def kind_of(entity) -> str:
    for kind, model in ENTITY_FIELDS.items():
        if isinstance(entity, model):
            return kind
    raise ValueError(f"{entity!r} is not an entity")


def entity_incidents(user, entity):
    """The incidents `user` may see that `entity` is involved in, newest first."""
    kind = kind_of(entity)
    return (Incident.objects.visible_to(user)
            .filter(pk__in=Involvement.objects.filter(**{kind: entity}).values("incident_id"))
            .select_related("country", "owner_agency")
            .order_by("-occurred_on", "-pk"))


def entity_involvements(user, entity) -> list:
    """The entity's involvements in incidents `user` may see (with `.incident` loaded), newest incident first."""
    kind = kind_of(entity)
    visible_incidents = Incident.objects.visible_to(user).values("pk")
    return list(Involvement.objects.visible_to(user)
                .filter(**{kind: entity}, incident__in=visible_incidents)
                .select_related("incident", "incident__owner_agency")
                .order_by("-incident__occurred_on", "-incident_id", "pk"))


@dataclass(frozen=True)
class HiddenEntity:
    """What a reader learns of an entity they may not see: that it exists, its kind, and who holds it how."""

    kind: str
    handling: str
    agency_code: str
    agency_name: str
    country: str | None

    @property
    def verbose_kind(self):
        return ENTITY_FIELDS[self.kind]._meta.verbose_name

    def get_handling_display(self):
        from hamkari.sharing.models import Handling

        return Handling(self.handling).label


def entities_of_incident(user, incident) -> list[tuple]:
    """(involvement, entity or None) for each involvement of `incident` that `user` may see.

    None means the entity itself is invisible to the user; the involvement then carries `hidden_entity`
    (a HiddenEntity) for the "an entity held under <handling> by <agency>" line. Entities are read through
    `visible_to`; only the holder columns of invisible ones are read directly, which is what hit/no-hit
    allows. Involvements' own entity attributes are not loaded, so a template cannot leak them by accident.
    """
    if not Incident.objects.visible_to(user).filter(pk=incident.pk).exists():
        return []
    involvements = list(Involvement.objects.visible_to(user).filter(incident_id=incident.pk).order_by("pk"))
    wanted: dict[str, set] = defaultdict(set)
    for inv in involvements:
        wanted[inv.entity_field].add(getattr(inv, f"{inv.entity_field}_id"))
    visible: dict[str, dict] = {}
    hidden: dict[str, dict] = {}
    for kind, ids in wanted.items():
        model = ENTITY_FIELDS[kind]
        qs = model.objects.visible_to(user).filter(pk__in=ids)
        if model is Person:
            qs = qs.prefetch_related("other_names")
        visible[kind] = {obj.pk: obj for obj in qs}
        missing = ids - visible[kind].keys()
        hidden[kind] = {
            row["pk"]: HiddenEntity(kind, row["handling"], row["owner_agency__code"], row["owner_agency__name"],
                                    row["owner_country_id"])
            for row in model.objects.filter(pk__in=missing).values(
                "pk", "handling", "owner_agency__code", "owner_agency__name", "owner_country_id")
        }
    rows = []
    for inv in involvements:
        kind = inv.entity_field
        entity_id = getattr(inv, f"{kind}_id")
        entity = visible[kind].get(entity_id)
        inv.hidden_entity = None if entity is not None else hidden[kind].get(entity_id)
        inv.kind_label = ENTITY_FIELDS[kind]._meta.verbose_name
        rows.append((inv, entity))
    return rows


@dataclass(frozen=True)
class NameLine:
    name: str
    kind: str  # "as written", alias, transliteration
    script: str
    generated: bool


def person_names(person) -> list[NameLine]:
    """The person's name as written, then aliases and transliterations, each with its script."""
    lines = [NameLine(person.name, "written", person.script or keys.detect_script(person.name), False)]
    for other in person.other_names.all():
        lines.append(NameLine(other.name, other.kind, other.script, other.generated))
    order = {"written": 0, NameKind.ALIAS: 1, NameKind.TRANSLITERATION: 2}
    return sorted(lines, key=lambda line: order.get(line.kind, 3))


def entity_keys(kind: str, entity) -> list[tuple[str, str]]:
    """(label, key) of every identifier key of the entity: the stored key, and the keys of its other
    identifiers (a vehicle's VIN beside its plate, a phone's IMEI beside its number), which matching uses."""
    found = []
    stored = getattr(entity, "key", "")
    if stored:
        found.append(("key", stored))

    def add(label, func, *args):
        try:
            value = func(*args)
        except keys.InvalidIdentifier:
            return
        if value and value not in [k for _, k in found]:
            found.append((label, value))

    if kind == "phone":
        if entity.e164:
            add("phone", keys.phone_key, entity.e164)
        if entity.imei:
            add("imei", keys.imei_key, entity.imei)
    elif kind == "vehicle":
        if entity.plate:
            add("plate", keys.plate_key, entity.plate, entity.registration_country_id)
        if entity.vin:
            add("vin", keys.vin_key, entity.vin)
    elif kind == "account":
        if entity.iban:
            add("iban", keys.iban_key, entity.iban)
        if entity.account_number:
            add("account", keys.account_key, entity.account_number, entity.bank_name, entity.country_id)
    return found
