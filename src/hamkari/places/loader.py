"""Loading the gazetteer into the database: provinces and crossing points from `places.data`, settlements
from GeoNames (`places.geonames`), every spelling as a PlaceName with its folded key and skeleton.

Used by the data migration (with the historical models it is given) and by `hamkari places load`. Loading
is idempotent and never deletes: places are matched by GeoNames id (settlements) or code (provinces,
crossings) and updated in place, because incidents point at them; spellings that are missing are added,
keys of existing ones recomputed; a spelling added by hand stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hamkari.places import data, geonames
from hamkari.places.folding import MAX_NAME_LENGTH, fold, script_of, skeleton

SCRIPTS = {"Latn", "Cyrl", "Arab"}
BATCH = 2000
PLACE_FIELDS = ("geonameid", "code", "kind", "country_id", "admin1_code", "admin1_name", "name", "latitude",
                "longitude", "population", "neighbour_country_id")


@dataclass
class Spec:
    """One place as the gazetteer's sources describe it, before it meets the database."""

    fields: dict
    names: list[str]
    counterpart: str | None = None  # code of the crossing on the other side

    @property
    def identity(self) -> tuple:
        geonameid = self.fields["geonameid"]
        return ("geonameid", geonameid) if geonameid else ("code", self.fields["code"])


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    names_created: int = 0
    names_updated: int = 0
    by_kind: dict = field(default_factory=dict)

    def __str__(self):
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.by_kind.items()))
        return (f"{kinds}; places: {self.created} created, {self.updated} updated, {self.unchanged} unchanged; "
                f"names: {self.names_created} created, {self.names_updated} re-keyed")


_script_cache: dict[str, str] = {}


def _script(name: str) -> str:
    script = _script_cache.get(name)
    if script is None:
        script = _script_cache[name] = script_of(name)
    return script


def clean_names(names) -> list[str]:
    """Spellings worth storing, once each: Latin, Cyrillic or Arabic script, not empty, not too long."""
    seen, result = set(), []
    for name in names:
        if not isinstance(name, str):
            continue
        name = " ".join(name.replace("\x00", "").split())
        if not name or len(name) > MAX_NAME_LENGTH or name in seen or _script(name) not in SCRIPTS:
            continue
        seen.add(name)
        result.append(name)
    return result


def specs(countries=data.MEMBER_STATES) -> list[Spec]:
    """Every place of the gazetteer: provinces, then crossing points, then settlements."""
    provinces = data.provinces_by_country()
    cities = geonames.cities(countries)
    by_id = {city["geonameid"]: city for city in cities}
    population: dict[tuple, int] = {}
    for city in cities:
        key = (city["countrycode"], city["admin1code"])
        population[key] = population.get(key, 0) + int(city.get("population") or 0)

    result: list[Spec] = []
    for province in data.PROVINCES:
        if province.country not in countries:
            continue
        centre = by_id.get(province.capital) if province.capital else None
        latitude = province.latitude if province.latitude is not None else centre["latitude"]
        longitude = province.longitude if province.longitude is not None else centre["longitude"]
        result.append(Spec(fields={
            "geonameid": None, "code": province.code, "kind": "province", "country_id": province.country,
            "admin1_code": province.admin1, "admin1_name": province.name, "name": province.name,
            "latitude": latitude, "longitude": longitude,
            "population": population.get((province.country, province.admin1), 0), "neighbour_country_id": None,
        }, names=clean_names([province.name, *province.names])))
    for crossing in data.CROSSINGS:
        if crossing.country not in countries:
            continue
        result.append(Spec(fields={
            "geonameid": None, "code": crossing.code, "kind": "crossing", "country_id": crossing.country,
            "admin1_code": "", "admin1_name": "", "name": crossing.name, "latitude": crossing.latitude,
            "longitude": crossing.longitude, "population": 0, "neighbour_country_id": crossing.neighbour,
        }, names=clean_names(crossing.names), counterpart=crossing.counterpart))
    for city in cities:
        province = provinces.get(city["countrycode"], {}).get(city["admin1code"])
        result.append(Spec(fields={
            "geonameid": city["geonameid"], "code": "", "kind": "settlement", "country_id": city["countrycode"],
            "admin1_code": city["admin1code"] or "", "admin1_name": province.name if province else "",
            "name": city["name"][:200], "latitude": float(city["latitude"]),
            "longitude": float(city["longitude"]), "population": int(city.get("population") or 0),
            "neighbour_country_id": None,
        }, names=clean_names([city["name"], *city.get("alternatenames", [])])))
    return result


def load(Place, PlaceName, *, using: str = "default", countries=data.MEMBER_STATES,
         progress: Callable[[str], None] | None = None) -> Report:
    """Bring the database's gazetteer up to date with the sources, all or nothing. `Place` and `PlaceName`
    are the model classes to use (the migration passes its historical models)."""
    from django.db import transaction

    try:
        with transaction.atomic(using=using):
            report = _load(Place, PlaceName, using, countries, progress)
    finally:
        _script_cache.clear()  # tens of thousands of spellings: do not keep them in a long-lived process
    try:
        from hamkari.places.selectors import clear_cache

        clear_cache()
    except ImportError:  # pragma: no cover - the selectors always import; stay safe in a migration
        pass
    return report


