"""Writes of entities: validate and normalise, create or reuse by identifier key, attach to incidents.

Everything here runs inside the caller's transaction (the report form, the importer, the API, the demo
generator): no function commits on its own. A get-or-create race on the unique (owner_agency, key) is
absorbed by a savepoint, so one failing row never spoils the caller's transaction.

Reuse rules (DESIGN rule 5, deterministic identifiers):
- vehicles, phones, identity documents and bank accounts are one record per (owning agency, key): the same
  phone typed three ways is one record. A reused record gets its empty fields filled; a field that already
  has a different value is left alone and reported in `EntityResult.conflicts` (never overwritten silently).
- A reused record keeps its own handling code and sharing group. The owner set them on purpose; a new report
  that mentions the phone under a wider handling must not widen what the owner decided. Widening is the
  owner's explicit act on the entity page. (What is shared is the new *involvement*, which follows its
  incident; readers who cannot see the entity get the hit/no-hit line instead of its data.)
- Persons, organizations and addresses are always created: names are not identifiers, and DESIGN rule 4
  forbids merges. Matching links them later.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamkari.entities import keys
from hamkari.entities.models import (
    ENTITY_FIELDS, Address, BankAccount, DocumentKind, Gender, IdentityDocument, Involvement, InvolvementRole,
    NameKind, Organization, Person, PersonName, Phone, Vehicle,
)
from hamkari.incidents.models import DatePrecision
from hamkari.sharing.models import Accuracy, Handling, Reliability

KINDS = tuple(ENTITY_FIELDS)  # person, organization, vehicle, phone, document, account, address
IDENTIFIER_KINDS = ("vehicle", "phone", "document", "account")
MAX_ALIASES = 50

# The translated message of each keys.InvalidIdentifier code.
IDENTIFIER_MESSAGES = {
    "country_invalid": _("This is not a country code."),
    "control_characters": _("Remove the control characters (such as line breaks or invisible characters)."),
    "phone_empty": _("Enter a phone number."),
    "phone_invalid": _("This is not a possible phone number. Check the digits and the country code."),
    "phone_no_country": _("Add the country code (for example +93) or choose the country of the number."),
    "imei_empty": _("Enter an IMEI."),
    "imei_invalid": _("An IMEI has digits only."),
    "imei_length": _("An IMEI has 15 digits (14 without the check digit, 16 for an IMEISV)."),
    "imei_checksum": _("This IMEI's check digit is wrong: check the digits."),
    "document_empty": _("Enter the document number."),
    "document_invalid": _("A document number has letters and digits only."),
    "document_length": _("This document number is too long."),
    "document_kind": _("Choose the kind of document."),
    "plate_empty": _("Enter the plate."),
    "plate_length": _("This plate is too long."),
    "vin_empty": _("Enter the VIN."),
    "vin_length": _("A VIN has 17 characters."),
    "vin_invalid": _("A VIN has letters and digits only, and never I, O or Q."),
    "vin_checksum": _("This VIN's check digit (9th character) is wrong: check the characters."),
    "iban_empty": _("Enter the IBAN."),
    "iban_invalid": _("This is not an IBAN: check its country code and length."),
    "iban_checksum": _("This IBAN's check digits are wrong: check the characters."),
    "account_empty": _("Enter the account number."),
    "account_invalid": _("This is not an account number."),
}


def identifier_message(error: keys.InvalidIdentifier):
    return IDENTIFIER_MESSAGES.get(error.code, _("This identifier is not valid."))


# --- text checks ---------------------------------------------------------------------------------------------

# Control characters (NUL included: PostgreSQL text cannot hold it) and the bidi embeddings/overrides that can
# make a name display as something else. Joiners (ZWNJ is part of Persian spelling) and marks are allowed.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")
_FORBIDDEN_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")


class _Errors:
    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, name, message):
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _text(errors, data, name, max_length, *, required=False, multiline=False, label=None):
    """A text field stored as written (only surrounding white space removed), or None after an error."""
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            value = str(int(value))  # a spreadsheet cell holding 701234567 arrives as 701234567.0
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            errors.add(name, _("Enter text."))
            return None
    value = value.strip()
    if (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(value):
        errors.add(name, _("Remove the control characters (such as line breaks or invisible characters) from "
                           "this text."))
        return None
    if len(value) > max_length:
        errors.add(name, _("At most %(max)d characters (this text has %(count)d).")
                   % {"max": max_length, "count": len(value)})
        return None
    if required and not value:
        errors.add(name, _("This field is required."))
        return None
    return value


def _max(model, name):
    return model._meta.get_field(name).max_length


_country_codes: set[str] = set()


def _country(errors, data, name, *, fallback=None):
    """An ISO alpha-2 code of a known country (upper-cased), "" when empty, or None after an error."""
    from hamkari.tenancy.models import Country

    value = data.get(name)
    if value is None or value == "":
        value = fallback or ""
    if hasattr(value, "pk"):
        value = value.pk
    if not isinstance(value, str):
        errors.add(name, _("Choose a country."))
        return None
    code = value.strip().upper()
    if not code:
        return ""
    if code in _country_codes:
        return code
    # Known codes are cached for the life of the process: countries are reference data, and an importer calls
    # this for every row. Unknown codes are not cached, so a country added later is accepted.
    if len(code) == 2 and Country.objects.filter(pk=code).exists():
        _country_codes.add(code)
        return code
    errors.add(name, _("“%(value)s” is not a known country code.") % {"value": value[:10]})
    return None


def _choice(errors, data, name, choices, default):
    value = data.get(name)
    if value is None or value == "":
        return default
    value = str(value).strip().lower()
    if value not in choices:
        errors.add(name, _("Choose one of the listed values."))
        return None
    return value


_GENDER_WORDS = {"male": Gender.MALE, "man": Gender.MALE, "m": Gender.MALE, "female": Gender.FEMALE,
                 "woman": Gender.FEMALE, "f": Gender.FEMALE, "unknown": Gender.UNKNOWN, "u": Gender.UNKNOWN}


def _birth_date(errors, data):
    """(birth_date, precision): a date or "YYYY", "YYYY-MM", "YYYY-MM-DD"; month and year precision keep the
    first day of the period (as Incident.occurred_on does)."""
    value = data.get("birth_date")
    precision = data.get("birth_date_precision") or ""
    if value in (None, ""):
        return None, precision or DatePrecision.DAY
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = keys.ascii_digits(value.strip())
        try:
            if re.fullmatch(r"\d{4}", text):
                value, precision = dt.date(int(text), 1, 1), precision or DatePrecision.YEAR
            elif re.fullmatch(r"\d{4}-\d{1,2}", text):
                year, month = text.split("-")
                value, precision = dt.date(int(year), int(month), 1), precision or DatePrecision.MONTH
            else:
                value = dt.date.fromisoformat(text)
        except ValueError:
            errors.add("birth_date", _("Enter a real date as YYYY-MM-DD, YYYY-MM or YYYY."))
            return None, None
    if not isinstance(value, dt.date):
        errors.add("birth_date", _("Enter a date."))
        return None, None
    precision = precision or DatePrecision.DAY
    if precision not in DatePrecision.values:
        errors.add("birth_date_precision", _("Choose one of the listed values."))
        return None, None
    if precision == DatePrecision.MONTH:
        value = value.replace(day=1)
    elif precision == DatePrecision.YEAR:
        value = value.replace(month=1, day=1)
    if value > dt.date.today():
        errors.add("birth_date", _("A birth date cannot be in the future."))
    elif value.year < 1900:
        errors.add("birth_date", _("A birth date before 1900 is not plausible."))
    return value, precision


def _names(errors, data, name, max_length):
    value = data.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        errors.add(name, _("Enter a list of names."))
        return None
    if len(value) > MAX_ALIASES:
        errors.add(name, _("At most %(max)d other names.") % {"max": MAX_ALIASES})
        return None
    names, seen = [], set()
    for item in value:
        cleaned = _text(errors, {name: item}, name, max_length)
        if cleaned is None:
            return None
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            names.append(cleaned)
    return names


def _identifier(errors, name, func, *args):
    try:
        return func(*args)
    except keys.InvalidIdentifier as exc:
        errors.add(name, identifier_message(exc))
        return None


# --- clean_entity --------------------------------------------------------------------------------------------

def clean_entity(kind: str, data: dict, *, default_country: str | None = None) -> dict:
    """One entity's fields, validated and normalised, as model field names (countries under their attname).

    Identifier kinds get their canonical `key` too. Raises ValidationError({field: [message]}) with every
    problem of the entity at once. Idempotent: cleaning a cleaned dict gives the same dict.
    Optional on every kind: "reliability" and "accuracy" (the grading codes).
    """
    if kind not in KINDS:
        raise ValidationError({"kind": [_("Choose a kind of entity.")]})
    if not isinstance(data, dict):
        raise ValidationError({"__all__": [_("The entity's fields are missing.")]})
    errors = _Errors()
    out = _CLEANERS[kind](errors, data, default_country)
    for name, choices in (("reliability", Reliability.values), ("accuracy", Accuracy.values)):
        if data.get(name) not in (None, ""):
            value = str(data[name]).strip().upper()
            if value not in choices:
                errors.add(name, _("Choose one of the listed values."))
            out[name] = value
    errors.raise_if_any()
    for name in _COUNTRY_FIELDS:
        if out.get(name) == "":
            out[name] = None  # an empty foreign key is NULL
    return out


_COUNTRY_FIELDS = ("nationality_id", "country_id", "registration_country_id", "issuing_country_id")


def _clean_person(errors, data, default_country):
    out = {
        "name": _text(errors, data, "name", _max(Person, "name"), required=True),
        "father_name": _text(errors, data, "father_name", _max(Person, "father_name")),
        "birth_place": _text(errors, data, "birth_place", _max(Person, "birth_place")),
        "nationality_id": _country(errors, data, "nationality_id"),
        "aliases": _names(errors, data, "aliases", _max(PersonName, "name")),
        "transliterations": _names(errors, data, "transliterations", _max(PersonName, "name")),
    }
    gender = data.get("gender")
    gender = _GENDER_WORDS.get(str(gender).strip().lower(), gender) if gender not in (None, "") else ""
    out["gender"] = _choice(errors, {"gender": gender}, "gender", Gender.values, Gender.UNKNOWN)
    out["birth_date"], out["birth_date_precision"] = _birth_date(errors, data)
    return out


def _clean_organization(errors, data, default_country):
    return {
        "name": _text(errors, data, "name", _max(Organization, "name"), required=True),
        "aliases": _names(errors, data, "aliases", _max(Organization, "name")),
        "country_id": _country(errors, data, "country_id"),
        "registration_number": _text(errors, data, "registration_number",
                                     _max(Organization, "registration_number")),
    }


def _clean_vehicle(errors, data, default_country):
    out = {
        "plate": _text(errors, data, "plate", _max(Vehicle, "plate")),
        "registration_country_id": _country(errors, data, "registration_country_id"),
        "vin": _text(errors, data, "vin", 40),
        "make": _text(errors, data, "make", _max(Vehicle, "make")),
        "model": _text(errors, data, "model", _max(Vehicle, "model")),
    }
    if out["vin"]:
        out["vin"] = _identifier(errors, "vin", keys.vin, out["vin"])
    if out["plate"] and out["registration_country_id"] is not None:
        out["plate_key"] = _identifier(errors, "plate", keys.plate_key, out["plate"], out["registration_country_id"])
    if out["plate"] == "" and out["vin"] == "" and "plate" not in errors.errors and "vin" not in errors.errors:
        errors.add("plate", _("Enter the plate or the VIN."))
    if not errors.errors:
        out["key"] = out["plate_key"] if out["plate"] else keys.vin_key(out["vin"])
    out.pop("plate_key", None)
    return out


def _clean_phone(errors, data, default_country):
    out = {
        "number": _text(errors, data, "number", _max(Phone, "number")),
        "imei": _text(errors, data, "imei", 40),
    }
    e164 = _text(errors, data, "e164", 40)
    source = out["number"] or e164
    out["e164"] = _identifier(errors, "number", keys.phone, source, default_country) if source else ""
    if out["number"] == "" and out["e164"]:
        out["number"] = out["e164"]
    if out["imei"]:
        out["imei"] = _identifier(errors, "imei", keys.imei, out["imei"])
    if out["number"] == "" and out["imei"] == "" and not errors.errors:
        errors.add("number", _("Enter the phone number or the IMEI."))
    if not errors.errors:
        # The number is the key when there is one: it is what reports and call records carry. A handset
        # reported by IMEI only is keyed by its IMEI.
        out["key"] = keys.phone_key(out["e164"]) if out["e164"] else keys.imei_key(out["imei"])
    return out


def _clean_document(errors, data, default_country):
    out = {
        "kind": _choice(errors, data, "kind", DocumentKind.values, DocumentKind.PASSPORT),
        "number": _text(errors, data, "number", _max(IdentityDocument, "number"), required=True),
        "issuing_country_id": _country(errors, data, "issuing_country_id"),
    }
    if out["number"] and out["kind"] and out["issuing_country_id"] is not None:
        out["key"] = _identifier(errors, "number", keys.document_key, out["kind"], out["number"],
                                 out["issuing_country_id"])
    return out


def _clean_account(errors, data, default_country):
    out = {
        "iban": _text(errors, data, "iban", 80),
        "account_number": _text(errors, data, "account_number", _max(BankAccount, "account_number")),
        "bank_name": _text(errors, data, "bank_name", _max(BankAccount, "bank_name")),
        "country_id": _country(errors, data, "country_id"),
    }
    if out["iban"]:
        out["iban"] = _identifier(errors, "iban", keys.iban, out["iban"])
        if out["iban"] and out["country_id"] == "":
            # The IBAN says its country; take it when the country is known to the platform.
            out["country_id"] = _country(_Errors(), {"c": out["iban"][:2]}, "c") or ""
    if not out["iban"] and out["account_number"] and out["country_id"] is not None and "iban" not in errors.errors:
        out["key"] = _identifier(errors, "account_number", keys.account_key, out["account_number"],
                                 out["bank_name"] or "", out["country_id"])
    elif out["iban"]:
        out["key"] = keys.iban_key(out["iban"])
    if out["iban"] == "" and out["account_number"] == "" and not errors.errors:
        errors.add("iban", _("Enter the IBAN, or the account number with its bank and country."))
    return out


def _clean_address(errors, data, default_country):
    out = {
        "text": _text(errors, data, "text", _max(Address, "text"), required=True, multiline=True),
        "country_id": _country(errors, data, "country_id"),
    }
    place = data.get("place_id")
    if place not in (None, ""):
        from hamkari.places.models import Place

        try:
            place = int(place)
        except (TypeError, ValueError):
            place = None
        if place is None or not Place.objects.filter(pk=place).exists():
            errors.add("place_id", _("Choose a place of the gazetteer."))
        out["place_id"] = place
    else:
        out["place_id"] = None
    return out


_CLEANERS = {
    "person": _clean_person, "organization": _clean_organization, "vehicle": _clean_vehicle,
    "phone": _clean_phone, "document": _clean_document, "account": _clean_account, "address": _clean_address,
}


# --- entity_for ----------------------------------------------------------------------------------------------

@dataclass
class EntityResult:
    entity: object
    created: bool
    filled: list[str] = field(default_factory=list)  # empty fields of a reused record that were filled
    conflicts: dict[str, str] = field(default_factory=dict)  # field -> the new value that was NOT stored


# Fields that a reused identifier record may have filled, per kind.
_FILLABLE = {
    "vehicle": ("plate", "registration_country_id", "vin", "make", "model"),
    "phone": ("number", "e164", "imei"),
    "document": ("issuing_country_id",),
    "account": ("iban", "account_number", "bank_name", "country_id"),
}


def _lookup(model, kind, owner_agency, cleaned):
    """The agency's existing record for these identifiers: by key first, then by the other strong identifier
    (a vehicle first reported by plate and later with its VIN, a phone first by number and later by IMEI).
    One query however many identifiers there are: this runs for every row of an import."""
    others = [name for name in {"vehicle": ("vin",), "phone": ("e164", "imei")}.get(kind, ()) if cleaned.get(name)]
    cond = Q(key=cleaned["key"])
    for name in others:
        cond |= Q(**{name: cleaned[name]})
    candidates = list(model.objects.filter(cond, owner_agency=owner_agency).order_by("pk")[:20])
    tests = [lambda obj: obj.key == cleaned["key"]]
    for name in others:
        tests.append(lambda obj, name=name: getattr(obj, name) == cleaned[name] and _compatible(kind, name, obj,
                                                                                               cleaned))
    for test in tests:
        for obj in candidates:
            if test(obj):
                return obj
    return None


def _compatible(kind, name, obj, cleaned):
    """A phone record is a line (number) used in a handset (IMEI). Two numbers in one dual-SIM handset are two
    records, so the IMEI finds a record only when one side has no number: the handset reported alone, or a
    record known only by its IMEI that now gets its number."""
    if kind == "phone" and name == "imei":
        return not cleaned.get("e164") or not obj.e164
    return True


def _check_sharing(owner_agency, handling, sharing_group):
    if handling not in Handling.values:
        raise ValidationError({"handling": [_("Choose a handling code.")]})
    if handling == Handling.RESTRICTED and sharing_group is None:
        raise ValidationError({"sharing_group": [_("Restricted records need a sharing group.")]})
    if handling == Handling.RESTRICTED:
        # As sharing.services.set_handling: only a group of the owner's own country (or, for an international
        # body, its own group), since whoever manages the group decides who else sees the record.
        manager = sharing_group.owner_agency
        own = manager.pk == owner_agency.pk or (
            owner_agency.country_id is not None and manager.country_id == owner_agency.country_id)
        if not own:
            raise ValidationError({"sharing_group": [
                _("Choose a sharing group managed by an agency of your own country.")]})


def resolve_entity(kind: str, data: dict, *, owner_agency, handling: str, sharing_group=None, by=None,
                   default_country: str | None = None) -> EntityResult:
    """Create the entity, or reuse the agency's record with the same identifier key. See the module docstring.

    `default_country` is the country of national phone numbers; by default the owning agency's country.
    """
    _check_sharing(owner_agency, handling, sharing_group)
    if default_country is None:
        default_country = owner_agency.country_id
    cleaned = clean_entity(kind, data, default_country=default_country)
    model = ENTITY_FIELDS[kind]
    if kind in IDENTIFIER_KINDS:
        existing = _lookup(model, kind, owner_agency, cleaned)
        if existing is not None:
            return _fill(kind, existing, cleaned, by)
        try:
            with transaction.atomic():  # a savepoint: a concurrent insert of the same key must not break ours
                return EntityResult(_create(kind, model, cleaned, owner_agency, handling, sharing_group, by), True)
        except IntegrityError:
            existing = _lookup(model, kind, owner_agency, cleaned)
            if existing is None:
                raise
            return _fill(kind, existing, cleaned, by)
    return EntityResult(_create(kind, model, cleaned, owner_agency, handling, sharing_group, by), True)


def entity_for(kind: str, data: dict, *, owner_agency, handling: str, sharing_group=None, by=None,
               default_country: str | None = None):
    """The model instance for this entity: reused by key for identifier kinds, created otherwise."""
    return resolve_entity(kind, data, owner_agency=owner_agency, handling=handling, sharing_group=sharing_group,
                          by=by, default_country=default_country).entity


def _fill(kind, existing, cleaned, by) -> EntityResult:
    result = EntityResult(existing, False)
    for name in _FILLABLE[kind]:
        new = cleaned.get(name)
        if not new:
            continue
        old = getattr(existing, name)
        if not old:
            setattr(existing, name, new)
            result.filled.append(name)
        elif old != new and not _same_as_written(kind, name, existing, cleaned):
            result.conflicts[name] = new
    if result.filled:
        existing.updated_by = by
        existing.save(update_fields=[*result.filled, "updated_by", "updated_at"])
    return result


def _same_as_written(kind, name, existing, cleaned):
    """Fields "as written" differ harmlessly when they say the same thing: "070-123-4567" and "+93701234567"."""
    if kind == "phone" and name == "number":
        return existing.e164 == cleaned.get("e164")
    if kind == "vehicle" and name == "plate":
        try:
            return keys.plate(existing.plate) == keys.plate(cleaned["plate"])
        except keys.InvalidIdentifier:
            return False
    return False


def _create(kind, model, cleaned, owner_agency, handling, sharing_group, by):
    fields = {k: v for k, v in cleaned.items() if k not in ("aliases", "transliterations")}
    if kind == "organization":
        fields["aliases"] = cleaned["aliases"]
    if kind == "person":
        fields["script"] = keys.detect_script(cleaned["name"])
    obj = model(owner_agency=owner_agency, handling=handling, sharing_group=sharing_group, created_by=by,
                updated_by=by, **fields)
    obj.save()
    if kind == "person":
        _add_names(obj, cleaned)
    return obj


def _add_names(person, cleaned):
    rows, seen = [], {person.name.casefold()}

    def add(name, kind, generated=False):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            rows.append(PersonName(person=person, name=name[:300], kind=kind, script=keys.detect_script(name),
                                   generated=generated))

    for alias in cleaned["aliases"]:
        add(alias, NameKind.ALIAS)
    for translit in cleaned["transliterations"]:
        add(translit, NameKind.TRANSLITERATION)
    if person.script not in ("latin", ""):
        add(keys.latin_form(person.name), NameKind.TRANSLITERATION, generated=True)
    PersonName.objects.bulk_create(rows)


# --- involvements --------------------------------------------------------------------------------------------

def involvement_add(incident, kind: str, entity, role: str, *, note: str = "", by=None) -> Involvement:
    """Attach an entity to an incident in a role. The involvement's owner, handling and sharing group are the
    incident's: an involvement says "this entity was in this incident", which is the incident's information.

    The caller has checked that the user may see `entity` (it came from entity_for for the same agency, or
    through visible_to); the entity keeps its own handling.
    """
    if kind not in KINDS:
        raise ValidationError({"kind": [_("Choose a kind of entity.")]})
    if not isinstance(entity, ENTITY_FIELDS[kind]) or entity.pk is None:
        raise ValidationError({"kind": [_("The entity does not match its kind.")]})
    if role not in InvolvementRole.values:
        raise ValidationError({"role": [_("Choose one of the listed roles.")]})
    errors = _Errors()
    note = _text(errors, {"note": note}, "note", _max(Involvement, "note"))
    errors.raise_if_any()
    # The same entity in the same role twice (a phone typed twice in one report) is one involvement.
    existing = Involvement.objects.filter(incident=incident, role=role, **{kind: entity}).first()
    if existing is not None:
        if note and not existing.note:
            existing.note = note
            existing.updated_by = by
            existing.save(update_fields=["note", "updated_by", "updated_at"])
        return existing
    involvement = Involvement(incident=incident, role=role, note=note, owner_agency_id=incident.owner_agency_id,
                              handling=incident.handling, sharing_group_id=incident.sharing_group_id,
                              reliability=incident.reliability, accuracy=incident.accuracy, created_by=by,
                              updated_by=by, **{kind: entity})
    involvement.owner_agency = incident.owner_agency
    involvement.save()
    return involvement


def sync_involvements(incident) -> int:
    """Make the incident's involvements follow its owner, handling and sharing group again; call it whenever
    an incident's sharing changes. Returns the number of involvements updated."""
    sharing_group_id = incident.sharing_group_id if incident.handling == Handling.RESTRICTED else None
    return Involvement.objects.filter(incident=incident).update(
        owner_agency_id=incident.owner_agency_id, owner_country_id=incident.owner_country_id,
        handling=incident.handling, sharing_group_id=sharing_group_id)

