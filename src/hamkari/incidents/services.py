"""Writes of incidents: create, update (with a version and a diff), children that follow the incident's sharing,
and drafts of the report form.

Every write is one transaction and is audited. The form, the API and the importers all come through here, so the
rules live in one place: who may write for which agency, what a restricted handling needs, which values an
incident and its seizure lines may take.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hamkari.incidents.models import Incident, IncidentDraft, IncidentVersion, RouteTransit, Seizure, Unit
from hamkari.sharing import audit
from hamkari.sharing.models import Accuracy, AuditAction, Handling, Reliability
from hamkari.sharing.visibility import can_write
from hamkari.tenancy.roles import Perm
from hamkari.core.cells import decimal_text
from hamkari.core.templatetags.hamkari import num

# Incident fields (by attname) that a report may set. Ownership, sharing, import bookkeeping and the version
# counter are set by the services themselves, never from `data`.
REPORT_FIELDS = (
    "national_reference", "occurred_on", "date_precision", "country_id", "admin1", "admin2", "place_name",
    "place_id", "latitude", "longitude", "geo_precision", "location_type", "border_crossing_id", "crime_area",
    "narrative", "producing_country_id", "departure_country_id", "destination_country_id", "transport_mode",
    "conveyance", "concealment", "concealment_detail", "persons_arrested", "source_type", "verification",
    "source_values", "possible_duplicate",
)
# Sharing fields that `incident_update` accepts in `data` as well (creation takes them as arguments).
SHARING_FIELDS = ("handling", "sharing_group_id", "reliability", "accuracy")

SEIZURE_FIELDS = ("substance", "drug_name_as_reported", "amount", "unit", "purity", "price", "currency")

# The largest plausible amount per unit of one seizure line. The largest seizures on record in the region are
# a few hundred tonnes of cannabis resin and tens of millions of tablets; an amount above these limits is a
# typing error (an extra zero, grams entered as kilograms), and 10^15 would not even fit the database column.
MAX_AMOUNT = {
    Unit.KG: Decimal("1000000"),  # 1,000 tonnes
    Unit.G: Decimal("1000000000"),  # 1,000 tonnes
    Unit.L: Decimal("1000000"),  # 1,000 cubic metres (precursors travel by tanker)
    Unit.ML: Decimal("1000000000"),
    Unit.TABLET: Decimal("1000000000"),
    Unit.PLANT: Decimal("1000000000"),
    Unit.UNIT: Decimal("1000000000"),
}


# ---------------------------------------------------------------------------------------------------------------
# Permissions


def _check_create(by, agency):
    """`by` may report for `agency`; `by=None` is the system (CLI import, demo data) and may write for any."""
    if by is None:
        return
    if not by.is_active or not by.can(Perm.RECORD_CREATE) or by.agency_id != agency.pk or not agency.is_active:
        raise PermissionDenied(_("You may report records only for your own agency."))


def _check_sharing(*, agency, handling, sharing_group):
    """A handling code is known, and a restricted one has a group that the owner's country (or agency) manages."""
    from hamkari.sharing.services import _owner_controls

    if handling not in Handling.values:
        raise ValidationError({"handling": _("Unknown handling code.")})
    if handling == Handling.RESTRICTED:
        if sharing_group is None:
            raise ValidationError({"sharing_group": _("A restricted record needs a sharing group.")})
        # The owner decides: a group managed by another country could later be widened by that country.
        probe = Incident(owner_agency=agency)
        if not _owner_controls(probe, sharing_group):
            raise ValidationError({"sharing_group": _(
                "A restricted record needs a sharing group managed by an agency of its own country.")})


# ---------------------------------------------------------------------------------------------------------------
# Values


def _no_nul(value, field):
    # PostgreSQL text cannot hold NUL; refuse rather than silently drop what the officer typed.
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError({field: _("Null characters are not allowed.")})
    return value


def _decimal(value, field, *, required=False):
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


