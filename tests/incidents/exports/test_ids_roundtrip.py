"""The UNODC IDS export: what came from an IDS file goes back unchanged (apart from row order); an edit shows
in exactly the columns it touched; incidents reported otherwise get canonical texts that the importer reads
back to the same values."""

import csv
import io
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from hamkari.incidents.exports.ids import COLUMNS
from hamkari.incidents.models import Incident, RouteTransit, Seizure
from hamkari.incidents.vocab import countries
from hamkari.sharing.models import AuditAction, AuditEntry
from tests.factories import make_agency

HEADER = list(COLUMNS)
# Rows as UNODC and national offices write them: UN country names with their sentinels, several routing
# styles, day, month and year precision, amounts with and without decimals, units long and short, places and
# divisions in Latin, Cyrillic and Arabic script, a seizure outside the region on a route through it, and two
# identical rows (both kept, flagged as possible duplicates).
ROWS = [
    ["Asia", "South-West Asia", "Iran (Islamic Republic of)", "سیستان و بلوچستان", "زاهدان", "2019-05",
     "Opium", "1200", "kg", "Vehicle", "Border crossing", "Truck", "Afghanistan", "Afghanistan", "Turkey",
     "Afghanistan > Iran (Islamic Republic of) > Turkey"],
    ["Asia", "Central Asia", "Tajikistan", "Горно-Бадахшанская автономная область", "Хорог", "2020-11-03",
     "Heroin", "12.345", "Kilograms", "Body", "Road", "Private vehicle", "Afghanistan", "Afghanistan",
     "Russian Federation", "Afghanistan, Tajikistan, Kyrgyzstan, Kazakhstan, Russian Federation"],
    ["Asia", "South Asia", "Pakistan", "بلوچستان", "کوئٹہ", "2021", "Cannabis resin", "0.5", "g", "Luggage",
     "Inland", "Bus", "Unknown", "Pakistan", "Other", ""],
    ["Europe", "West & Central Europe", "Germany", "Hessen", "Frankfurt am Main", "2022-03-17", "Heroin", "3",
     "kg", "Luggage", "Airport", "Air", "Afghanistan", "Pakistan", "Germany", "Pakistan > Unknown > Germany"],
    ["Asia", "Central Asia", "Kazakhstan", "Алматинская область", "Алматы", "2018-02", "Acetic anhydride",
     "1200", "Litres", "Cargo", "Rail", "Train", "Other", "China", "Afghanistan",
     "China; Kazakhstan; Uzbekistan; Afghanistan"],
    ["Asia", "South-West Asia", "Afghanistan", "Nimroz", "Zaranj", "15/03/2022", "Methamphetamine", "250.5",
     "kg", "", "", "", "Afghanistan", "", "Iran (Islamic Republic of)", ""],
    ["Asia", "Central Asia", "Uzbekistan", "Сурхандарьинская область", "Термез", "2023-07", "Opium", "12.345",
     "kg", "Vehicle", "Border crossing", "Truck", "Afghanistan", "Afghanistan", "Unknown", "Afghanistan > Uzbekistan"],
    ["Asia", "South-West Asia", "Iran (Islamic Republic of)", "Khorasan Razavi", "Dogharoun", "2020-08",
     "Captagon", "5000", "Tablets", "Vehicle", "Border crossing", "Truck", "Unknown", "Afghanistan", "Iraq", ""],
    ["Asia", "Central Asia", "Kyrgyzstan", "Ошская область", "Ош", "2019", "Cannabis herb", "0.5", "kg",
     "Premises", "Inland", "", "Kyrgyzstan", "Kyrgyzstan", "Kazakhstan", ""],
]
DUPLICATE = ROWS[1]


def write_ids(path, rows, *, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)


def read_ids(path) -> list[tuple]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == HEADER
        return [tuple(row) for row in reader]


def import_ids(path, agency_code):
    call_command("import", str(path), format="ids", agency=agency_code, no_progress=True,
                 stdout=io.StringIO(), stderr=io.StringIO())


