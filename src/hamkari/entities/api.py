"""API over persons, organizations, vehicles, phones, identity documents, bank accounts and addresses.

/entities/{kind} lists (with search and filters) and /entities/{kind}/{id} shows one record with the ids of the
visible incidents it appears in. Each kind has its own routes and schemas so that the OpenAPI document states
exactly what comes back. Everything is read through the chokepoint; an invisible record answers 404 exactly like
a missing one.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hamkari.api.common import (
    AgencyCode,
    CountryCode,
    HandlingCode,
    Limit,
    Offset,
    RecordId,
    RecordMeta,
    SearchText,
    audit_view,
    meta,
    page,
    responses,
)
from hamkari.entities import models as m
from hamkari.incidents.models import Incident
from hamkari.sharing.registry import get_spec
from hamkari.sharing.visibility import access

router = Router(tags=["entities"])
MAX_INCIDENT_IDS = 1000  # a detail lists at most this many incident ids (newest first), with the full count


# --- output schemas -------------------------------------------------------------------------------------------

class OtherName(Schema):
    name: str
    kind: str = Field(description="alias or translit (transliteration)")
    script: str


class PersonOut(RecordMeta):
    name: str = Field(description="the name as written, in its own script")
    script: str
    father_name: str
    birth_date: date | None
    birth_date_precision: str = Field(description="day, month or year")
    birth_place: str
    nationality: CountryCode | None
    gender: str = Field(description="m, f or u")


class OrganizationOut(RecordMeta):
    name: str
    aliases: list[str]
    country: CountryCode | None
    registration_number: str


class VehicleOut(RecordMeta):
    key: str = Field(description="canonical identifier (plate and country, or VIN)")
    plate: str
    registration_country: CountryCode | None
    vin: str
    make: str
    model: str


class PhoneOut(RecordMeta):
    key: str = Field(description="canonical identifier (E.164 number or IMEI)")
    number: str
    e164: str
    imei: str


class DocumentOut(RecordMeta):
    key: str = Field(description="canonical identifier (kind, number and issuing country)")
    kind: str
    number: str
    issuing_country: CountryCode | None


class AccountOut(RecordMeta):
    key: str = Field(description="canonical identifier (IBAN, or number, bank and country)")
    iban: str
    account_number: str
    bank_name: str
    country: CountryCode | None


class AddressOut(RecordMeta):
    text: str
    country: CountryCode | None
    place: int | None = Field(description="gazetteer place id")


class Appearances(Schema):
    incident_count: int = Field(description="visible incidents the record appears in")
    incidents: list[int] = Field(description=f"their ids, newest first, at most {MAX_INCIDENT_IDS}")


class PersonDetail(PersonOut, Appearances):
    other_names: list[OtherName]


class OrganizationDetail(OrganizationOut, Appearances):
    pass


class VehicleDetail(VehicleOut, Appearances):
    pass


class PhoneDetail(PhoneOut, Appearances):
    pass


class DocumentDetail(DocumentOut, Appearances):
    pass


class AccountDetail(AccountOut, Appearances):
    pass


class AddressDetail(AddressOut, Appearances):
    pass


def _page_schema(name, item):
    return type(name, (Schema,), {"__annotations__": {"count": int, "limit": int, "offset": int,
                                                      "results": list[item]}})


# --- converting records ---------------------------------------------------------------------------------------

def _person(o):
    return {**meta(o), "name": o.name, "script": o.script, "father_name": o.father_name, "birth_date": o.birth_date,
            "birth_date_precision": o.birth_date_precision, "birth_place": o.birth_place,
            "nationality": o.nationality_id, "gender": o.gender}


def _organization(o):
    aliases = o.aliases if isinstance(o.aliases, list) else []
    return {**meta(o), "name": o.name, "aliases": [str(a) for a in aliases], "country": o.country_id,
            "registration_number": o.registration_number}


def _vehicle(o):
    return {**meta(o), "key": o.key, "plate": o.plate, "registration_country": o.registration_country_id,
            "vin": o.vin, "make": o.make, "model": o.model}


def _phone(o):
    return {**meta(o), "key": o.key, "number": o.number, "e164": o.e164, "imei": o.imei}


def _document(o):
    return {**meta(o), "key": o.key, "kind": o.kind, "number": o.number, "issuing_country": o.issuing_country_id}


def _account(o):
    return {**meta(o), "key": o.key, "iban": o.iban, "account_number": o.account_number, "bank_name": o.bank_name,
            "country": o.country_id}


def _address(o):
    return {**meta(o), "text": o.text, "country": o.country_id, "place": o.place_id}


@dataclass(frozen=True)
class Kind:
    """One entity kind of the API: its path word, model, involvement field, schemas and converter."""

    word: str
    model: type
    slug: str  # registry slug (search fields)
    out: type
    detail: type
    convert: object
    country_field: str | None = None  # what ?country= filters on


KINDS = [
    Kind("person", m.Person, "persons", PersonOut, PersonDetail, _person, "nationality"),
    Kind("organization", m.Organization, "organizations", OrganizationOut, OrganizationDetail, _organization,
         "country"),
    Kind("vehicle", m.Vehicle, "vehicles", VehicleOut, VehicleDetail, _vehicle, "registration_country"),
    Kind("phone", m.Phone, "phones", PhoneOut, PhoneDetail, _phone, None),
    Kind("document", m.IdentityDocument, "documents", DocumentOut, DocumentDetail, _document, "issuing_country"),
    Kind("account", m.BankAccount, "accounts", AccountOut, AccountDetail, _account, "country"),
    Kind("address", m.Address, "addresses", AddressOut, AddressDetail, _address, "country"),
]
assert {k.word for k in KINDS} == set(m.ENTITY_FIELDS)


class EntityFilters(Schema):
    q: SearchText = Field("", description="words in the name, number or other searchable text")
    owner_agency: AgencyCode | None = None
    handling: HandlingCode | None = None
    country: CountryCode | None = Field(None, description="nationality, registration or issuing country")
    limit: Limit = 50
    offset: Offset = 0


def appearances(user, kind: Kind, obj) -> dict:
    """Visible incidents the record appears in (through visible involvements: both follow the incident)."""
    from hamkari.entities.models import Involvement

    involved = Involvement.objects.visible_to(user).filter(**{kind.word: obj}).values("incident_id")
    qs = Incident.objects.visible_to(user).filter(pk__in=involved).order_by("-occurred_on", "-id")
    ids = list(qs.values_list("pk", flat=True)[:MAX_INCIDENT_IDS])
    return {"incident_count": len(ids) if len(ids) < MAX_INCIDENT_IDS else qs.count(), "incidents": ids}


def _search(kind: Kind, user, f: EntityFilters):
    qs = kind.model.objects.visible_to(user).select_related("owner_agency")
    words = f.q.strip()
    if words:
        cond = Q()
        for field in get_spec(kind.slug).search_fields:
            cond |= Q(**{f"{field}__icontains": words})
        qs = qs.filter(cond)
    if f.owner_agency:
        qs = qs.filter(owner_agency__code=f.owner_agency)
    if f.handling:
        qs = qs.filter(handling=f.handling)
    if f.country and kind.country_field:
        qs = qs.filter(**{f"{kind.country_field}_id": f.country})
    return qs.order_by("-created_at", "-pk")


def _add_routes(kind: Kind):
    page_schema = _page_schema(f"{kind.model.__name__}Page", kind.out)

    def entity_list(request, filters: Query[EntityFilters]):
        qs = _search(kind, request.user, filters)
        return page(request, qs, limit=filters.limit, offset=filters.offset, convert=kind.convert,
                    object_type=kind.model._meta.label_lower, query=filters.dict(exclude={"limit", "offset"}))

    def entity_detail(request, id: RecordId):
        obj = access(kind.model, request.user, id)
        out = {**kind.convert(obj), **appearances(request.user, kind, obj)}
        if kind.word == "person":
            out["other_names"] = [{"name": n.name, "kind": n.kind, "script": n.script}
                                  for n in obj.other_names.all()]
        audit_view(request, obj)
        return out

    plural = str(kind.model._meta.verbose_name_plural)
    router.get(f"/{kind.word}", response=responses({200: page_schema}), operation_id=f"list_{kind.word}",
               summary=f"List {plural}", description=f"{plural.capitalize()} you may see, newest first."
               )(entity_list)
    router.get(f"/{kind.word}/{{id}}", response=responses({200: kind.detail}, 404),
               operation_id=f"get_{kind.word}", summary=f"One {kind.model._meta.verbose_name}",
               description="With the ids of the visible incidents it appears in. A record you may not see "
                           "answers 404, exactly like one that does not exist.")(entity_detail)


for _kind in KINDS:
    _add_routes(_kind)


def _unknown_kind(request, kind: str):
    return JsonResponse({"detail": _("Unknown kind of entity. Use one of: %(kinds)s.")
                         % {"kinds": ", ".join(k.word for k in KINDS)}}, status=404)


def _unknown_kind_detail(request, kind: str, id: str):
    return _unknown_kind(request, kind)


# Any other word answers a JSON 404 naming the kinds (after the real routes, so it never shadows them).
router.get("/{kind}", include_in_schema=False)(_unknown_kind)
router.get("/{kind}/{id}", include_in_schema=False)(_unknown_kind_detail)
