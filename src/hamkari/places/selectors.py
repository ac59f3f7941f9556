"""Reading the gazetteer: geocoding a place name typed in any script, and autocomplete.

How `geocode` decides (docs/gazetteer.md has the long version): it tries, in order, an exact spelling, the
folded key, the consonant skeleton and a bounded fuzzy match, and stops at the first step that finds
anything. Within a step the best candidate is a crossing point, then a settlement of 20,000 people or more,
then a province, then smaller settlements, bigger first. With `country` given, nothing outside it is
considered. Every step is an indexed query; the fuzzy step compares against a small in-process list of keys
that begin with the same letter, built once per process and rebuilt when the gazetteer changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import router
from django.db.models import Max
from rapidfuzz import fuzz, process

from hamkari.places.data import CITY_PROVINCES
from hamkari.places.folding import MAX_NAME_LENGTH, fold, fold_variants, skeleton_variants, tokens
from hamkari.places.models import Place, PlaceKind, PlaceName

# Settlements at least this big beat a province of the same name ("Herat" is the city, "Badakhshan" the
# province even though a village of that name exists).
BIG_SETTLEMENT = 20_000
# A skeleton shorter than this ("s" for Osh) matches far too many places to mean anything.
MIN_SKELETON = 3
# Fuzzy matches below this rapidfuzz ratio (0..100) are not matches.
FUZZY_CUTOFF = 86
# Rows looked at per step; the query orders by population, so the cut only ever drops small places of a very
# common spelling.
CANDIDATES_PER_STEP = 200

PRECISION = {PlaceKind.CROSSING: "exact", PlaceKind.SETTLEMENT: "settlement", PlaceKind.PROVINCE: "province"}
METHOD_SCORE = {"exact": 1.0, "folded": 0.95, "skeleton": 0.75}


@dataclass(frozen=True)
class GeocodeResult:
    place: Place
    precision: str  # "exact" (crossing point), "settlement" or "province"
    matched_name: str  # the spelling in the gazetteer that matched
    method: str  # "exact", "folded", "skeleton" or "fuzzy"
    score: float  # 0..1

    @property
    def latitude(self) -> float:
        return self.place.latitude

    @property
    def longitude(self) -> float:
        return self.place.longitude


def _clean_text(text) -> str | None:
    if not isinstance(text, str):
        return None
    text = text.replace("\x00", "").strip()
    if not text or len(text) > MAX_NAME_LENGTH:
        return None
    return text


def _clean_country(country) -> str | None | bool:
    """ISO2 upper-case, None for no restriction, False for a value that cannot be a country."""
    if country is None or country == "":
        return None
    if hasattr(country, "iso2"):
        country = country.iso2
    if not isinstance(country, str) or len(country.strip()) != 2 or not country.strip().isalpha() \
            or not country.isascii():
        return False
    return country.strip().upper()


def _rank(place: Place) -> tuple:
    if place.kind == PlaceKind.CROSSING:
        kind_rank = 0
    elif place.kind == PlaceKind.SETTLEMENT and place.population >= BIG_SETTLEMENT:
        kind_rank = 1
    elif place.kind == PlaceKind.PROVINCE:
        kind_rank = 2
    else:
        kind_rank = 3
    return (kind_rank, -place.population, place.country_id, place.name, place.pk)


def _names(country: str | None, kinds: tuple[str, ...] | None):
    qs = PlaceName.objects.select_related("place")
    if country:
        qs = qs.filter(place__country_id=country)
    if kinds:
        qs = qs.filter(place__kind__in=kinds)
    return qs


def _best(rows) -> PlaceName | None:
    rows = list(rows)
    if not rows:
        return None
    return min(rows, key=lambda row: (_rank(row.place), row.pk))


def _lookup(text: str, country: str | None, kinds: tuple[str, ...] | None) -> tuple[PlaceName, str, float] | None:
    """The best name row for `text` and how it was found, or None."""
    names = _names(country, kinds).order_by("-place__population")
    row = _best(names.filter(name=text)[:CANDIDATES_PER_STEP])
    if row:
        return row, "exact", METHOD_SCORE["exact"]
    keys = fold_variants(text)
    if not keys:
        return None
    for key in keys:  # the full key first; without generic words ("city", "шаҳри") only if that fails
        row = _best(names.filter(key=key)[:CANDIDATES_PER_STEP])
        if row:
            return row, "folded", METHOD_SCORE["folded"] if key == keys[0] else METHOD_SCORE["folded"] - 0.05
    for skel in skeleton_variants(text):
        if len(skel) < MIN_SKELETON:
            continue
        row = _best(names.filter(skeleton=skel)[:CANDIDATES_PER_STEP])
        if row:
            return row, "skeleton", METHOD_SCORE["skeleton"]
    for key in keys:
        found = _fuzzy(key, country, kinds)
        if found:
            return found
    return None


def geocode(text: str, country: str | None = None) -> GeocodeResult | None:
    """The place `text` names (in any script), within `country` (ISO2) if given; None if nothing fits."""
    text, country = _clean_text(text), _clean_country(country)
    if text is None or country is False:
        return None
    if _wants_crossing(text):  # "Chaman border crossing", "КПП Термез", "مرز میرجاوه"
        found = _crossing_lookup(text, country)
        if found:
            return found
    found = _lookup(text, country, None)
    if not found:
        return None
    row, method, score = found
    place = _city_of(row.place) or row.place
    return GeocodeResult(place=place, precision=PRECISION[place.kind], matched_name=row.name, method=method,
                         score=round(score, 3))


# Words that say the text means a border crossing point, not the town of the same name.
CROSSING_WORDS = frozenset({
    "crossing", "border", "bcp", "checkpoint", "gate", "customs", "кпп", "мапп", "погранпереход", "граница",
    "таможня", "пропуска", "chegara", "чегара", "گذرگاه", "مرز", "مرزی", "سرحد", "بارڈر", "گمرک",
})


def _wants_crossing(text: str) -> bool:
    return not CROSSING_WORDS.isdisjoint(tokens(text))


def _city_of(province: Place) -> Place | None:
    """The settlement a city province (Tashkent, Dushanbe, Almaty, ...) is, or None for any other place."""
    if province.kind != PlaceKind.PROVINCE or province.code not in CITY_PROVINCES:
        return None
    return (Place.objects.filter(kind=PlaceKind.SETTLEMENT, country_id=province.country_id,
                                 admin1_code=province.admin1_code).order_by("-population").first())


def geocode_admin1(text: str, country: str | None) -> Place | None:
    """The province (first-level division) `text` names, by any spelling, by its GeoNames admin1 code
    ("13" in AF) or by its code ("af-kabul")."""
    text, country = _clean_text(text), _clean_country(country)
    if text is None or country is False:
        return None
    provinces = Place.objects.filter(kind=PlaceKind.PROVINCE)
    if country:
        provinces = provinces.filter(country_id=country)
        by_code = provinces.filter(admin1_code=text).first()
        if by_code:
            return by_code
    by_code = provinces.filter(code=text.lower()).first()
    if by_code:
        return by_code
    found = _lookup(text, country, (PlaceKind.PROVINCE,))
    return found[0].place if found else None


# A settlement this close to a crossing point stands for it when no crossing has the name itself
# ("Termez" for the Termez–Hairatan crossing at the Friendship Bridge).
CROSSING_NEAR_KM = 15.0


def crossing(text: str, country: str | None = None) -> Place | None:
    """The border crossing point `text` names (any spelling, or its code such as "af-torkham"), on the
    `country` side if given; failing that, the crossing nearest to the settlement `text` names."""
    text, country = _clean_text(text), _clean_country(country)
    if text is None or country is False:
        return None
    found = _crossing_lookup(text, country)
    return found.place if found else None


def _crossing_lookup(text: str, country: str | None) -> GeocodeResult | None:
    crossings = Place.objects.filter(kind=PlaceKind.CROSSING)
    if country:
        crossings = crossings.filter(country_id=country)
    by_code = crossings.filter(code=text.lower()).first()
    if by_code:
        return GeocodeResult(by_code, PRECISION[by_code.kind], by_code.code, "exact", 1.0)
    found = _lookup(text, country, (PlaceKind.CROSSING,))
    if found:
        row, method, score = found
        return GeocodeResult(row.place, PRECISION[row.place.kind], row.name, method, round(score, 3))
    found = _lookup(text, country, (PlaceKind.SETTLEMENT,))
    if not found or found[1] == "fuzzy":
        return None
    row, method, score = found
    town = row.place
    nearby = crossings.filter(country_id=town.country_id,
                              latitude__range=(town.latitude - 0.2, town.latitude + 0.2),
                              longitude__range=(town.longitude - 0.25, town.longitude + 0.25))
    best = min(nearby, key=lambda p: distance_km(town, p), default=None)
    if best is None or distance_km(town, best) > CROSSING_NEAR_KM:
        return None
    # Found through its town: a little less sure than a spelling of the crossing itself.
    return GeocodeResult(best, PRECISION[best.kind], row.name, method, round(score - 0.05, 3))


def distance_km(a: Place, b: Place) -> float:
    from math import asin, cos, radians, sin, sqrt

    lat1, lon1, lat2, lon2 = map(radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(min(1.0, h)))


def search(q: str, country: str | None = None, kind: str | None = None, limit: int = 10) -> list[Place]:
    """Places whose name (in any script) begins with `q`, for autocomplete: exact names first, then bigger
    places. `kind` is one of PlaceKind's values."""
    q, country = _clean_text(q), _clean_country(country)
    if q is None or country is False or (kind and kind not in PlaceKind.values):
        return []
    limit = max(1, min(int(limit or 10), 50))
    key = fold(q)
    if not key:
        return []
    places = Place.objects.all()
    if country:
        places = places.filter(country_id=country)
    if kind:
        places = places.filter(kind=kind)
    exact = list(places.filter(names__key=key).distinct().order_by("-population", "name")[:limit])
    exact.sort(key=_rank)
    seen = {p.pk for p in exact}
    more = places.filter(names__key__startswith=key).exclude(pk__in=seen).distinct()
    prefix = sorted(more.order_by("-population", "name")[: limit * 2], key=_rank)
    return (exact + prefix)[:limit]


