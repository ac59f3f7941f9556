"""Reads of the map and the route flows: every figure aggregated in the database from the two filtered querysets
of `insights.filters.filtered(user, ...)`, which start at the chokepoint (`visible_to(user)`). Nothing here
reads Incident or Seizure any other way, so no cluster, crossing, arc or flow counts a record the viewer may
not read.

Every request is two GROUP BY queries (cases from the incidents, kilograms from their seizure lines), never one
row per incident: the answer stays small however many incidents there are.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Avg, CharField, Count, F, FloatField, Func, IntegerField, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from hamkari.insights import flows as flowlib
from hamkari.insights.geo import REGION_BBOX

MAX_ZOOM = 12
BASE_CELL_DEG = 4.0  # cluster cell at zoom 0: a quarter of Afghanistan
MAX_CELLS = 4096  # a viewport never asks for more grid cells than this (zoom is lowered to fit)
MAX_BBOX_TEXT = 100


class MapParamError(ValueError):
    """A query parameter of the map that cannot be used; its message is shown to the user (400)."""


# --- viewport -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Viewport:
    zoom: int
    bbox: tuple[float, float, float, float]  # west, south, east, north

    @property
    def cell(self) -> float:
        return BASE_CELL_DEG / (2 ** self.zoom)


def parse_viewport(zoom_text: str | None, bbox_text: str | None) -> Viewport:
    """The viewport from `zoom` (0..MAX_ZOOM) and `bbox` ("west,south,east,north" in degrees), both optional.
    Raises MapParamError with a message for anything else. A zoom too fine for the box is lowered (the answer
    says which zoom it used) so that no request can ask for millions of cells."""
    zoom = 0
    if zoom_text not in (None, ""):
        if not str(zoom_text).strip().isdigit() or len(str(zoom_text)) > 3:
            raise MapParamError(_("The zoom must be a whole number from 0 to %(max)s.") % {"max": MAX_ZOOM})
        zoom = int(zoom_text)
        if zoom > MAX_ZOOM:
            raise MapParamError(_("The zoom must be a whole number from 0 to %(max)s.") % {"max": MAX_ZOOM})
    bbox = REGION_BBOX
    if bbox_text not in (None, ""):
        bbox = _parse_bbox(str(bbox_text))
    west, south, east, north = bbox
    while zoom > 0 and (east - west) * (north - south) / (BASE_CELL_DEG / 2 ** zoom) ** 2 > MAX_CELLS:
        zoom -= 1
    return Viewport(zoom, bbox)


def _parse_bbox(text: str):
    message = _("The map area (bbox) must be four numbers, west,south,east,north, in degrees, with west < east "
                "and south < north.")
    if len(text) > MAX_BBOX_TEXT:
        raise MapParamError(message)
    parts = text.split(",")
    if len(parts) != 4:
        raise MapParamError(message)
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise MapParamError(message) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise MapParamError(message)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise MapParamError(message)
    return west, south, east, north


# --- SQL helpers --------------------------------------------------------------------------------------------------

class GridIndex(Func):
    """floor(expression) as the cell number of a grid. SQLite's FLOOR is a Python function Django registers,
    which costs a call per row over a million rows; CAST truncates natively, and equals floor here because the
    expression is shifted to be non-negative (latitude + 90, longitude + 180)."""

    function = "FLOOR"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)", **extra)


class Scanned(Func):
    """A column to group by, read in table order. Grouping by an indexed column makes SQLite walk that index and
    fetch every row out of order, three times slower over a million rows than reading the table straight
    through (the chokepoint's columns are in no index, so rows must be read anyway); a unary plus hides the
    index from SQLite's planner. Other databases plan this well on their own."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


class TransitPath(Subquery):
    """An incident's transit countries in order, joined by ">" ("IR>TR"), or NULL: one indexed look-up per
    incident on (incident, position). SQLite 3.40 has no ORDER BY inside an aggregate: its GROUP_CONCAT reads
    the rows in the order of the subquery it is given."""

    output_field = CharField()
    template = "(SELECT STRING_AGG(_t.country_id, '>' ORDER BY _t.position) FROM (%(subquery)s) _t)"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection,
                              template="(SELECT GROUP_CONCAT(_t.country_id, '>') FROM (%(subquery)s) _t)", **extra)