def export_ids(path, **options):
    call_command("export", format="ids", out=str(path), no_progress=True, stdout=io.StringIO(),
                 stderr=io.StringIO(), **options)


@pytest.fixture
def imported(db, tmp_path):
    make_agency("AF-CNPA", "AF")
    source = tmp_path / "ids.csv"
    rows = [*ROWS, DUPLICATE]
    write_ids(source, rows)
    import_ids(source, "AF-CNPA")
    assert Incident.objects.count() == len(rows), "every row imported"
    return rows


def test_round_trip_gives_back_every_value(imported, tmp_path):
    out = tmp_path / "export.csv"
    export_ids(out)
    assert Counter(read_ids(out)) == Counter(tuple(r) for r in imported)
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.detail["operator"] is True and entry.detail["format"] == "ids"
    assert entry.detail["rows"] == len(imported)


def test_round_trip_as_xlsx(imported, tmp_path):
    from tests.incidents.exports.outputs import xlsx_sheet

    out = tmp_path / "export.xlsx"
    export_ids(out)
    rows = list(xlsx_sheet(out.read_bytes()).iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert Counter(tuple(v or "" for v in r) for r in rows[1:]) == Counter(tuple(r) for r in imported)


def test_round_trip_of_a_semicolon_file_with_older_column_names(db, tmp_path):
    make_agency("TJ-DCA", "TJ")
    source = tmp_path / "old.csv"
    with open(source, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow([{"COUNTRY": "COUNTRY_OF_SEIZURE", "AMOUNT": "AMOUNT_OF_DRUG"}.get(c, c) for c in HEADER])
        writer.writerows(ROWS[:3])
    import_ids(source, "TJ-DCA")
    out = tmp_path / "export.csv"
    export_ids(out, agency="TJ-DCA")
    assert Counter(read_ids(out)) == Counter(tuple(r) for r in ROWS[:3])


def _row_of(path, place):
    return dict(zip(HEADER, next(r for r in read_ids(path) if r[HEADER.index("PLACE")] == place), strict=True))


def test_an_edit_changes_exactly_the_columns_it_touches(imported, tmp_path):
    khorog = Incident.objects.filter(place_name="Хорог").order_by("pk").first()  # one of the two identical rows
    khorog.country_id = "KG"
    khorog.save()
    seizure = khorog.seizures.get()
    seizure.amount = Decimal("13.5000")
    seizure.save()
    zahedan = Incident.objects.get(place_name="زاهدان")
    zahedan.occurred_on, zahedan.date_precision = date(2019, 5, 20), "day"
    zahedan.transport_mode, zahedan.conveyance = "rail", ""
    zahedan.save()
    RouteTransit.objects.filter(incident=zahedan).delete()

    out = tmp_path / "edited.csv"
    export_ids(out)
    rows = read_ids(out)
    assert len(rows) == len(imported)
    original = dict(zip(HEADER, ROWS[1], strict=True))
    edited = [dict(zip(HEADER, r, strict=True)) for r in rows if r[HEADER.index("PLACE")] == "Хорог"]
    changed = next(r for r in edited if r["COUNTRY"] != original["COUNTRY"])
    region, subregion = countries.region_of("KG")
    assert changed["COUNTRY"] == countries.unodc_name("KG") and (changed["REGION"], changed["SUBREGION"]) == (
        region, subregion)
    assert changed["AMOUNT"] == "13.5"
    # Every other column as written in the file ("Asia" stays: Kyrgyzstan is in Asia too).
    assert {c for c in HEADER if changed[c] != original[c]} == {"COUNTRY", "SUBREGION", "AMOUNT"}
    # The other Khorog row (the duplicate) was not edited: it comes back as it was.
    assert sum(1 for r in edited if r == original) == 1

    zahedan_row = _row_of(out, "زاهدان")
    before = dict(zip(HEADER, ROWS[0], strict=True))
    assert zahedan_row["SEIZURE_DATE"] == "2019-05-20" and zahedan_row["TRANSPORT"] == "Train"
    # Without transit countries the route is departure and destination only.
    assert zahedan_row["ROUTING"] == countries.format_routing(["AF", "TR"])
    assert {c for c in HEADER if zahedan_row[c] != before[c]} == {"SEIZURE_DATE", "TRANSPORT", "ROUTING"}


def test_an_added_seizure_line_gets_its_own_row(imported, tmp_path):
    zaranj = Incident.objects.get(place_name="Zaranj")
    Seizure.objects.create(incident=zaranj, owner_agency=zaranj.owner_agency, handling=zaranj.handling,
                           position=1, substance="heroin", substance_group="opiates", amount=Decimal("2.0000"),
                           unit="kg", amount_kg=Decimal("2"))
    out = tmp_path / "more.csv"
    export_ids(out)
    rows = [dict(zip(HEADER, r, strict=True)) for r in read_ids(out) if r[HEADER.index("PLACE")] == "Zaranj"]
    assert sorted((r["DRUG_NAME"], r["AMOUNT"], r["DRUG_UNIT"]) for r in rows) == [
        ("Heroin", "2", "Kilograms"), ("Methamphetamine", "250.5", "kg")]
    # The incident's own columns are the same on both rows.
    assert {tuple(r[c] for c in HEADER if c not in ("DRUG_NAME", "AMOUNT", "DRUG_UNIT")) for r in rows} == {
        tuple(v for c, v in zip(HEADER, ROWS[5], strict=True) if c not in ("DRUG_NAME", "AMOUNT", "DRUG_UNIT"))}


def _facts(incident):
    seizures = sorted((s.substance, s.amount, s.unit) for s in incident.seizures.all())
    return (incident.country_id, incident.occurred_on, incident.date_precision, incident.admin1,
            incident.place_name, incident.producing_country_id, incident.departure_country_id,
            incident.destination_country_id, tuple(t.country_id for t in incident.transits.order_by("position")),
            incident.transport_mode, incident.concealment, incident.location_type, tuple(seizures))


def test_canonical_texts_import_back_to_the_same_values(world, tmp_path):
    """Incidents reported by form (no IDS source) export in canonical texts that the importer reads back."""
    out = tmp_path / "af.csv"
    export_ids(out, agency="AF-CNPA")
    rows = [dict(zip(HEADER, r, strict=True)) for r in read_ids(out)]
    regional = next(r for r in rows if r["PLACE"].endswith("AFREGIONAL") and r["DRUG_NAME"] == "Opium")
    assert regional["COUNTRY"] == "Afghanistan" and regional["AMOUNT"] == "1200"
    assert regional["DRUG_UNIT"] == "Kilograms" and regional["SEIZURE_DATE"] == "2021-03-14"
    assert (regional["REGION"], regional["SUBREGION"]) == countries.region_of("AF")
    assert regional["ROUTING"] == countries.format_routing(["AF", "IR", "TR", "TR"])
    assert regional["PLACE"].startswith("'=HYPERLINK")  # neutralised here too

    # Re-import into another agency (leaving out the row whose place was neutralised: its text changed on
    # purpose) and compare what the importer made of each row with the incident it came from.
    make_agency("AF-MCN", "AF")
    clean = [r for r in read_ids(out) if not r[HEADER.index("PLACE")].startswith("'")]
    source = tmp_path / "again.csv"
    write_ids(source, clean)
    import_ids(source, "AF-MCN")
    originals = Counter()
    for incident in Incident.objects.filter(owner_agency__code="AF-CNPA").exclude(national_reference="REF-AFREGIONAL"):
        if incident.seizures.exists():
            for seizure in incident.seizures.all():
                originals[_facts_with(incident, seizure)] += 1
    copies = Counter(_facts(i) for i in Incident.objects.filter(owner_agency__code="AF-MCN"))
    assert copies == originals and sum(copies.values()) == len(clean)


def _facts_with(incident, seizure):
    facts = list(_facts(incident))
    facts[-1] = ((seizure.substance, seizure.amount, seizure.unit),)
    return tuple(facts)