def search_with_fallback(q: str, country: str | None = None, kind: str | None = None,
                         limit: int = 10) -> list[Place]:
    """`search`, or, when no name begins with `q`, the place `q` geocodes to (another script, a typo)."""
    results = search(q, country, kind, limit)
    if results:
        return results
    text, iso = _clean_text(q), _clean_country(country)
    if text is None or iso is False or (kind and kind not in PlaceKind.values):
        return []
    found = _lookup(text, iso, (kind,) if kind else None)
    return [found[0].place] if found else []


def explain(text: str, country: str | None = None, limit: int = 5) -> list[GeocodeResult]:
    """The candidates every step of `geocode` finds for `text`, best first: what `hamkari places find`
    prints to show why a name geocodes where it does. The first is what `geocode` returns."""
    text, country = _clean_text(text), _clean_country(country)
    if text is None or country is False:
        return []
    names = _names(country, None).order_by("-place__population")
    steps = [("exact", METHOD_SCORE["exact"], names.filter(name=text))]
    steps += [("folded", METHOD_SCORE["folded"] - (0.05 if i else 0), names.filter(key=key))
              for i, key in enumerate(fold_variants(text))]
    steps += [("skeleton", METHOD_SCORE["skeleton"], names.filter(skeleton=skel))
              for skel in skeleton_variants(text) if len(skel) >= MIN_SKELETON]
    results: list[GeocodeResult] = []
    seen: set[int] = set()
    for method, score, rows in steps:
        for row in sorted(rows[:CANDIDATES_PER_STEP], key=lambda r: (_rank(r.place), r.pk)):
            if row.place_id not in seen:
                seen.add(row.place_id)
                results.append(GeocodeResult(row.place, PRECISION[row.place.kind], row.name, method, score))
    if not results:
        for key in fold_variants(text):
            found = _fuzzy(key, country, None)
            if found:
                row, method, score = found
                results.append(GeocodeResult(row.place, PRECISION[row.place.kind], row.name, method, score))
                break
    return results[:max(1, limit)]