def _transit_path(ref: str):
    from django.db.models import OuterRef

    from hamkari.incidents.models import RouteTransit

    return TransitPath(RouteTransit.objects.filter(incident=OuterRef(ref)).order_by("position")
                       .values("country_id", "position"))


def _kg(value) -> float:
    return round(float(value or 0), 3)


# --- figures ------------------------------------------------------------------------------------------------------
#
# Over a million incidents, reading and sorting the rows is what costs (the chokepoint's columns are in no index
# that could answer alone, and SQLite groups by sorting), so each request reads the table twice at most: once
# for the cases (incidents) and once for the kilograms (their visible seizure lines), each query grouping by
# every key the request needs at once (country, grid cell, crossing, route). Python then folds the few thousand
# groups into each figure. (Looking each incident's kilograms up inside the first query was measured slower.)

ROUTE_FIELDS = ("producing_country_id", "departure_country_id", "destination_country_id")


@dataclass
class Figures:
    countries: list
    clusters: list
    crossings: list
    routes: list  # flows.RouteRow


def _keys(prefix: str, viewport, *, places: bool, routes: bool, paths: bool) -> dict:
    """Annotations that group a query: the country, the grid cell of points inside the viewport (NULL outside
    it or without coordinates), the crossing, the route (with its transits when `paths`). `prefix` reaches the
    incident from a seizure line."""
    from django.db.models import Case, When

    keys = {}
    if places:
        keys["k_country"] = Scanned(F(f"{prefix}country_id"), output_field=CharField())
        keys["k_crossing"] = Scanned(F(f"{prefix}border_crossing_id"), output_field=IntegerField())
    if viewport is not None:
        inside = _has_point(prefix, viewport.bbox)
        cell = viewport.cell
        keys["k_gy"] = Case(When(inside, then=GridIndex((F(f"{prefix}latitude") + 90.0) / cell)),
                            output_field=IntegerField())
        keys["k_gx"] = Case(When(inside, then=GridIndex((F(f"{prefix}longitude") + 180.0) / cell)),
                            output_field=IntegerField())
    if routes and paths:
        for name in ROUTE_FIELDS:
            keys[f"k_{name}"] = Scanned(F(f"{prefix}{name}"), output_field=CharField())
        # The transits cost a look-up per incident: only the flow chart asks for them. (Reading them only for
        # the incidents that have any, in separate queries, was measured slower on both databases.)
        keys["k_path"] = _transit_path(f"{prefix}id" if prefix else "pk")
    elif routes:
        # The map's arcs need only where a route starts (departure, else producing) and where it ends: fewer
        # and narrower keys to sort.
        keys["k_departure_country_id"] = Coalesce(f"{prefix}departure_country_id", f"{prefix}producing_country_id",
                                                  output_field=CharField())
        keys["k_destination_country_id"] = Scanned(F(f"{prefix}destination_country_id"), output_field=CharField())
    return keys


@contextmanager
def _analytic_session(alias):
    """On PostgreSQL, two settings for the length of these queries only (SET LOCAL, inside a transaction):
    no JIT compilation, which was measured to cost more than a second per query here, against a few hundred
    milliseconds of work; and room to group in memory by hashing rather than by an external sort on disk."""
    from django.db import connections, transaction

    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '32MB'")
        yield


def _grouped(qs, keys: dict, measures: dict):
    names = list(keys)
    return qs.annotate(**keys).values(*names).annotate(**measures).values_list(*names, *measures)


