"""The map's geometry: the countries of the region and around it, cut out of Natural Earth (world-atlas).

world-atlas's countries-50m.json is 756 KB (230 KB compressed): too much for a page that must stay under
300 KB over a poor link, and mostly oceans and continents nobody here looks at. So the server decodes the
TopoJSON once per process, keeps what falls inside the region's frame (the eight states and their neighbours,
clipped to a box), rounds coordinates to 0.01 degree (about 1 km, finer than a phone's pixel at this scale)
and sends GeoJSON. Also here: a representative point per country, for route arcs.

The functions above the line are pure Python (no Django): they take the TopoJSON as a dict. The few below it
find the file among the static files and cache the result.
"""

import hashlib
import json
import math
from functools import lru_cache

# west, south, east, north (degrees). The eight states span 44-87 E and 24-55 N; the margin shows their
# neighbours (the Caspian, the Gulf, Xinjiang, Kashmir, the Volga) so that routes have somewhere to go.
REGION_BBOX = (38.0, 20.0, 92.0, 58.0)
PRECISION = 2  # decimals kept: 0.01 degree
MEMBER_NUMERIC = {"004": "AF", "364": "IR", "398": "KZ", "417": "KG", "586": "PK", "762": "TJ", "795": "TM",
                  "860": "UZ"}
# A big country's centroid is a poor end for a route arc (Russia's lies in Siberia, China's near Gansu); these
# are the points traffic to them heads for from the region.
ANCHORS = {"RU": (37.62, 55.75), "CN": (87.62, 43.82), "US": (-77.0, 38.9), "CA": (-75.7, 45.4),
           "AU": (151.2, -33.9), "FR": (2.35, 48.85), "NO": (10.75, 59.9)}


# --- decoding ---------------------------------------------------------------------------------------------------

def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) positions (world-atlas arcs are quantized and delta-encoded)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]  # a negative index is the arc ~i reversed
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their joining point
    return points


def polygons(geometry: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    """A TopoJSON Polygon or MultiPolygon as a list of polygons, each a list of rings of (lon, lat)."""
    if geometry.get("type") == "Polygon":
        return [[_ring(arcs, r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[_ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


# --- clipping and rounding --------------------------------------------------------------------------------------

def _clip_edge(points, inside, cross):
    out = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cross(previous, current))
    return out


def clip_ring(ring, bbox):
    """Sutherland-Hodgman against an axis-aligned box: exact for the box, and enough for drawing (a concave
    ring cut in two keeps a zero-width seam along the box edge, which fills invisibly)."""
    west, south, east, north = bbox

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for inside, cross in ((lambda p: p[0] >= west, at_x(west)), (lambda p: p[0] <= east, at_x(east)),
                          (lambda p: p[1] >= south, at_y(south)), (lambda p: p[1] <= north, at_y(north))):
        if not points:
            break
        points = _clip_edge(points, inside, cross)
    return points


def round_ring(points, precision=PRECISION):
    """Rounded, without repeated positions, closed (first == last); [] when fewer than 3 distinct points."""
    out = []
    for x, y in points:
        p = [round(x, precision), round(y, precision)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return []
    out.append(list(out[0]))
    return out


def _bbox_of(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def region_features(topology: dict, numeric_to_iso2: dict[str, str], bbox=REGION_BBOX,
                    precision=PRECISION) -> dict:
    """A GeoJSON FeatureCollection of the countries that reach into `bbox`, clipped to it.

    Each feature: id and properties.iso2 (ISO 3166 alpha-2, "" for areas without one, such as the Siachen
    Glacier), properties.name (Natural Earth's English name), properties.member (one of the eight states).
    """
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kept = []
        for polygon in polygons(geometry, arcs):
            outer = polygon[0]
            if not outer or not _overlaps(_bbox_of(outer), bbox):
                continue
            rings = [round_ring(clip_ring(ring, bbox), precision) for ring in polygon]
            if rings[0]:
                kept.append([rings[0], *[r for r in rings[1:] if r]])
        if not kept:
            continue
        numeric = geometry.get("id") or ""
        iso2 = numeric_to_iso2.get(numeric, "")
        shape = ({"type": "Polygon", "coordinates": kept[0]} if len(kept) == 1
                 else {"type": "MultiPolygon", "coordinates": kept})
        features.append({"type": "Feature", "id": iso2 or geometry.get("properties", {}).get("name", ""),
                         "properties": {"iso2": iso2, "name": geometry.get("properties", {}).get("name", ""),
                                        "member": numeric in MEMBER_NUMERIC},
                         "geometry": shape})
    return {"type": "FeatureCollection", "bbox": list(bbox), "features": features}


# --- representative points --------------------------------------------------------------------------------------

def _area_and_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def country_points(topology: dict, numeric_to_iso2: dict[str, str]) -> dict[str, tuple[float, float]]:
    """iso2 -> (lon, lat): the centroid of each country's largest polygon (or its anchor, see ANCHORS)."""
    arcs = decode_arcs(topology)
    points = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        iso2 = numeric_to_iso2.get(geometry.get("id") or "")
        if not iso2:
            continue
        best = None
        for polygon in polygons(geometry, arcs):
            if polygon and len(polygon[0]) >= 3:
                area, centre = _area_and_centroid(polygon[0])
                if best is None or area > best[0]:
                    best = (area, centre)
        if best:
            points[iso2] = (round(best[1][0], PRECISION), round(best[1][1], PRECISION))
    points.update(ANCHORS)
    return points


def toward_bbox(origin, target, bbox=REGION_BBOX):
    """`target`, or where the straight line from `origin` (inside the box) to it leaves the box: an arc to a
    far destination (Europe, the Gulf) ends at the map's edge, pointing the right way, instead of off-screen."""
    west, south, east, north = bbox
    (x0, y0), (x1, y1) = origin, target
    if west <= x1 <= east and south <= y1 <= north:
        return target
    t = 1.0
    for edge, a, b in ((west, x0, x1), (east, x0, x1), (south, y0, y1), (north, y0, y1)):
        if b != a:
            s = (edge - a) / (b - a)
            if 0 <= s < t:
                px, py = x0 + (x1 - x0) * s, y0 + (y1 - y0) * s
                if west - 1e-9 <= px <= east + 1e-9 and south - 1e-9 <= py <= north + 1e-9:
                    t = s
    return (round(x0 + (x1 - x0) * t, PRECISION), round(y0 + (y1 - y0) * t, PRECISION))


def valid_lon_lat(lon, lat) -> bool:
    return (isinstance(lon, (int, float)) and isinstance(lat, (int, float)) and math.isfinite(lon)
            and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90)


# --- with Django: the file among the static files, read once per process ---------------------------------------

TOPOLOGY_PATH = "vendor/countries-50m.json"


@lru_cache(maxsize=1)
def _topology() -> dict:
    from django.contrib.staticfiles import finders

    path = finders.find(TOPOLOGY_PATH)
    if not path:
        raise FileNotFoundError(f"{TOPOLOGY_PATH} is missing from the static files (run `make assets`)")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _numeric_to_iso2() -> dict[str, str]:
    from hamkari.tenancy.countries import all_countries

    return {numeric: iso2 for iso2, _iso3, numeric, _name in all_countries()}


@lru_cache(maxsize=1)
def region_geojson() -> tuple[bytes, str]:
    """(the region's GeoJSON as compact UTF-8 bytes, its ETag). Computed once per process."""
    body = json.dumps(region_features(_topology(), _numeric_to_iso2()), separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    return country_points(_topology(), _numeric_to_iso2())