def ensure_loaded(Place, PlaceName, *, using: str = "default") -> bool:
    """Load the gazetteer if its table is empty (a test database after a transactional test emptied every
    table). True when it loaded."""
    if Place.objects.using(using).filter(kind="crossing").exists():
        return False
    load(Place, PlaceName, using=using)
    return True


def _load(Place, PlaceName, using, countries, progress) -> Report:
    say = progress or (lambda message: None)
    report = Report()
    wanted = specs(countries)
    say(f"{len(wanted)} places from the sources")
    places = Place.objects.using(using)

    existing = {}
    for row in places.values("id", *PLACE_FIELDS):
        identity = ("geonameid", row["geonameid"]) if row["geonameid"] else ("code", row["code"])
        existing[identity] = row

    to_create, to_update = [], []
    for spec in wanted:
        report.by_kind[spec.fields["kind"]] = report.by_kind.get(spec.fields["kind"], 0) + 1
        row = existing.get(spec.identity)
        if row is None:
            to_create.append(Place(**spec.fields))
        elif any(row[name] != value for name, value in spec.fields.items()):
            to_update.append(Place(id=row["id"], **spec.fields))
        else:
            report.unchanged += 1
    places.bulk_create(to_create, batch_size=BATCH)
    places.bulk_update(to_update, PLACE_FIELDS, batch_size=BATCH)
    report.created, report.updated = len(to_create), len(to_update)

    ids = {}
    for pk, geonameid, code in places.values_list("id", "geonameid", "code"):
        ids[("geonameid", geonameid) if geonameid else ("code", code)] = pk

    # Counterparts, once both sides exist.
    counterparts = []
    current = dict(places.filter(kind="crossing").values_list("id", "counterpart_id"))
    for spec in wanted:
        if spec.fields["kind"] != "crossing":
            continue
        pk = ids[spec.identity]
        other = ids.get(("code", spec.counterpart)) if spec.counterpart else None
        if current.get(pk) != other:
            counterparts.append(Place(id=pk, counterpart_id=other))
    places.bulk_update(counterparts, ["counterpart_id"], batch_size=BATCH)

    report.names_created, report.names_updated = _load_names(PlaceName, using, wanted, ids)
    return report


def name_row_values(name: str) -> dict:
    return {"key": fold(name)[:200], "skeleton": skeleton(name)[:200], "script": _script(name)}


def _load_names(PlaceName, using, wanted, ids) -> tuple[int, int]:
    names = PlaceName.objects.using(using)
    place_ids = set(ids.values())
    existing = {}
    for pk, place_id, name, key, skel, script in names.values_list(
            "id", "place_id", "name", "key", "skeleton", "script").iterator(chunk_size=BATCH):
        if place_id in place_ids:
            existing[(place_id, name)] = (pk, key, skel, script)
    computed: dict[str, dict] = {}  # the same spelling often names several places

    def values(name):
        if name not in computed:
            computed[name] = name_row_values(name)
        return computed[name]

    to_create, to_update = [], []
    for spec in wanted:
        place_id = ids[spec.identity]
        for name in spec.names:
            row = existing.get((place_id, name))
            fresh = values(name)
            if not fresh["key"]:  # punctuation only: nothing to look up
                continue
            if row is None:
                to_create.append((place_id, name, fresh["key"], fresh["skeleton"], fresh["script"]))
            elif (row[1], row[2], row[3]) != (fresh["key"], fresh["skeleton"], fresh["script"]):
                to_update.append(PlaceName(id=row[0], place_id=place_id, name=name, **fresh))
    # Spellings added by hand (not in the sources) get their keys recomputed too, in case folding changed.
    wanted_pairs = {(ids[spec.identity], name) for spec in wanted for name in spec.names}
    for (place_id, name), (pk, key, skel, script) in existing.items():
        if (place_id, name) in wanted_pairs:
            continue
        fresh = values(name)
        if (key, skel, script) != (fresh["key"], fresh["skeleton"], fresh["script"]):
            to_update.append(PlaceName(id=pk, place_id=place_id, name=name, **fresh))
    _insert_names(PlaceName, using, to_create)
    names.bulk_update(to_update, ["key", "skeleton", "script"], batch_size=BATCH)
    return len(to_create), len(to_update)


def _insert_names(PlaceName, using: str, rows: list[tuple]) -> None:
    """Insert name rows with one prepared statement: tens of thousands of them through bulk_create spend
    most of their time building model instances, which a migration on every test database cannot afford."""
    from django.db import connections

    if not rows:
        return
    columns = ("place_id", "name", "key", "skeleton", "script")
    connection = connections[using]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(PlaceName._meta.db_table), ", ".join(quote(PlaceName._meta.get_field(c).column) for c in columns),
        ", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, rows[start:start + BATCH * 5])
