"""Reads of incidents: the filtered list (fast over a million rows), a page of it, and what the detail page shows.

Everything goes through `Incident.objects.visible_to(user)`; children (seizure lines, involvements) are read
through their own chokepoint as well, although they follow their incident's sharing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q

from hamkari.incidents.models import Incident, IncidentVersion, Seizure
from hamkari.sharing.records import clean_query

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 50
# Counting every match of a filter over a million incidents costs more than the page itself; above this many,
# the page says "more than N" instead of an exact number.
COUNT_LIMIT = 500


def _as_date(value):
    if isinstance(value, date) or value in (None, ""):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def incident_list(user, filters: dict):
    """The incidents `user` may see that match `filters`, newest first (undated last).

    filters (all optional; empty values are ignored): country (ISO2), substance (vocabulary code),
    substance_group, crime_area, date_from, date_to (dates or ISO strings), owner_agency (Agency, pk or code),
    handling, transport (transport mode), q (national reference or place name, case-insensitive).
    """
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    qs = Incident.objects.visible_to(user)
    if "country" in filters:
        qs = qs.filter(country_id=str(filters["country"]).upper())
    # Seizure filters are EXISTS subqueries on the (substance, incident) index, never a JOIN: a JOIN would
    # repeat an incident once per matching line and defeat the index on the incident's own ordering.
    if "substance" in filters:
        qs = qs.filter(Exists(Seizure.objects.filter(incident=OuterRef("pk"), substance=filters["substance"])))
    if "substance_group" in filters:
        qs = qs.filter(Exists(Seizure.objects.filter(incident=OuterRef("pk"),
                                                     substance_group=filters["substance_group"])))
    if "crime_area" in filters:
        qs = qs.filter(crime_area=filters["crime_area"])
    if _as_date(filters.get("date_from")):
        qs = qs.filter(occurred_on__gte=_as_date(filters["date_from"]))
    if _as_date(filters.get("date_to")):
        qs = qs.filter(occurred_on__lte=_as_date(filters["date_to"]))
    if "owner_agency" in filters:
        agency = filters["owner_agency"]
        if hasattr(agency, "pk"):
            qs = qs.filter(owner_agency_id=agency.pk)
        elif isinstance(agency, int) or str(agency).isdigit():
            qs = qs.filter(owner_agency_id=int(agency))
        else:
            qs = qs.filter(owner_agency__code=str(agency))
    if "handling" in filters:
        qs = qs.filter(handling=filters["handling"])
    if "transport" in filters:
        qs = qs.filter(transport_mode=filters["transport"])
    query = clean_query(filters.get("q"))[:MAX_QUERY_LENGTH]
    if query:
        qs = qs.filter(Q(national_reference__icontains=query) | Q(place_name__icontains=query)
                       | Q(admin1__icontains=query))
    return qs.order_by("-occurred_on", "-id")


def _for_page(qs, user):
    # The narrative (free text of any length) and the imported row's values are not shown in lists.
    return qs.select_related("owner_agency").defer("narrative", "source_values").prefetch_related(
        Prefetch("seizures", queryset=Seizure.objects.visible_to(user).order_by("position", "id")))


@dataclass
class IncidentPage:
    items: list
    next_cursor: str | None
    count: int  # exact when not `count_capped`, else COUNT_LIMIT
    count_capped: bool
    first_page: bool = True
    filters: dict = field(default_factory=dict)


def _encode_cursor(incident) -> str:
    day = incident.occurred_on.isoformat() if incident.occurred_on else "none"
    return f"{day}_{incident.pk}"


def _decode_cursor(cursor):
    """(date or None, id, dated) from "YYYY-MM-DD_ID" or "none_ID"; None when it is not a cursor."""
    if not cursor or "_" not in str(cursor):
        return None
    day, _sep, pk = str(cursor).partition("_")
    if not pk.isdigit():
        return None
    if day == "none":
        return None, int(pk), False
    try:
        return date.fromisoformat(day), int(pk), True
    except ValueError:
        return None


def incident_page(user, filters: dict, *, after: str | None = None, size: int = PAGE_SIZE) -> IncidentPage:
    """One page of `incident_list` by keyset (the last row's date and id), never OFFSET: the 200th page costs
    what the first does. Dated incidents come first (newest first), then undated ones (newest id first); the
    two are read by separate queries so that each walks an index in order on PostgreSQL and SQLite alike
    (the databases disagree on where NULL sorts in a descending order)."""
    base = incident_list(user, filters)
    cursor = _decode_cursor(after)
    items = []
    if cursor is None or cursor[2]:
        dated = base.filter(occurred_on__isnull=False)
        if cursor is not None:
            day, pk, _dated = cursor
            dated = dated.filter(Q(occurred_on__lt=day) | Q(occurred_on=day, id__lt=pk))
        items = list(_for_page(dated, user)[: size + 1])
    if len(items) <= size:
        undated = base.filter(occurred_on__isnull=True).order_by("-id")
        if cursor is not None and not cursor[2]:
            undated = undated.filter(id__lt=cursor[1])
        items += list(_for_page(undated, user)[: size + 1 - len(items)])
    next_cursor = _encode_cursor(items[size - 1]) if len(items) > size else None
    items = items[:size]
    if cursor is None and next_cursor is None:
        count, capped = len(items), False  # the whole result is on this page: no need to count
    else:
        count, capped = count_capped(base)
    return IncidentPage(items=items, next_cursor=next_cursor, count=count, count_capped=capped,
                        first_page=cursor is None, filters=filters)


def count_capped(qs, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """(count, capped): counts at most `limit` + 1 rows, so a broad filter over a huge table stays cheap."""
    n = qs.order_by().values("pk")[: limit + 1].count()
    return (limit, True) if n > limit else (n, False)


def incident_for_detail(incident, user):
    """The incident's seizure lines, route and involvements, read through the chokepoint."""
    from hamkari.entities.models import Involvement

    seizures = list(Seizure.objects.visible_to(user).filter(incident=incident).order_by("position", "id"))
    transits = list(incident.transits.select_related("country").order_by("position"))
    involvements = list(Involvement.objects.visible_to(user).filter(incident=incident).order_by("id"))
    return seizures, transits, _involvement_rows(user, involvements)


@dataclass
class InvolvementRow:
    involvement: object
    kind: str
    entity_id: int
    entity: object | None  # None when the viewer may not read the entity
    held_handling: str = ""  # for an entity the viewer may not read: its handling code ...
    held_agency: object | None = None  # ... and owning agency (hit/no-hit: who holds it, never what it says)

    @property
    def kind_label(self):
        from hamkari.entities.models import ENTITY_FIELDS

        return ENTITY_FIELDS[self.kind]._meta.verbose_name


def _involvement_rows(user, involvements) -> list[InvolvementRow]:
    """Each involvement with its entity when `user` may read the entity; otherwise only who holds it.

    Entities are loaded through their own chokepoint; an entity the viewer may not read is loaded with its
    owner and handling code only, so its personal data never reaches the page.
    """
    from hamkari.entities.models import ENTITY_FIELDS

    wanted: dict[str, set[int]] = {}
    for inv in involvements:
        wanted.setdefault(inv.entity_field, set()).add(getattr(inv, f"{inv.entity_field}_id"))
    visible, held = {}, {}
    for kind, ids in wanted.items():
        model = ENTITY_FIELDS[kind]
        for obj in model.objects.visible_to(user).filter(pk__in=ids).select_related("owner_agency"):
            visible[(kind, obj.pk)] = obj
        hidden = ids - {pk for (k, pk) in visible if k == kind}
        if hidden:
            for obj in model.objects.filter(pk__in=hidden).only("id", "handling", "owner_agency").select_related(
                    "owner_agency"):
                held[(kind, obj.pk)] = obj
    rows = []
    for inv in involvements:
        kind = inv.entity_field
        pk = getattr(inv, f"{kind}_id")
        entity = visible.get((kind, pk))
        row = InvolvementRow(involvement=inv, kind=kind, entity_id=pk, entity=entity)
        if entity is None and (kind, pk) in held:
            row.held_handling = held[(kind, pk)].get_handling_display()
            row.held_agency = held[(kind, pk)].owner_agency
        rows.append(row)
    return rows


def incident_versions(incident):
    return IncidentVersion.objects.filter(incident=incident).select_related("changed_by").order_by("-version")


def drafts_of(user):
    from hamkari.incidents.models import IncidentDraft

    if not getattr(user, "is_authenticated", False):
        return IncidentDraft.objects.none()
    return IncidentDraft.objects.filter(author=user).select_related("incident").order_by("-updated_at")
