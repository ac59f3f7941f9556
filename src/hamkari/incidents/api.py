"""API over incidents and their seizure lines: list (filters, paging), report (with seizure lines, route and
involved entities), read, change, history.

Reads go through `Incident.objects.visible_to` / `access()` (the selectors do the filtering); an invisible
incident answers 404 exactly like a missing one. Writes go through `incidents.services`, which check the role,
the agency and the values, keep the edit history and write the audit trail.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Union
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import ConfigDict

from hamkari.api.common import (
    MAX_ID,
    AgencyCode,
    CountryCode,
    Limit,
    Offset,
    RecordId,
    RecordMeta,
    SearchText,
    Text,
    audit_view,
    drop_null_defaults,
    meta,
    omittable,
    page,
    responses,
)
from hamkari.entities.models import InvolvementRole
from hamkari.incidents import models as m
from hamkari.incidents import selectors, services
from hamkari.incidents.vocab import substances as vocab
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, Handling
from hamkari.sharing.visibility import access

incidents_router = Router(tags=["incidents"])
seizures_router = Router(tags=["seizures"])


def _enum(choices):
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


HandlingEnum = _enum(Handling)
CrimeAreaEnum = _enum(m.CrimeArea)
DatePrecisionEnum = _enum(m.DatePrecision)
GeoPrecisionEnum = _enum(m.GeoPrecision)
LocationTypeEnum = _enum(m.LocationType)
TransportEnum = _enum(m.TransportMode)
ConcealmentEnum = _enum(m.Concealment)
SourceTypeEnum = _enum(m.SourceType)
VerificationEnum = _enum(m.Verification)
UnitEnum = _enum(m.Unit)
RoleEnum = _enum(InvolvementRole)
ReliabilityEnum = Literal["A", "B", "C", "X"]
AccuracyEnum = Literal["1", "2", "3", "4"]
SubstanceGroupEnum = Literal[tuple(vocab.GROUPS)]  # type: ignore[valid-type]
PlaceId = Annotated[int, Field(ge=1, le=MAX_ID)]
SubstanceName = Annotated[Text, Field(min_length=1, max_length=200, description=(
    "a vocabulary code (e.g. heroin, cannabis_resin, methamphetamine) or any spelling of it: English, UNODC, "
    "Russian, Dari, Farsi, Pashto, Urdu; an unknown name is refused with the nearest ones"))]


def substance_code(name: str) -> str:
    """The vocabulary code of `name`, or 400 with the nearest substances."""
    found = vocab.lookup(name)
    if found is not None:
        return found.code
    near = vocab.suggest(name)
    hint = (" " + _("Did you mean: %(names)s?") % {"names": ", ".join(f"{s.name} ({s.code})" for s in near)}
            if near else "")
    raise HttpError(400, _("Unknown substance “%(name)s”.") % {"name": name[:100]} + hint)


# --- output schemas -------------------------------------------------------------------------------------------

class SeizureLine(Schema):
    id: int
    position: int
    substance: str = Field(description="vocabulary code")
    substance_group: str
    drug_name_as_reported: str
    amount: Decimal
    unit: str
    purity: Decimal | None = Field(description="per cent")
    price: Decimal | None
    currency: str
    amount_kg: Decimal | None = Field(description="kilogram equivalent by the documented conversion rule")
    conversion_rule: str


class SeizureOut(RecordMeta, SeizureLine):
    incident: int = Field(description="id of the incident")


class IncidentOut(RecordMeta):
    national_reference: str
    occurred_on: date | None = Field(description="with month or year precision, the first day of the period")
    date_precision: str
    country: CountryCode | None = Field(description="where it happened")
    admin1: str
    admin2: str
    place_name: str = Field(description="as written, in any script")
    place: int | None = Field(description="gazetteer place id")
    latitude: float | None
    longitude: float | None
    geo_precision: str
    location_type: str
    border_crossing: int | None = Field(description="gazetteer id of the border crossing point")
    crime_area: str
    producing_country: CountryCode | None
    departure_country: CountryCode | None
    destination_country: CountryCode | None
    transport_mode: str
    conveyance: str
    concealment: str
    concealment_detail: str
    persons_arrested: int | None
    source_type: str
    verification: str
    possible_duplicate: bool
    version: int
    seizures: list[SeizureLine]


class InvolvementOut(Schema):
    id: int
    role: str
    note: str
    kind: str = Field(description="person, organization, vehicle, phone, document, account or address")
    entity_id: int | None = Field(description="null when you may not see the entity")
    label: str | None = Field(description="the entity's name or identifier; null when you may not see it")
    held_by: str | None = Field(description="for an entity you may not see: the agency that holds it")


class IncidentDetail(IncidentOut):
    narrative: str
    transits: list[CountryCode] = Field(description="transit countries of the route, in order")
    sharing_group: UUID | None
    involvements: list[InvolvementOut]
    source_values: dict[str, str] = Field(description="values as they came from an imported file")


class IncidentPage(Schema):
    count: int = Field(description="incidents matching; at most 1000 are counted (see count_capped)")
    count_capped: bool = Field(description="true when more than `count` incidents match")
    limit: int
    next_cursor: str | None = Field(description="pass as `cursor` for the next page (keyset paging)")
    results: list[IncidentOut]


class SeizurePage(Schema):
    count: int
    limit: int
    offset: int
    results: list[SeizureOut]


class VersionOut(Schema):
    version: int
    changed_at: datetime
    changed_by: str | None = Field(description="username, shown to the owning agency only")
    changes: dict[str, list[Any]] = Field(description="field: [before, after]")


class HistoryOut(Schema):
    id: int = Field(description="the incident's id")
    count: int
    results: list[VersionOut]


class IncidentSeizures(SeizurePage):
    id: int = Field(description="the incident's id")


# --- conversion -----------------------------------------------------------------------------------------------

def seizure_line(s) -> dict:
    return {"id": s.pk, "position": s.position, "substance": s.substance, "substance_group": s.substance_group,
            "drug_name_as_reported": s.drug_name_as_reported, "amount": s.amount, "unit": s.unit,
            "purity": s.purity, "price": s.price, "currency": s.currency, "amount_kg": s.amount_kg,
            "conversion_rule": s.conversion_rule}


def seizure_out(s) -> dict:
    return {**meta(s), **seizure_line(s), "incident": s.incident_id}


def incident_out(i, seizures=None) -> dict:
    if seizures is None:
        seizures = i.seizures.all()  # prefetched through the chokepoint by the selectors
    return {
        **meta(i), "national_reference": i.national_reference, "occurred_on": i.occurred_on,
        "date_precision": i.date_precision, "country": i.country_id, "admin1": i.admin1, "admin2": i.admin2,
        "place_name": i.place_name, "place": i.place_id, "latitude": i.latitude, "longitude": i.longitude,
        "geo_precision": i.geo_precision, "location_type": i.location_type, "border_crossing": i.border_crossing_id,
        "crime_area": i.crime_area, "producing_country": i.producing_country_id,
        "departure_country": i.departure_country_id, "destination_country": i.destination_country_id,
        "transport_mode": i.transport_mode, "conveyance": i.conveyance, "concealment": i.concealment,
        "concealment_detail": i.concealment_detail, "persons_arrested": i.persons_arrested,
        "source_type": i.source_type, "verification": i.verification, "possible_duplicate": i.possible_duplicate,
        "version": i.version, "seizures": [seizure_line(s) for s in seizures],
    }


def incident_detail(incident, user) -> dict:
    seizures, transits, rows = selectors.incident_for_detail(incident, user)
    values = incident.source_values if isinstance(incident.source_values, dict) else {}
    return {
        **incident_out(incident, seizures), "narrative": incident.narrative,
        "transits": [t.country_id for t in transits],
        "sharing_group": incident.sharing_group.uuid if incident.sharing_group_id else None,
        "involvements": [_involvement(row) for row in rows],
        "source_values": {str(k): "" if v is None else str(v) for k, v in values.items()},
    }


def _involvement(row) -> dict:
    inv = row.involvement
    return {"id": inv.pk, "role": inv.role, "note": inv.note, "kind": row.kind,
            "entity_id": row.entity_id if row.entity is not None else None,
            "label": str(row.entity) if row.entity is not None else None,
            "held_by": row.held_agency.code if row.entity is None and row.held_agency is not None else None}


# --- input schemas --------------------------------------------------------------------------------------------

class Input(Schema):
    """Request bodies refuse fields they do not know: a misspelt field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=drop_null_defaults)


