"""The Hamkari template: downloadable, documented, and importable with grouped rows and entities."""

import io
from decimal import Decimal

import openpyxl

from hamkari.entities.models import IdentityDocument, Involvement, Person, Phone, Vehicle
from hamkari.incidents.importing import services
from hamkari.incidents.importing.formats.hamkari import COLUMNS, REQUIRED
from hamkari.incidents.importing.template import template_csv, template_xlsx
from hamkari.incidents.models import ImportStatus, Incident, Seizure
from hamkari.incidents.vocab.substances import SUBSTANCES

from .files import write_csv, write_xlsx

HEADER = [c.name for c in COLUMNS]


def run(path, agency, user=None, **kwargs):
    batch = services.create_batch(user=user, agency=agency, source=path, filename=path.name, fmt="hamkari",
                                  handling=kwargs.pop("handling", "national"), **kwargs)
    return services.run_batch(batch)


def test_template_workbook_explains_every_column_and_lists_the_substances():
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert wb.sheetnames == ["Incidents", "Columns", "Substances"]
    assert [c.value for c in wb["Incidents"][1]] == HEADER
    rows = list(wb["Columns"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Column") + 1
    table = rows[start:start + len(HEADER)]
    explained = {row[0]: row for row in table}
    assert set(explained) == set(HEADER)
    assert explained["date"][2] == "yes" and explained["narrative"][2] == "no"
    assert all(row[1] and row[3] and row[4] for row in explained.values())
    codes = {row[0] for row in wb["Substances"].iter_rows(min_row=2, values_only=True)}
    assert codes == set(SUBSTANCES)


def test_template_csv_is_the_header_row():
    text = template_csv().decode("utf-8-sig")
    assert text.strip() == ",".join(HEADER)


def test_a_filled_in_template_imports(tmp_path, af_agency, af_reporter):
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = wb["Incidents"]
    rows = [
        {"national_reference": "KBL-1", "date": "17/03/2024", "place": "Torkham", "substance": "heroin",
         "amount": "12,5", "unit": "kg", "purity": "62", "price": "18000", "currency": "usd",
         "transport_mode": "road", "concealment": "vehicle", "transit_countries": "PK > IR",
         "destination_country": "Türkiye", "persons_arrested": "2", "narrative": "Search of a truck.\nTwo arrested.",
         "suspect_name": "Gul Mohammad", "suspect_aliases": "Gul Mohammed; Гул Мухаммад",
         "suspect_birth_date": "1985", "suspect_nationality": "AF", "phone": "+93 70 123 4567",
         "vehicle_plate": "KBL 12345", "vehicle_country": "AF", "passport_number": "P01234567",
         "passport_country": "Afghanistan", "reliability": "b", "accuracy": "2"},
        {"national_reference": "KBL-1", "substance": "Opium", "amount": "40", "unit": "kg",
         "phone": "0701234567"},  # the same phone typed nationally: one record
        {"date": "2024-02", "country": "Pakistan", "province": "Balochistan", "substance": "hashish",
         "amount": "1,500", "unit": "kg", "crime_area": "drugs"},
    ]
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADER])
    path = tmp_path / "filled.xlsx"
    wb.save(path)

    batch = run(path, af_agency, user=af_reporter)
    assert batch.status == ImportStatus.DONE, (batch.message, batch.problems)
    assert (batch.rows_total, batch.rows_imported, batch.rows_rejected) == (3, 3, 0), batch.problems
    kbl = Incident.objects.get(national_reference="KBL-1")
    assert kbl.created_by == af_reporter and kbl.reliability == "B" and kbl.accuracy == "2"
    assert str(kbl.occurred_on) == "2024-03-17" and kbl.country_id == "AF"  # the agency's country by default
    assert kbl.narrative == "Search of a truck.\nTwo arrested." and kbl.persons_arrested == 2
    assert list(kbl.transits.values_list("country_id", flat=True)) == ["PK", "IR"]
    lines = list(kbl.seizures.order_by("position").values_list("position", "substance", "amount", "purity", "price",
                                                               "currency"))
    assert lines == [(1, "heroin", Decimal("12.5"), Decimal("62"), Decimal("18000"), "USD"),
                     (2, "opium", Decimal("40"), None, None, "")]
    roles = sorted(Involvement.objects.filter(incident=kbl).values_list("role", flat=True))
    assert roles == ["document_used", "phone_used", "suspect", "vehicle_used"]  # the phone once
    assert Phone.objects.filter(owner_agency=af_agency).count() == 1
    person = Person.objects.get(owner_agency=af_agency)
    assert person.name == "Gul Mohammad" and person.nationality_id == "AF" and person.birth_date.year == 1985
    assert set(person.other_names.filter(kind="alias").values_list("name", flat=True)) == {"Gul Mohammed",
                                                                                           "Гул Мухаммад"}
    assert Vehicle.objects.get().registration_country_id == "AF"
    assert IdentityDocument.objects.get().issuing_country_id == "AF"
    pk_incident = Incident.objects.get(country_id="PK")
    assert pk_incident.date_precision == "month" and pk_incident.admin1 == "Balochistan"
    assert pk_incident.seizures.get().amount == Decimal("1500")

    again = run(path, af_agency, user=af_reporter)
    assert (again.rows_imported, again.rows_unchanged) == (0, 3)
    assert Incident.objects.count() == 2 and Person.objects.count() == 1


