"""What each format looks like: columns and rows, formula neutralisation, scripts, GeoJSON structure,
FollowTheMoney entities that the followthemoney package validates."""

import json
import math
from collections import Counter

import pytest
from followthemoney import model
from followthemoney.exc import InvalidData

from hamkari.incidents.exports import FORMATS, content_type, filename
from hamkari.core.cells import csv_safe, decimal_text
from hamkari.incidents.exports.tabular import COLUMNS
from tests.incidents.exports.outputs import csv_dicts, export_bytes, ftm_entities, xlsx_dicts, xlsx_sheet, xlsx_text
from tests.incidents.exports.world import FORMULAS


# CSV --------------------------------------------------------------------------------------------------------

def test_csv_one_row_per_seizure_line_plus_incidents_without(world):
    n, body = export_bytes("csv", user=world.af_analyst)
    rows = csv_dicts(body)
    assert list(rows[0]) == list(COLUMNS)
    by_ref = Counter(r["national_reference"] for r in rows)
    # AFREGIONAL has three seizure lines, AFBARE none (one row with empty seizure cells).
    assert by_ref["REF-AFREGIONAL"] == 3 and by_ref["REF-AFBARE"] == 1 and by_ref["REF-AFNATSECRET"] == 1
    assert n == 5 and sum(by_ref.values()) == 7
    bare = next(r for r in rows if r["national_reference"] == "REF-AFBARE")
    assert bare["substance"] == "" and bare["amount"] == "" and bare["date"] == "2022"
    regional = [r for r in rows if r["national_reference"] == "REF-AFREGIONAL"]
    assert [r["substance"] for r in regional] == ["opium", "captagon", "heroin"]
    # Amounts as written: no trailing zeros from the database's four decimal places, no exponent.
    assert [r["amount"] for r in regional] == ["1200", "5000", "0.5"]
    assert regional[0]["transit_countries"] == "IR;TR" and regional[0]["destination_country"] == "TR"
    secret = next(r for r in rows if r["national_reference"] == "REF-AFNATSECRET")
    assert secret["amount"] == "12.345" and secret["place_name"] == "Кабул AFNATSECRET"
    again = next(r for r in rows if r["national_reference"] == "REF-AFAGAIN")
    assert again["date"] == "2022-07" and again["date_precision"] == "month"


def test_csv_keeps_cyrillic_and_arabic_script(world):
    _n, body = export_bytes("csv", user=world.af_analyst)
    rows = csv_dicts(body)
    regional = next(r for r in rows if r["national_reference"] == "REF-AFREGIONAL")
    assert regional["admin2"] == "ولسوالی سپین بولدک"
    assert "Провинция" in {r["admin1"] for r in rows}


def test_csv_neutralises_formulas(world):
    _n, body = export_bytes("csv", user=world.af_analyst)
    regional = next(r for r in csv_dicts(body) if r["national_reference"] == "REF-AFREGIONAL")
    assert regional["place_name"] == "'" + FORMULAS[0] + " AFREGIONAL"
    assert regional["conveyance"] == "'" + FORMULAS[1]
    assert regional["narrative"] == "'" + FORMULAS[2] + " AFREGIONAL"
    assert regional["admin1"] == "'" + FORMULAS[3]
    assert regional["concealment_detail"] == "'\tTAB-START"
    for row in csv_dicts(body):
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), value


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=1", "a=1"), ("", ""), ("-", "-"), ("--", "--"), ("-1", "'-1"), ("- x", "'- x"), (None, ""), ("Кабул", "Кабул"),
])
def test_csv_safe(text, safe):
    assert csv_safe(text) == safe


def test_decimal_text():
    from decimal import Decimal

    assert [decimal_text(Decimal(x)) for x in ("1200.0000", "0.5000", "12.3450", "0E-4", "1E+3")] == \
        ["1200", "0.5", "12.345", "0", "1000"]


# XLSX -------------------------------------------------------------------------------------------------------

def test_xlsx_same_columns_and_rows_as_csv(world):
    n_csv, csv_body = export_bytes("csv", user=world.pk_analyst)
    n_xlsx, xlsx_body = export_bytes("xlsx", user=world.pk_analyst)
    csv_rows, xlsx_rows = csv_dicts(csv_body), xlsx_dicts(xlsx_body)
    assert n_csv == n_xlsx == 5 and len(csv_rows) == len(xlsx_rows)
    assert list(xlsx_rows[0]) == list(COLUMNS)
    assert [r["national_reference"] for r in xlsx_rows] == [r["national_reference"] for r in csv_rows]
    # Numbers stay numbers in a workbook.
    amounts = {r["national_reference"]: r["amount"] for r in xlsx_rows if r["substance"] == "methamphetamine"}
    assert float(amounts["REF-PKNATIONAL"]) == 3.25