def check_amount(amount: Decimal, unit: str) -> Decimal:
    """An amount is positive and below the plausible limit of its unit; the message names the limit."""
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    limit = MAX_AMOUNT.get(unit)
    if limit is not None and amount > limit:
        raise ValidationError({"amount": _("%(amount)s %(unit)s is more than the largest plausible seizure "
                                           "(%(limit)s %(unit)s); check the amount and the unit.")
                               % {"amount": decimal_text(amount), "unit": unit, "limit": num(limit)}})
    return amount


def _derived(substance, amount, unit):
    """(substance_group, amount_kg, conversion_rule) from the vocabulary's documented conversion rules."""
    from hamkari.incidents.vocab.derive import seizure_derived

    try:
        result = seizure_derived(substance, amount, unit)
    except ValueError:
        raise ValidationError({"substance": _("Choose a substance of the vocabulary.")}) from None
    return result["substance_group"], result["amount_kg"], result["conversion_rule"]


def _clean_incident_data(data: dict, allowed) -> dict:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(_("Unknown incident fields: %(fields)s") % {"fields": ", ".join(unknown)})
    for key, value in data.items():
        _no_nul(value, key)
    return dict(data)


def _fill_place(incident):
    """Geocode the place name (any script) into gazetteer place, coordinates and their precision."""
    from hamkari.places.selectors import geocode

    result = geocode(incident.place_name, incident.country_id)
    if result is None or getattr(result, "place", None) is None:
        return
    place = result.place
    incident.place = place
    incident.latitude = place.latitude
    incident.longitude = place.longitude
    precision = getattr(result, "precision", None)
    if precision:
        incident.geo_precision = precision
    if not incident.country_id:
        incident.country_id = place.country_id
    if not incident.admin1 and place.admin1_name:
        incident.admin1 = place.admin1_name


def _wants_geocoding(data: dict) -> bool:
    """Geocode when a place name is given and the caller resolved neither the place nor the coordinates."""
    return bool(data.get("place_name")) and "place_id" not in data and "latitude" not in data


def _validate_incident(incident):
    incident.full_clean(exclude=["owner_agency", "import_batch", "source_values"], validate_unique=False)


def _build_seizure(incident, position, item: dict, existing=None) -> Seizure:
    unknown = sorted(set(item) - set(SEIZURE_FIELDS) - {"id"})
    if unknown:
        raise ValidationError(_("Unknown seizure fields: %(fields)s") % {"fields": ", ".join(unknown)})
    for key, value in item.items():
        _no_nul(value, key)
    unit = item.get("unit") or ""
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Choose a unit.")})
    amount = check_amount(_decimal(item.get("amount"), "amount", required=True), unit)
    purity = _decimal(item.get("purity"), "purity")
    if purity is not None and not (0 < purity <= 100):
        raise ValidationError({"purity": _("Purity is a percentage between 0 and 100.")})
    price = _decimal(item.get("price"), "price")
    if price is not None and price < 0:
        raise ValidationError({"price": _("A price cannot be negative.")})
    substance = item.get("substance") or ""
    group, amount_kg, rule = _derived(substance, amount, unit)
    seizure = existing or Seizure(incident=incident)
    seizure.position = position
    seizure.substance = substance
    seizure.substance_group = group or ""
    seizure.drug_name_as_reported = item.get("drug_name_as_reported") or ""
    seizure.amount = amount
    seizure.unit = unit
    seizure.purity = purity
    seizure.price = price
    seizure.currency = (item.get("currency") or "").upper()
    seizure.amount_kg = amount_kg
    seizure.conversion_rule = rule or ""
    follow_incident(seizure, incident)
    seizure.full_clean(exclude=["incident", "owner_agency", "sharing_group"], validate_unique=False)
    return seizure


def follow_incident(child, incident):
    """Seizure lines and involvements share their incident's owner, handling and grading (set before saving,
    so bulk inserts that skip save() follow too)."""
    child.owner_agency_id = incident.owner_agency_id
    child.owner_country_id = incident.owner_country_id
    child.handling = incident.handling
    child.sharing_group_id = incident.sharing_group_id
    child.reliability = incident.reliability
    child.accuracy = incident.accuracy