Short = Annotated[Text, Field(max_length=200)]


class SeizureIn(Input):
    substance: SubstanceName
    drug_name_as_reported: Annotated[Text, Field(max_length=200)] = ""
    amount: Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=4, description=(
        "greater than zero and below the largest plausible seizure of its unit"))]
    unit: UnitEnum
    purity: Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2)] | None = None
    price: Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)] | None = None
    currency: Annotated[str, Field(pattern=r"^([A-Za-z]{3})?$")] = ""

    def service_data(self) -> dict:
        data = self.dict(exclude_unset=False)
        data["substance"] = substance_code(self.substance)
        if not self.drug_name_as_reported and data["substance"] != self.substance:
            data["drug_name_as_reported"] = self.substance
        return data


class SeizureChange(SeizureIn):
    id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(
        None, description="id of an existing line of this incident, to change it in place")

    def service_data(self) -> dict:
        data = super().service_data()
        if self.id is None:
            data.pop("id", None)
        return data


class PersonIn(Input):
    name: Annotated[Text, Field(min_length=1, max_length=300)]
    father_name: Annotated[Text, Field(max_length=200)] = ""
    birth_date: Annotated[str, Field(pattern=r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$",
                                     description="YYYY-MM-DD, YYYY-MM or YYYY")] | None = None
    birth_place: Annotated[Text, Field(max_length=200)] = ""
    nationality: CountryCode | None = None
    gender: Literal["m", "f", "u"] = "u"
    aliases: Annotated[list[Annotated[Text, Field(max_length=300)]], Field(max_length=50)] = []
    transliterations: Annotated[list[Annotated[Text, Field(max_length=300)]], Field(max_length=50)] = []