def test_xlsx_stores_formula_looking_text_as_text(world):
    _n, body = export_bytes("xlsx", user=world.af_analyst)
    # No formula anywhere in the workbook's XML, whatever the records hold.
    assert "<f>" not in xlsx_text(body) and "<f " not in xlsx_text(body)
    sheet = xlsx_sheet(body)
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    checked = 0
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        if cells["national_reference"].value != "REF-AFREGIONAL":
            continue
        for column, expected in [("place_name", FORMULAS[0] + " AFREGIONAL"), ("conveyance", FORMULAS[1]),
                                 ("narrative", FORMULAS[2] + " AFREGIONAL"), ("admin1", FORMULAS[3])]:
            cell = cells[column]
            # The text as recorded, typed as a string and marked "quote prefix" so that editing the cell
            # in Excel keeps it text.
            assert cell.value == expected and cell.data_type == "s" and cell.quotePrefix, column
            checked += 1
    assert checked == 12  # four columns on each of the incident's three seizure rows


def test_xlsx_survives_control_characters_and_error_lookalikes(world):
    incident = world.incidents["AFAGAIN"]
    incident.narrative = "bell\x07 inside"
    incident.conveyance = "#N/A"
    incident.save()
    _n, body = export_bytes("xlsx", user=world.af_analyst)
    row = next(r for r in xlsx_dicts(body) if r["national_reference"] == "REF-AFAGAIN")
    assert row["narrative"] == "bell\ufffd inside" and row["conveyance"] == "#N/A"


# GeoJSON ----------------------------------------------------------------------------------------------------

def test_geojson_structure(world):
    n, body = export_bytes("geojson", user=world.af_analyst)
    data = json.loads(body)
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)
    assert len(data["features"]) == n == 4 and data["skipped_without_coordinates"] == 1
    ids = set()
    for feature in data["features"]:
        assert feature["type"] == "Feature" and set(feature) == {"type", "id", "geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert all(isinstance(v, float) and math.isfinite(v) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["id"] not in ids
        ids.add(feature["id"])
    regional = next(f for f in data["features"] if f["properties"]["reference"] == "REF-AFREGIONAL")
    # Longitude first (RFC 7946): Spin Boldak is at 31.61 N, 65.71 E.
    assert regional["geometry"]["coordinates"] == [65.71, 31.61]
    props = regional["properties"]
    assert props["date"] == "2021-03-14" and props["country"] == "AF" and props["handling"] == "regional"
    assert [(s["substance"], s["amount"], s["unit"], s["kg"]) for s in props["substances"]] == [
        ("opium", "1200", "kg", 1200.0), ("captagon", "5000", "tablet", None), ("heroin", "0.5", "kg", 0.5)]
    assert props["total_kg"] == 1200.5


def test_geojson_skips_impossible_coordinates(world):
    incident = world.incidents["AFAGAIN"]
    incident.latitude = 123.0  # no such latitude
    incident.save()
    n, body = export_bytes("geojson", user=world.af_analyst)
    data = json.loads(body)
    assert n == 3 and data["skipped_without_coordinates"] == 2
    assert "REF-AFAGAIN" not in {f["properties"]["reference"] for f in data["features"]}


def test_geojson_of_nothing_is_still_valid(world):
    from tests.factories import make_agency, make_user

    kz = make_user("kz_analyst", make_agency("KZ-MVD", "KZ"), ["analyst"])
    n, body = export_bytes("geojson", user=kz, filters={"country": "KZ"})
    assert n == 0 and json.loads(body) == {"type": "FeatureCollection", "features": [],
                                           "skipped_without_coordinates": 0}


# FollowTheMoney ---------------------------------------------------------------------------------------------

def _validate(entity: dict):
    """What followthemoney checks, and what it leaves to us: required properties present, values already
    clean (re-cleaning changes nothing), the schema concrete."""
    proxy = model.get_proxy(entity, cleaned=False)
    assert proxy.schema.name == entity["schema"] and not proxy.schema.abstract
    proxy.schema.validate(entity)
    for prop in proxy.schema.required:
        assert entity["properties"].get(prop), f"{entity['schema']} {entity['id']} lacks required {prop}"
    assert proxy.to_dict()["properties"] == entity["properties"], "values were not clean"
    return proxy


def test_ftm_lines_validate(world):
    n, body = export_bytes("ftm", user=world.af_analyst)
    entities = ftm_entities(body)
    assert n == 5
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), "each entity once"
    known = set(ids)
    schemata = Counter()
    references = 0
    for entity in entities:
        proxy = _validate(entity)
        schemata[entity["schema"]] += 1
        # Every reference to another entity points at an entity in the same file.
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                references += 1
                assert set(proxy.get(prop)) <= known, (entity["id"], prop.name, proxy.get(prop))
    assert schemata["Event"] == 5
    assert references == 2 * schemata["UnknownLink"] + schemata["Passport"] + schemata["Identification"]
    assert schemata["Person"] == 3  # the courier once, although he is in two incidents
    assert {"Organization", "Vehicle", "UserAccount", "Passport", "Identification", "BankAccount", "Address",
            "LegalEntity", "UnknownLink"} <= set(schemata)