def _save_transits(incident, transits):
    from hamkari.tenancy.models import Country

    codes = [str(c).upper() for c in transits if c]
    known = set(Country.objects.filter(iso2__in=codes).values_list("iso2", flat=True))
    missing = [c for c in codes if c not in known]
    if missing:
        raise ValidationError({"transits": _("Unknown country: %(codes)s") % {"codes": ", ".join(missing)}})
    incident.transits.all().delete()
    RouteTransit.objects.bulk_create(
        RouteTransit(incident=incident, position=i, country_id=code) for i, code in enumerate(codes, start=1))


def _add_involvements(incident, involvements, *, by):
    from hamkari.entities.models import ENTITY_FIELDS, InvolvementRole
    from hamkari.entities.services import entity_for, involvement_add

    for item in involvements:
        kind = item.get("kind")
        if kind not in ENTITY_FIELDS:
            raise ValidationError({"involvements": _("Unknown kind of entity: %(kind)s") % {"kind": kind}})
        role = item.get("role") or InvolvementRole.OTHER
        if role not in InvolvementRole.values:
            raise ValidationError({"involvements": _("Unknown role: %(role)s") % {"role": role}})
        entity_data = item.get("data") or {}
        for key, value in entity_data.items():
            _no_nul(value, key)
        note = _no_nul(item.get("note") or "", "note")
        entity = entity_for(kind, entity_data, owner_agency=incident.owner_agency, handling=incident.handling,
                            sharing_group=incident.sharing_group, by=by)
        involvement_add(incident, kind, entity, role, note=note, by=by)


# ---------------------------------------------------------------------------------------------------------------
# Snapshots and diffs