class OrganizationIn(Input):
    name: Annotated[Text, Field(min_length=1, max_length=300)]
    aliases: Annotated[list[Annotated[Text, Field(max_length=300)]], Field(max_length=50)] = []
    country: CountryCode | None = None
    registration_number: Annotated[Text, Field(max_length=100)] = ""


class VehicleIn(Input):
    plate: Annotated[Text, Field(max_length=40)] = ""
    registration_country: CountryCode | None = None
    vin: Annotated[Text, Field(max_length=40)] = ""
    make: Annotated[Text, Field(max_length=60)] = ""
    model: Annotated[Text, Field(max_length=60)] = ""


class PhoneIn(Input):
    number: Annotated[Text, Field(max_length=40)] = ""
    imei: Annotated[Text, Field(max_length=40)] = ""


class DocumentIn(Input):
    kind: Literal["passport", "national_id", "driving_licence", "residence_permit", "tazkira", "other"] = "passport"
    number: Annotated[Text, Field(min_length=1, max_length=60)]
    issuing_country: CountryCode | None = None


class AccountIn(Input):
    iban: Annotated[Text, Field(max_length=80)] = ""
    account_number: Annotated[Text, Field(max_length=60)] = ""
    bank_name: Annotated[Text, Field(max_length=200)] = ""
    country: CountryCode | None = None


class AddressIn(Input):
    text: Annotated[Text, Field(min_length=1, max_length=500)]
    country: CountryCode | None = None
    place: PlaceId | None = None


# API field name -> the services' (model attname) name.
_ENTITY_RENAMES = {"nationality": "nationality_id", "country": "country_id",
                   "registration_country": "registration_country_id", "issuing_country": "issuing_country_id",
                   "place": "place_id"}


def _entity_data(schema: Schema) -> dict:
    return {_ENTITY_RENAMES.get(k, k): ("" if v is None and k != "place" else v)
            for k, v in schema.dict().items()}


class _NewInvolvement(Input):
    role: RoleEnum
    note: Annotated[Text, Field(max_length=300)] = ""

    def service_data(self) -> dict:
        return {"kind": self.kind, "role": self.role, "note": self.note, "data": _entity_data(self.entity)}