def test_ftm_person_and_links(world):
    _n, body = export_bytes("ftm", user=world.pk_analyst)
    entities = {e["id"]: e for e in ftm_entities(body)}
    courier = world.persons["courier"]
    person = entities[f"hamkari-person-{courier.pk}"]["properties"]
    assert person["name"] == ["Ахмад Шах"] and "Ahmad Shah" in person["alias"]
    assert person["birthDate"] == ["1985-06"] and person["nationality"] == ["af"] and person["gender"] == ["male"]
    links = [e for e in entities.values() if e["schema"] == "UnknownLink"
             and e["properties"]["subject"] == [f"hamkari-person-{courier.pk}"]]
    events = {tuple(link["properties"]["object"]) for link in links}
    assert events == {(f"hamkari-incident-{world.incidents['AFREGIONAL'].pk}",),
                      (f"hamkari-incident-{world.incidents['AFAGAIN'].pk}",)}
    assert all(link["properties"]["role"] == ["courier"] for link in links)
    # The national person of the regional incident: no entity, no link, for a Pakistani user.
    hidden = world.persons["AFHIDDENPERSON"]
    assert f"hamkari-person-{hidden.pk}" not in entities
    assert not any(e["properties"].get("subject") == [f"hamkari-person-{hidden.pk}"] for e in entities.values())


def test_ftm_validation_catches_a_broken_entity():
    """The check above can fail: an entity without its required property is refused."""
    with pytest.raises((InvalidData, AssertionError)):
        _validate({"id": "x", "schema": "Passport", "properties": {"number": ["P1"]}})


# Names ------------------------------------------------------------------------------------------------------

def test_filenames_and_content_types():
    from datetime import date

    assert filename("csv", today=date(2026, 11, 28)) == "hamkari-incidents-2026-11-28.csv"
    assert {filename(f).rsplit("-", 3)[0] for f in FORMATS} == {"hamkari-incidents"}
    assert len({filename(f, today=date(2026, 1, 1)) for f in FORMATS}) == len(FORMATS)
    assert content_type("xlsx").startswith("application/vnd.openxmlformats")
    assert content_type("geojson") == "application/geo+json"
    with pytest.raises(ValueError):
        filename("pdf")


# Reading ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_queries_do_not_grow_with_the_number_of_incidents(world, fmt):
    """Related rows are fetched per chunk, never per incident (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hamkari.entities.models import Involvement, Person
    from hamkari.incidents.models import Incident, Seizure

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            export_bytes(fmt, user=world.pk_analyst)
        return len(ctx.captured_queries)

    queries()  # the first export also reads the user's roles, which are then cached
    before = queries()
    agency = world.pk_agency
    for i in range(25):
        incident = Incident.objects.create(owner_agency=agency, handling="national", country_id="PK",
                                           national_reference=f"MORE-{i}", latitude=30.0, longitude=66.0 + i / 100)
        Seizure.objects.create(incident=incident, owner_agency=agency, handling="national", substance="heroin",
                               substance_group="opiates", amount=1, unit="kg", amount_kg=1)
        person = Person.objects.create(owner_agency=agency, handling="national", name=f"Person {i}")
        Involvement.objects.create(incident=incident, owner_agency=agency, handling="national", role="suspect",
                                   person=person)
    assert queries() == before