def figures(incidents, seizures, viewport: "Viewport | None" = None, *, places=True, routes=True,
            paths=True) -> Figures:
    """Every figure of the map and the flows that is asked for, from two grouped queries. Without `paths`,
    route rows carry only their start (as departure) and destination: enough for the map's arcs, not for the
    flow chart."""
    cases_keys = _keys("", viewport, places=places, routes=routes, paths=paths)
    kg_keys = _keys("incident__", viewport, places=places, routes=routes, paths=paths)
    measures = {"m": Count("id")}
    if viewport is not None:
        measures.update(lat=Avg("latitude", output_field=FloatField()),
                        lon=Avg("longitude", output_field=FloatField()))
    names = list(cases_keys)
    with _analytic_session(incidents.db):
        cases = list(_grouped(incidents, cases_keys, measures))
        kg = {row[:-1]: row[-1] for row in _grouped(seizures, kg_keys, {"m": Sum("amount_kg")})}
    n_keys = len(cases_keys)
    countries, cells, crossing_rows, route_rows = {}, {}, {}, {}
    for row in cases:
        key, n = row[:n_keys], row[n_keys]
        weight = _kg(kg.get(key))
        k = dict(zip(names, key, strict=True))
        if places and k["k_country"]:
            c = countries.setdefault(k["k_country"], [0, 0.0])
            c[0] += n
            c[1] += weight
        if places and k["k_crossing"]:
            c = crossing_rows.setdefault(k["k_crossing"], [0, 0.0])
            c[0] += n
            c[1] += weight
        if viewport is not None and k["k_gy"] is not None:
            lat, lon = row[n_keys + 1], row[n_keys + 2]
            c = cells.setdefault((int(k["k_gy"]), int(k["k_gx"])), [0, 0.0, 0.0, 0.0])
            c[0] += n
            c[1] += weight
            c[2] += lat * n  # mean position, weighted back from each group's own mean
            c[3] += lon * n
        if routes and (k.get("k_producing_country_id") or k["k_departure_country_id"]
                       or k["k_destination_country_id"]):
            route = (k.get("k_producing_country_id"), k["k_departure_country_id"], k["k_destination_country_id"],
                     k.get("k_path") or "")
            c = route_rows.setdefault(route, [0, 0.0])
            c[0] += n
            c[1] += weight
    return Figures(
        countries=sorted(({"country": c, "cases": n, "kg": round(w, 3)} for c, (n, w) in countries.items()),
                         key=lambda r: (-r["cases"], r["country"])),
        clusters=sorted(({"cell": f"{gy}:{gx}", "count": n, "kg": round(w, 3), "lat": round(la / n, 4),
                          "lon": round(lo / n, 4)} for (gy, gx), (n, w, la, lo) in cells.items()),
                        key=lambda r: (-r["count"], r["cell"])),
        crossings=_crossing_rows(crossing_rows) if places else [],
        routes=[flowlib.RouteRow(p, d, flowlib.parse_path(path), dest, n, max(0.0, round(w, 3)))
                for (p, d, dest, path), (n, w) in route_rows.items()],
    )


def _has_point(prefix: str, bbox) -> Q:
    west, south, east, north = bbox
    return Q(**{f"{prefix}latitude__gte": south, f"{prefix}latitude__lte": north,
                f"{prefix}longitude__gte": west, f"{prefix}longitude__lte": east})


def _crossing_rows(activity: dict) -> list[dict]:
    """Border crossing points with their cases and kg, busiest first. The crossing itself is reference data
    (the gazetteer), not a record."""
    from hamkari.places.models import Place

    if not activity:
        return []
    places = Place.objects.filter(pk__in=list(activity)).values_list(
        "pk", "code", "name", "country_id", "neighbour_country_id", "latitude", "longitude")
    out = [{"id": pk, "code": code, "name": name, "country": country, "neighbour": neighbour or "",
            "lat": lat, "lon": lon, "cases": activity[pk][0], "kg": round(activity[pk][1], 3)}
           for pk, code, name, country, neighbour, lat, lon in places]
    out.sort(key=lambda r: (-r["cases"], r["name"]))
    return out


# One figure at a time (tests, CSV downloads): the same queries, asking only for what the figure needs.

def country_totals(incidents, seizures) -> list[dict]:
    """Cases and kg per incident country (the choropleth), most cases first; incidents with no country are
    left out."""
    return figures(incidents, seizures, routes=False).countries


def clusters(incidents, seizures, viewport: Viewport) -> list[dict]:
    """Incidents with coordinates inside the viewport, grouped on a grid of `viewport.cell` degrees: per cell
    the number of incidents, their kg and their mean position (so a lone incident sits where it happened).
    Incidents located only to the country are not points (they are in the choropleth)."""
    return figures(incidents, seizures, viewport, places=False, routes=False).clusters


def crossings(incidents, seizures) -> list[dict]:
    return figures(incidents, seizures, routes=False).crossings


def route_rows(incidents, seizures) -> list[flowlib.RouteRow]:
    """Incidents grouped by their whole route (producing, departure, transits in order, destination), with cases
    and kg; incidents without any route are left out."""
    return figures(incidents, seizures, places=False).routes


def flow_figures(incidents, seizures, *, limit: int | None = None):
    """(flows for the Sankey, arcs for the map), from one pass over the routes."""
    rows = route_rows(incidents, seizures)
    return flowlib.build_flows(rows, limit=limit), flowlib.arcs(rows)