class PersonInvolvement(_NewInvolvement):
    kind: Literal["person"]
    entity: PersonIn


class OrganizationInvolvement(_NewInvolvement):
    kind: Literal["organization"]
    entity: OrganizationIn


class VehicleInvolvement(_NewInvolvement):
    kind: Literal["vehicle"]
    entity: VehicleIn


class PhoneInvolvement(_NewInvolvement):
    kind: Literal["phone"]
    entity: PhoneIn


class DocumentInvolvement(_NewInvolvement):
    kind: Literal["document"]
    entity: DocumentIn


class AccountInvolvement(_NewInvolvement):
    kind: Literal["account"]
    entity: AccountIn


class AddressInvolvement(_NewInvolvement):
    kind: Literal["address"]
    entity: AddressIn


NewInvolvement = Annotated[
    Union[PersonInvolvement, OrganizationInvolvement, VehicleInvolvement, PhoneInvolvement, DocumentInvolvement,
          AccountInvolvement, AddressInvolvement],
    Field(discriminator="kind")]


class KeptInvolvement(Input):
    """An involvement the incident already has, kept (its role and note may change)."""

    id: Annotated[int, Field(ge=1, le=MAX_ID)]
    role: RoleEnum | None = None
    note: Annotated[Text, Field(max_length=300)] | None = None

    def service_data(self) -> dict:
        return self.dict(exclude_none=True)


class _IncidentFields(Input):
    """The incident's own fields, as the report form has them."""

    national_reference: Annotated[Text, Field(max_length=100)] = ""
    occurred_on: date | None = None
    date_precision: DatePrecisionEnum = "day"
    country: CountryCode | None = None
    admin1: Short = ""
    admin2: Short = ""
    place_name: Annotated[Text, Field(max_length=200, description="in any script; geocoded when "
                                                                  "neither place nor coordinates are given")] = ""
    place: PlaceId | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    geo_precision: GeoPrecisionEnum = "country"
    location_type: LocationTypeEnum = "unknown"
    border_crossing: PlaceId | None = None
    crime_area: CrimeAreaEnum = "drugs"
    narrative: Annotated[Text, Field(max_length=20000)] = ""
    producing_country: CountryCode | None = None
    departure_country: CountryCode | None = None
    destination_country: CountryCode | None = None
    transport_mode: TransportEnum = "unknown"
    conveyance: Short = ""
    concealment: ConcealmentEnum = "unknown"
    concealment_detail: Annotated[Text, Field(max_length=300)] = ""
    persons_arrested: Annotated[int, Field(ge=0, le=100000)] | None = None
    source_type: SourceTypeEnum = "seizure_report"
    verification: VerificationEnum = "unverified"


# API name -> Incident attname, for the fields that are foreign keys.
_INCIDENT_RENAMES = {"country": "country_id", "place": "place_id", "border_crossing": "border_crossing_id",
                     "producing_country": "producing_country_id", "departure_country": "departure_country_id",
                     "destination_country": "destination_country_id"}
_NULLABLE = {"occurred_on", "latitude", "longitude", "persons_arrested", *_INCIDENT_RENAMES}


def _incident_data(values: dict) -> dict:
    data = {}
    for key, value in values.items():
        if key not in _IncidentFields.model_fields:
            continue
        if value is None and key not in _NULLABLE:
            value = ""  # text fields: null means empty
        data[_INCIDENT_RENAMES.get(key, key)] = value
    return data


Transits = Annotated[list[CountryCode], Field(max_length=30, description="transit countries, in order")]


class IncidentIn(_IncidentFields):
    handling: HandlingEnum = "national"
    sharing_group: UUID | None = Field(None, description="required with the restricted handling code")
    reliability: ReliabilityEnum = "X"
    accuracy: AccuracyEnum = "4"
    seizures: Annotated[list[SeizureIn], Field(max_length=100)] = []
    transits: Transits = []
    involvements: Annotated[list[NewInvolvement], Field(max_length=200)] = []