def _json(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    return value


SNAPSHOT_SHARING = ("owner_agency_id", "handling", "sharing_group_id", "reliability", "accuracy")


def incident_snapshot(incident) -> dict:
    """The incident as plain JSON: its fields, seizure lines, route and involvements."""
    snap = {name: _json(getattr(incident, name)) for name in (*SNAPSHOT_SHARING, *REPORT_FIELDS)
            if name != "source_values"}
    snap["transits"] = list(incident.transits.order_by("position").values_list("country_id", flat=True))
    snap["seizures"] = [
        {"substance": s.substance, "drug_name_as_reported": s.drug_name_as_reported, "amount": _json(s.amount),
         "unit": s.unit, "purity": _json(s.purity), "price": _json(s.price), "currency": s.currency,
         "amount_kg": _json(s.amount_kg), "conversion_rule": s.conversion_rule}
        for s in incident.seizures.order_by("position", "id")
    ]
    snap["involvements"] = [
        {"kind": inv.entity_field, "entity_id": getattr(inv, f"{inv.entity_field}_id"), "role": inv.role,
         "note": inv.note}
        for inv in incident.involvements.order_by("id")
    ]
    return snap


def snapshot_diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every key whose value changed (lists are compared whole)."""
    return {key: [before.get(key), after.get(key)] for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)}


def _record_version(incident, *, by, changes):
    return IncidentVersion.objects.create(incident=incident, version=incident.version, changed_by=by,
                                          snapshot=incident_snapshot(incident), changes=changes)


# ---------------------------------------------------------------------------------------------------------------
# Create and update


def incident_create(*, by, agency, handling: str, sharing_group=None, data: dict, seizures=(), transits=(),
                    involvements=(), reliability="X", accuracy="4") -> Incident:
    """Report one incident with its seizure lines, route and involved entities, all or nothing.

    Raises PermissionDenied when `by` may not report for `agency` and ValidationError for bad values (with a
    message per field where there is one). A `place_name` without `place_id` or `latitude` is geocoded.
    """
    _check_create(by, agency)
    _check_sharing(agency=agency, handling=handling, sharing_group=sharing_group)
    if reliability not in Reliability.values:
        raise ValidationError({"reliability": _("Unknown source reliability.")})
    if accuracy not in Accuracy.values:
        raise ValidationError({"accuracy": _("Unknown information accuracy.")})
    data = _clean_incident_data(data, REPORT_FIELDS)
    with transaction.atomic():
        incident = Incident(owner_agency=agency, handling=handling, sharing_group=sharing_group,
                            reliability=reliability, accuracy=accuracy, created_by=by, updated_by=by, version=1)
        for key, value in data.items():
            setattr(incident, key, value)
        if _wants_geocoding(data):
            _fill_place(incident)
        _validate_incident(incident)
        incident.save()
        for position, item in enumerate(seizures, start=1):
            seizure = _build_seizure(incident, position, dict(item))
            seizure.created_by = seizure.updated_by = by
            seizure.save()
        _save_transits(incident, transits)
        _add_involvements(incident, involvements, by=by)
        sync_children_sharing(incident)
        _record_version(incident, by=by, changes={})
        audit.record(AuditAction.CREATE, actor=by, obj=incident, detail={"version": 1})
    return incident


def incident_update(incident, *, by, data, seizures=None, transits=None, involvements=None) -> Incident:
    """Change an incident: version + 1, an IncidentVersion with the snapshot and the diff, audited.

    `seizures`: None leaves them; a list replaces them (a dict with the "id" of an existing line changes that
    line in place). `transits`: None leaves the route's transit countries, a list replaces them.
    `involvements`: None leaves them; a list gives the complete set: dicts with the "id" of an existing
    involvement keep it (changing "role" and "note"), dicts with "kind" add a new one, involvements not listed
    are removed (the entities themselves stay; they may be involved elsewhere).
    Changing the handling code or sharing group needs the sharing permission, as `sharing.set_handling` does.
    """
    if by is not None and not can_write(by, incident):
        raise PermissionDenied
    data = _clean_incident_data(data, (*REPORT_FIELDS, *SHARING_FIELDS))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        before = incident_snapshot(incident)
        sharing_before = (incident.handling, incident.sharing_group_id, incident.reliability, incident.accuracy)
        for key, value in data.items():
            setattr(incident, key, value)
        if incident.handling != Handling.RESTRICTED:
            incident.sharing_group = None
        if (incident.handling, incident.sharing_group_id) != sharing_before[:2]:
            if by is not None and not by.can(Perm.SHARING_SET_HANDLING):
                raise PermissionDenied(_("Only your agency's focal points may change a record's handling code."))
            _check_sharing(agency=incident.owner_agency, handling=incident.handling,
                           sharing_group=incident.sharing_group)
        if incident.reliability not in Reliability.values or incident.accuracy not in Accuracy.values:
            raise ValidationError({"reliability": _("Unknown grading.")})
        if "place_name" in data and data.get("place_name") != before["place_name"] and _wants_geocoding(data):
            incident.place = None
            incident.latitude = incident.longitude = None
            _fill_place(incident)
        incident.version += 1
        incident.updated_by = by
        _validate_incident(incident)
        incident.save()
        if seizures is not None:
            _replace_seizures(incident, seizures, by=by)
        if transits is not None:
            _save_transits(incident, transits)
        if involvements is not None:
            _replace_involvements(incident, involvements, by=by)
        sync_children_sharing(incident)
        after = incident_snapshot(incident)
        changes = snapshot_diff(before, after)
        IncidentVersion.objects.create(incident=incident, version=incident.version, changed_by=by, snapshot=after,
                                       changes=changes)
        audit.record(AuditAction.UPDATE, actor=by, obj=incident,
                     detail={"version": incident.version, "fields": sorted(changes)})
    return incident


def _replace_seizures(incident, seizures, *, by):
    existing = {s.pk: s for s in incident.seizures.all()}
    keep = set()
    for position, item in enumerate(seizures, start=1):
        item = dict(item)
        pk = item.pop("id", None)
        current = existing.get(int(pk)) if pk not in (None, "") else None
        if pk not in (None, "") and current is None:
            raise ValidationError({"seizures": _("This seizure line is not part of the incident.")})
        seizure = _build_seizure(incident, position, item, existing=current)
        if current is None:
            seizure.created_by = by
        seizure.updated_by = by
        seizure.save()
        keep.add(seizure.pk)
    incident.seizures.exclude(pk__in=keep).delete()


def _replace_involvements(incident, involvements, *, by):
    from hamkari.entities.models import InvolvementRole

    existing = {inv.pk: inv for inv in incident.involvements.all()}
    keep, new = set(), []
    for item in involvements:
        pk = item.get("id")
        if pk in (None, ""):
            new.append(item)
            continue
        current = existing.get(int(pk))
        if current is None:
            raise ValidationError({"involvements": _("This involvement is not part of the incident.")})
        role = item.get("role") or current.role
        if role not in InvolvementRole.values:
            raise ValidationError({"involvements": _("Unknown role: %(role)s") % {"role": role}})
        current.role = role
        if "note" in item:
            current.note = _no_nul(item.get("note") or "", "note")
        current.updated_by = by
        current.save()
        keep.add(current.pk)
    incident.involvements.exclude(pk__in=keep).delete()
    _add_involvements(incident, new, by=by)


def sync_children_sharing(incident):
    """Seizure lines and involvements take the incident's owner, handling, sharing group and grading."""
    from hamkari.entities.models import Involvement

    values = {"owner_agency_id": incident.owner_agency_id, "owner_country_id": incident.owner_country_id,
              "handling": incident.handling, "sharing_group_id": incident.sharing_group_id,
              "reliability": incident.reliability, "accuracy": incident.accuracy}
    # One UPDATE per table; `.update()` skips save(), so owner_country is set explicitly above.
    Seizure.objects.filter(incident=incident).update(**values)
    Involvement.objects.filter(incident=incident).update(**values)


# ---------------------------------------------------------------------------------------------------------------
# Drafts


def _clean_draft_data(data) -> dict:
    """Form data as JSON: {name: [values]} (a QueryDict keeps lists), without NUL characters or the CSRF token."""
    if hasattr(data, "lists"):
        items = data.lists()
    else:
        items = ((k, v if isinstance(v, list) else [v]) for k, v in dict(data).items())
    clean = {}
    for key, values in items:
        if key in ("csrfmiddlewaretoken", "action"):
            continue
        clean[str(key).replace("\x00", "")] = [str(v).replace("\x00", "") for v in values]
    return clean


def draft_save(*, by, data: dict, draft=None, incident=None) -> IncidentDraft:
    """Keep the form as typed (valid or not) for its author to finish later."""
    if by is None or not by.can(Perm.RECORD_CREATE) or by.agency_id is None:
        raise PermissionDenied
    if draft is not None and draft.author_id != by.pk:
        raise PermissionDenied
    if incident is not None and not can_write(by, incident):
        raise PermissionDenied
    clean = _clean_draft_data(data)
    if draft is None:
        draft = IncidentDraft(author=by, agency=by.agency, incident=incident)
    elif incident is not None:
        draft.incident = incident
    draft.data = clean
    draft.save()
    return draft


class ReportInvalid(ValidationError):
    """A draft that did not pass the form's validation; `.forms` holds the bound forms with their errors."""

    def __init__(self, forms):
        self.forms = forms
        super().__init__(forms.error_dict())


def draft_submit(draft, *, by) -> Incident:
    """Validate a draft exactly as the form does; create (or update) the incident and drop the draft.

    On errors raises ReportInvalid (a ValidationError whose `message_dict` holds them) and keeps the draft.
    """
    from hamkari.incidents.forms import ReportForms

    if by is None or draft.author_id != by.pk:
        raise PermissionDenied
    forms = ReportForms(user=by, data=draft_querydict(draft.data), incident=draft.incident)
    if not forms.is_valid():
        raise ReportInvalid(forms)
    with transaction.atomic():
        incident = forms.save()
        draft.delete()
    return incident


def draft_querydict(data: dict):
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, values in (data or {}).items():
        qd.setlist(key, values if isinstance(values, list) else [values])
    return qd