def test_rows_of_one_incident_must_agree(tmp_path, af_agency):
    rows = [{"national_reference": "R-1", "date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg"},
            {"national_reference": "R-1", "date": "2024-01-06", "substance": "opium", "amount": "1", "unit": "kg"},
            {"national_reference": "R-2", "date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg"}]
    batch = run(write_csv(tmp_path / "t.csv", HEADER, rows, delimiter=";"), af_agency)
    assert (batch.rows_imported, batch.rows_rejected) == (1, 2)
    by_row = {(p["row"], p["column"]): p["reason"] for p in batch.problems}
    assert "same national reference as row 2" in by_row[(3, "date")]
    assert "another row of the same incident (row 3)" in by_row[(2, "national_reference")]
    assert list(Incident.objects.values_list("national_reference", flat=True)) == ["R-2"]


def test_bad_entity_values_are_reported_by_column(tmp_path, af_agency):
    rows = [{"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "phone": "12",
             "passport_country": "Mordor", "passport_number": "X1"},
            {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg",
             "suspect_aliases": "Someone"}]
    batch = run(write_csv(tmp_path / "e.csv", HEADER, rows), af_agency)
    assert batch.rows_imported == 0 and batch.rows_rejected == 2
    columns = {(p["row"], p["column"]) for p in batch.problems}
    assert {(2, "phone"), (2, "passport_country"), (3, "suspect_name")} <= columns
    assert not Incident.objects.exists() and not Phone.objects.exists()


def test_template_rules(tmp_path, af_agency):
    rows = [
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "location_type": "spaceport"},
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "latitude": "95",
         "longitude": "70"},
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "latitude": "34.5"},
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "purity": "140"},
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "currency": "dollars"},
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "reliability": "Z"},
        {"date": "2024-01-05", "substance": "heroin", "amount": "1", "unit": "kg", "latitude": "34.1036",
         "longitude": "71.0853", "location_type": "Border crossing point", "concealment": "VEHICLE"},
    ]
    batch = run(write_csv(tmp_path / "r.csv", HEADER, rows), af_agency)
    assert (batch.rows_imported, batch.rows_rejected) == (1, 6)
    assert {p["column"] for p in batch.problems} == {"location_type", "latitude", "longitude", "purity", "currency",
                                                     "reliability"}
    incident = Incident.objects.get()
    assert (incident.latitude, incident.longitude, incident.geo_precision) == (34.1036, 71.0853, "exact")
    assert incident.location_type == "border_crossing" and incident.concealment == "vehicle"


def test_required_columns(tmp_path, af_agency):
    header = [h for h in HEADER if h != "unit"]
    batch = run(write_csv(tmp_path / "nounit.csv", header, [{"date": "2024-01-01"}]), af_agency)
    assert batch.status == ImportStatus.FAILED and "unit" in batch.message
    assert set(REQUIRED) == {"date", "substance", "amount", "unit"}


def test_an_existing_reference_is_flagged_as_possible_duplicate(tmp_path, af_agency):
    Incident.objects.create(owner_agency=af_agency, national_reference="KBL-9")
    rows = [{"national_reference": "KBL-9", "date": "2024-01-05", "substance": "heroin", "amount": "1",
             "unit": "kg"}]
    batch = run(write_xlsx(tmp_path / "ref.xlsx", HEADER, rows), af_agency)
    assert (batch.rows_imported, batch.rows_duplicate) == (1, 1)
    assert Incident.objects.get(import_batch=batch).possible_duplicate is True
    assert Seizure.objects.count() == 1