class IncidentPatch(Input):
    """Only the fields sent change. `seizures`, `transits` and `involvements`, when sent, replace the whole
    list: send the id of an existing seizure line or involvement to keep (and change) it."""

    version: Annotated[int, Field(ge=1, le=2**31 - 1)] = omittable(
        description="the version you read; the change is refused with 409 if the incident changed since")
    national_reference: Annotated[Text, Field(max_length=100)] = omittable()
    occurred_on: date | None = None
    date_precision: DatePrecisionEnum = omittable()
    country: CountryCode | None = None
    admin1: Short = omittable()
    admin2: Short = omittable()
    place_name: Annotated[Text, Field(max_length=200)] = omittable()
    place: PlaceId | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    geo_precision: GeoPrecisionEnum = omittable()
    location_type: LocationTypeEnum = omittable()
    border_crossing: PlaceId | None = None
    crime_area: CrimeAreaEnum = omittable()
    narrative: Annotated[Text, Field(max_length=20000)] = omittable()
    producing_country: CountryCode | None = None
    departure_country: CountryCode | None = None
    destination_country: CountryCode | None = None
    transport_mode: TransportEnum = omittable()
    conveyance: Short = omittable()
    concealment: ConcealmentEnum = omittable()
    concealment_detail: Annotated[Text, Field(max_length=300)] = omittable()
    persons_arrested: Annotated[int, Field(ge=0, le=100000)] | None = None
    source_type: SourceTypeEnum = omittable()
    verification: VerificationEnum = omittable()
    handling: HandlingEnum = omittable()
    sharing_group: UUID | None = None
    reliability: ReliabilityEnum = omittable()
    accuracy: AccuracyEnum = omittable()
    seizures: Annotated[list[SeizureChange], Field(max_length=100)] = omittable()
    transits: Transits = omittable()
    involvements: Annotated[list[Union[KeptInvolvement, NewInvolvement]], Field(max_length=200)] = omittable()


def _sharing_group(user, uuid):
    """A sharing group the user's agency may use, by uuid; 400 for any other (without saying whether it exists)."""
    from hamkari.sharing.selectors import groups_visible_to

    if uuid is None:
        return None
    group = groups_visible_to(user).filter(uuid=uuid).first()
    if group is None:
        raise HttpError(400, _("Unknown sharing group."))
    return group


