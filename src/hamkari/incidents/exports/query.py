"""Which incidents an export holds, and how they are read: through the chokepoint, in chunks.

With a user, an export holds exactly what that user may see: incidents through `Incident.objects.visible_to`,
and their seizure lines, involvements and entities each through their own `visible_to` (a regional incident
may involve a person its owner keeps national). Without a user it is the server operator's export from the
console: everything, or one agency's records.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from hamkari.incidents.models import Incident, RouteTransit, Seizure
from hamkari.tenancy.roles import Perm

# Incidents read per database round trip; each chunk's seizures, transits and involvements are fetched in one
# query each, so memory stays flat however large the export.
CHUNK_SIZE = 1000

FILTER_KEYS = ("country", "substance", "substance_group", "crime_area", "date_from", "date_to", "owner_agency",
               "handling", "transport", "q")
MAX_QUERY_LENGTH = 200


def clean_filters(filters: dict | None) -> dict:
    """The known, non-empty filters, with dates as `date` and codes as text. Raises ValidationError."""
    cleaned = {}
    for key in FILTER_KEYS:
        value = (filters or {}).get(key)
        if value in (None, "", [], ()):
            continue
        if key in ("date_from", "date_to"):
            if not isinstance(value, date):
                try:
                    value = date.fromisoformat(str(value).strip())
                except ValueError:
                    raise ValidationError({key: _("Enter a date as YYYY-MM-DD.")}) from None
        elif hasattr(value, "pk") and key == "owner_agency":
            value = value.code
        elif hasattr(value, "pk"):
            value = value.pk
        else:
            value = str(value).replace("\x00", "").strip()
            if key == "q":
                value = value[:MAX_QUERY_LENGTH]
            if not value:
                continue
        if key == "country" and isinstance(value, str):
            value = value.upper()
        cleaned[key] = value
    return cleaned


def filters_for_audit(filters: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items()}


def apply_filters(qs, filters: dict, *, seizures=None):
    """Filter incidents by the incident list's keys. `seizures` is the seizure queryset substance filters look
    in (the user's visible seizures; all of them for the operator)."""
    seizures = Seizure.objects.all() if seizures is None else seizures
    if "country" in filters:
        qs = qs.filter(country_id=filters["country"])
    if "crime_area" in filters:
        qs = qs.filter(crime_area=filters["crime_area"])
    if "handling" in filters:
        qs = qs.filter(handling=filters["handling"])
    if "transport" in filters:
        qs = qs.filter(transport_mode=filters["transport"])
    if "q" in filters:
        q = filters["q"]
        qs = qs.filter(Q(national_reference__icontains=q) | Q(place_name__icontains=q) | Q(admin1__icontains=q))
    if "owner_agency" in filters:
        agency = filters["owner_agency"]
        qs = qs.filter(owner_agency_id=agency) if isinstance(agency, int) or str(agency).isdigit() \
            else qs.filter(owner_agency__code=agency)
    if "date_from" in filters:
        qs = qs.filter(occurred_on__gte=filters["date_from"])
    if "date_to" in filters:
        qs = qs.filter(occurred_on__lte=filters["date_to"])
    for key in ("substance", "substance_group"):
        if key in filters:
            qs = qs.filter(Exists(seizures.filter(incident=OuterRef("pk"), **{key: filters[key]})))
    return qs


def _selector_list(user, filters):
    """The incident list's own filtering (incidents/selectors.py), when that module provides it."""
    try:
        from hamkari.incidents.selectors import incident_list
    except ImportError:
        return None
    qs = incident_list(user, filters)
    return qs if hasattr(qs, "model") and qs.model is Incident else None


def incident_queryset(*, user=None, agency_code: str | None = None, filters: dict | None = None):
    """The incidents of one export, in a stable order (the order they were recorded, so an imported file's
    rows come back in the file's order)."""
    from hamkari.tenancy.models import Agency

    filters = clean_filters(filters)
    if user is not None:
        if not user.can(Perm.RECORD_EXPORT):
            raise PermissionDenied
        qs = _selector_list(user, filters)
        if qs is None:
            qs = apply_filters(Incident.objects.visible_to(user), filters,
                               seizures=Seizure.objects.visible_to(user))
        # Whatever the list selector did, the chokepoint has the last word.
        qs = qs.visible_to(user)
    else:
        qs = apply_filters(Incident.objects.all(), filters)
    if agency_code:
        agency = Agency.objects.filter(code__iexact=agency_code.strip()).first()
        if agency is None:
            raise ValidationError({"agency": _("Unknown agency %(code)s.") % {"code": agency_code}})
        qs = qs.filter(owner_agency=agency)
    return qs.order_by("pk")


def seizure_queryset(user):
    qs = Seizure.objects.all() if user is None else Seizure.objects.visible_to(user)
    return qs.order_by("incident_id", "position", "pk")


def with_details(qs, user):
    """Everything a row needs, fetched per chunk: the owner, countries, seizures (through the chokepoint) and
    the ordered transit countries (read through their visible incident)."""
    return qs.select_related("owner_agency", "border_crossing").prefetch_related(
        Prefetch("seizures", queryset=seizure_queryset(user), to_attr="export_seizures"),
        Prefetch("transits", queryset=RouteTransit.objects.order_by("position"), to_attr="export_transits"),
    )


def chunks(qs, size: int = CHUNK_SIZE):
    """Lists of at most `size` objects; related objects are prefetched once per list, not per object."""
    batch = []
    for obj in qs.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