# ---- the fuzzy step ----------------------------------------------------------------------------------------
#
# The fuzzy step compares the query's key with the keys that begin with the same letter. Those keys are kept in
# memory per database: {first letter: [(key, name id, country, kind)]}, built on first use. The index is
# rebuilt when the highest PlaceName id changes (one indexed MAX per lookup: a spelling added by another
# process), when a PlaceName is saved or deleted in this process (signals, connected in apps.py), and when
# the loader finishes (`clear_cache`). A spelling deleted elsewhere only leaves a key that finds nothing.

_fuzzy_lock = threading.Lock()
_fuzzy_index: dict[str, tuple[int | None, dict[str, list[tuple[str, int, str, str]]]]] = {}


def clear_cache(*args, **kwargs) -> None:
    """Forget the fuzzy index (after the gazetteer changed). Takes any arguments, so it can be a receiver."""
    with _fuzzy_lock:
        _fuzzy_index.clear()


def _index(alias: str) -> dict[str, list[tuple[str, int, str, str]]]:
    generation = PlaceName.objects.using(alias).aggregate(last=Max("id"))["last"]
    cached = _fuzzy_index.get(alias)
    if cached and cached[0] == generation:
        return cached[1]
    with _fuzzy_lock:
        index: dict[str, list[tuple[str, int, str, str]]] = {}
        rows = PlaceName.objects.using(alias).values_list("key", "id", "place__country_id", "place__kind")
        for key, name_id, country, kind in rows.iterator(chunk_size=5000):
            if key:
                index.setdefault(key[0], []).append((key, name_id, country, kind))
        _fuzzy_index[alias] = (generation, index)
        return index


def _fuzzy(key: str, country: str | None, kinds: tuple[str, ...] | None) -> tuple[PlaceName, str, float] | None:
    if len(key) < 4:  # three letters leave too little to be wrong about
        return None
    alias = router.db_for_read(PlaceName)
    slack = max(2, len(key) // 4)
    choices = {name_id: candidate for candidate, name_id, b_country, b_kind in _index(alias).get(key[0], ())
               if abs(len(candidate) - len(key)) <= slack and (not country or b_country == country)
               and (not kinds or b_kind in kinds)}
    if not choices:
        return None
    matches = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20)
    if not matches:
        return None
    top = max(score for _, score, _ in matches)
    best_ids = [name_id for _, score, name_id in matches if score == top]
    row = _best(PlaceName.objects.select_related("place").filter(pk__in=best_ids))
    if row is None:
        return None
    return row, "fuzzy", round(0.9 * top / 100, 3)