def _service_errors(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        parts = [f"{field}: {' '.join(str(m) for m in msgs)}" if field != "__all__" else " ".join(map(str, msgs))
                 for field, msgs in exc.message_dict.items()]
    else:
        parts = [str(m) for m in exc.messages]
    raise HttpError(400, "; ".join(parts)) from None


# --- filters --------------------------------------------------------------------------------------------------

class IncidentFilters(Schema):
    country: CountryCode | None = Field(None, description="where the incident happened")
    substance: SubstanceName | None = None
    substance_group: SubstanceGroupEnum | None = None
    crime_area: CrimeAreaEnum | None = None
    date_from: date | None = None
    date_to: date | None = None
    handling: HandlingEnum | None = None
    owner_agency: AgencyCode | None = None
    transport: TransportEnum | None = None
    q: SearchText = Field("", description="words in the national reference, place or province")

    def selector_filters(self) -> dict:
        data = self.dict(exclude_none=True)
        if "substance" in data:
            data["substance"] = substance_code(data["substance"])
        return data


class IncidentPaging(Schema):
    limit: Limit = 50
    cursor: Annotated[str, Field(pattern=r"^(\d{4}-\d{2}-\d{2}|none)_\d{1,18}$", description=(
        "next_cursor of the previous page (keyset paging: the last page costs what the first does)"))] | None = None


def _writer(request):
    """The user, when they belong to an active agency: an inactive agency's users read nothing and write nothing
    (a token of theirs is refused already; a browser session is stopped here)."""
    user = request.user
    if user.agency_id is None or not user.agency.is_active:
        raise HttpError(403, _("Your account belongs to no active agency."))
    return user


def _real_cursor(cursor: str) -> bool:
    """The pattern checked the shape ("YYYY-MM-DD_ID" or "none_ID"); the date must also exist."""
    day = cursor.partition("_")[0]
    if day == "none":
        return True
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


# --- incident routes ------------------------------------------------------------------------------------------

@incidents_router.get("", response=responses({200: IncidentPage}), summary="List incidents",
                      description="Incidents you may see, newest first (undated last), `limit` at a time (at "
                                  "most 500); pass `next_cursor` as `cursor` for the next page.")
def incident_list(request, filters: Query[IncidentFilters], paging: Query[IncidentPaging]):
    query = filters.selector_filters()
    if paging.cursor is not None and not _real_cursor(paging.cursor):
        raise HttpError(400, _("This cursor is not valid; use next_cursor from a previous page."))
    result = selectors.incident_page(request.user, query, after=paging.cursor, size=paging.limit)
    audit.record(AuditAction.SEARCH, actor=request.user, request=request, object_type="incidents.incident",
                 detail={"query": {k: str(v) for k, v in query.items()}, "cursor": paging.cursor or "",
                         "rows": len(result.items), "via": "api"})
    return {"count": result.count, "count_capped": result.count_capped, "limit": paging.limit,
            "next_cursor": result.next_cursor, "results": [incident_out(i) for i in result.items]}


@incidents_router.post("", response=responses({201: IncidentDetail}), summary="Report an incident",
                       description="With its seizure lines, transit countries and involved entities, all or "
                                   "nothing. Needs a write token and a role that reports records.")
def incident_create(request, payload: IncidentIn):
    user = _writer(request)
    data = _incident_data(payload.dict(exclude={"handling", "sharing_group", "reliability", "accuracy", "seizures",
                                                "transits", "involvements"}))
    try:
        incident = services.incident_create(
            by=user, agency=user.agency, handling=payload.handling,
            sharing_group=_sharing_group(user, payload.sharing_group), data=data,
            seizures=[s.service_data() for s in payload.seizures], transits=list(payload.transits),
            involvements=[i.service_data() for i in payload.involvements],
            reliability=payload.reliability, accuracy=payload.accuracy)
    except ValidationError as exc:
        _service_errors(exc)
    incident = access(m.Incident, user, incident.pk)
    return Status(201, incident_detail(incident, user))


@incidents_router.get("/{id}", response=responses({200: IncidentDetail}, 404), summary="One incident",
                      description="A record you may not see answers 404, exactly like one that does not exist.")
def incident_get(request, id: RecordId):
    incident = access(m.Incident, request.user, id)
    audit_view(request, incident)
    return incident_detail(incident, request.user)


@incidents_router.patch("/{id}", response=responses({200: IncidentDetail}, 404, 409), summary="Change an incident",
                        description="Only your agency's incidents, with a role that may change them (403 "
                                    "otherwise). Each change makes a new version in the history.")
def incident_update(request, id: RecordId, payload: IncidentPatch):
    user = _writer(request)
    incident = access(m.Incident, user, id, write=True)
    sent = payload.model_fields_set
    if payload.version is not None and payload.version != incident.version:
        raise HttpError(409, _("The incident changed since you read it (now version %(version)d): read it again.")
                        % {"version": incident.version})
    data = _incident_data({name: getattr(payload, name) for name in sent})
    for name in ("handling", "reliability", "accuracy"):
        if name in sent:
            data[name] = getattr(payload, name)
    if "sharing_group" in sent:
        group = _sharing_group(user, payload.sharing_group)
        data["sharing_group_id"] = group.pk if group else None
    try:
        services.incident_update(
            incident, by=user, data=data,
            seizures=[s.service_data() for s in payload.seizures] if "seizures" in sent else None,
            transits=list(payload.transits) if "transits" in sent else None,
            involvements=[i.service_data() for i in payload.involvements] if "involvements" in sent else None)
    except ValidationError as exc:
        _service_errors(exc)
    incident = access(m.Incident, user, id)
    return incident_detail(incident, user)


@incidents_router.get("/{id}/seizures", response=responses({200: IncidentSeizures}, 404),
                      summary="The seizure lines of an incident")
def incident_seizures(request, id: RecordId, limit: Limit = 100, offset: Offset = 0):
    incident = access(m.Incident, request.user, id)
    qs = (m.Seizure.objects.visible_to(request.user).filter(incident=incident).select_related("owner_agency")
          .order_by("position", "id"))
    return {"id": incident.pk, **page(request, qs, limit=limit, offset=offset, convert=seizure_out,
                                      object_type="incidents.seizure", query={"incident": incident.pk})}


@incidents_router.get("/{id}/history", response=responses({200: HistoryOut}, 404),
                      summary="The versions of an incident, newest first")
def incident_history(request, id: RecordId):
    user = request.user
    incident = access(m.Incident, user, id)
    own = user.agency_id == incident.owner_agency_id
    versions = list(selectors.incident_versions(incident)[:500])
    audit_view(request, incident, part="history")
    return {"id": incident.pk, "count": len(versions), "results": [_version(v, own) for v in versions]}


# Who else is involved and which group a record is shared with are the owner's to know: another agency sees
# that these changed, not the values (the involvements themselves it reads through the incident's detail).
_OWNER_ONLY_CHANGES = ("involvements", "sharing_group_id", "owner_agency_id")


def _version(v, own: bool) -> dict:
    changes = v.changes if isinstance(v.changes, dict) else {}
    out = {}
    for key, pair in changes.items():
        pair = list(pair) if isinstance(pair, (list, tuple)) else [None, pair]
        out[str(key)] = pair if own or key not in _OWNER_ONLY_CHANGES else [None, None]
    return {"version": v.version, "changed_at": v.changed_at,
            "changed_by": v.changed_by.username if own and v.changed_by_id else None, "changes": out}


# --- seizure routes -------------------------------------------------------------------------------------------

class SeizureFilters(Schema):
    substance: SubstanceName | None = None
    substance_group: SubstanceGroupEnum | None = None
    unit: UnitEnum | None = None
    country: CountryCode | None = Field(None, description="where the incident happened")
    date_from: date | None = Field(None, description="incident date from")
    date_to: date | None = Field(None, description="incident date to")
    handling: HandlingEnum | None = None
    owner_agency: AgencyCode | None = None
    incident: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    limit: Limit = 50
    offset: Offset = 0


@seizures_router.get("", response=responses({200: SeizurePage}), summary="List seizure lines",
                     description="Seizure lines you may see, newest incident first.")
def seizure_list(request, filters: Query[SeizureFilters]):
    qs = m.Seizure.objects.visible_to(request.user).select_related("owner_agency")
    if filters.substance:
        qs = qs.filter(substance=substance_code(filters.substance))
    if filters.substance_group:
        qs = qs.filter(substance_group=filters.substance_group)
    if filters.unit:
        qs = qs.filter(unit=filters.unit)
    if filters.handling:
        qs = qs.filter(handling=filters.handling)
    if filters.owner_agency:
        qs = qs.filter(owner_agency__code=filters.owner_agency)
    if filters.incident:
        qs = qs.filter(incident_id=filters.incident)
    # Conditions on the incident go through its own chokepoint (a seizure follows its incident's sharing, but
    # the filter must not rely on that).
    incident_filter = {}
    if filters.country:
        incident_filter["country_id"] = filters.country
    if filters.date_from:
        incident_filter["occurred_on__gte"] = filters.date_from
    if filters.date_to:
        incident_filter["occurred_on__lte"] = filters.date_to
    if incident_filter:
        qs = qs.filter(Exists(m.Incident.objects.visible_to(request.user).filter(pk=OuterRef("incident_id"),
                                                                                **incident_filter)))
    qs = qs.order_by("-incident_id", "position", "id")
    return page(request, qs, limit=filters.limit, offset=filters.offset, convert=seizure_out,
                object_type="incidents.seizure", query=filters.dict(exclude={"limit", "offset"}))


@seizures_router.get("/{id}", response=responses({200: SeizureOut}, 404), summary="One seizure line",
                     description="A record you may not see answers 404, exactly like one that does not exist.")
def seizure_get(request, id: RecordId):
    seizure = access(m.Seizure, request.user, id)
    audit_view(request, seizure)
    return seizure_out(seizure)
