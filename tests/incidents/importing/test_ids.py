"""Importing UNODC individual drug seizure (IDS) files end to end: real files in, incidents out, every row
accounted for."""

from decimal import Decimal

import pytest
from django.db import connection

from hamkari.incidents.importing import services
from hamkari.incidents.models import ImportStatus, Incident, RouteTransit, Seizure
from hamkari.sharing.models import AuditEntry

from .files import IDS_HEADER, ids_row, write_csv, write_xlsx


def run(path, agency, *, user=None, handling="national", dry_run=False, fmt="ids", **kwargs):
    batch = services.create_batch(user=user, agency=agency, source=path, filename=path.name, fmt=fmt,
                                  handling=handling, dry_run=dry_run, **kwargs)
    return services.run_batch(batch)


def reasons(batch, row=None, column=None):
    return [p["reason"] for p in batch.problems
            if (row is None or p["row"] == row) and (column is None or p["column"] == column)]


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-16", "\t"), ("cp1251", ";"),
                                                 ("cp1256", "|")])
def test_real_files_in_each_encoding_and_delimiter(tmp_path, af_agency, encoding, delimiter):
    place = {"cp1251": "Хорог", "cp1256": "مشهد"}.get(encoding, "Jalalabad")
    country = {"cp1251": "Tajikistan", "cp1256": "Iran (Islamic Republic of)"}.get(encoding, "Afghanistan")
    rows = [ids_row(COUNTRY=country, PLACE=place, ADMINISTRATIVE_DIVISION="", AMOUNT="1,5"),
            ids_row(COUNTRY=country, PLACE=place, ADMINISTRATIVE_DIVISION="", DRUG_NAME="Opium", AMOUNT="300")]
    path = write_csv(tmp_path / f"ids-{encoding}.csv", IDS_HEADER, rows, delimiter=delimiter, encoding=encoding)
    batch = run(path, af_agency)
    assert batch.status == ImportStatus.DONE, batch.message
    assert batch.encoding.replace("-", "").startswith(encoding.replace("-", ""))
    assert (batch.rows_total, batch.rows_imported, batch.rows_rejected) == (2, 2, 0)
    incidents = Incident.objects.filter(import_batch=batch).order_by("pk")
    assert [i.place_name for i in incidents] == [place, place]
    assert incidents[0].source_values["PLACE"] == place
    amounts = sorted(Seizure.objects.filter(incident__import_batch=batch).values_list("amount", flat=True))
    assert amounts == [Decimal("1.5"), Decimal("300")]


def test_a_row_becomes_an_incident_with_seizure_route_and_derived_values(tmp_path, af_agency):
    path = write_csv(tmp_path / "one.csv", IDS_HEADER, [ids_row(
        COUNTRY="Afghanistan", PLACE="Jalalabad", SEIZURE_DATE="14/05/2023", DRUG_NAME="Heroin", AMOUNT="12.5",
        DRUG_UNIT="Kilogram", TRANSPORT="Truck", HIDING_PLACE="Fuel tank", INSTALLATION="Border crossing",
        PRODUCING_COUNTRY="Afghanistan", DEPARTURE_COUNTRY="Afghanistan", DESTINATION_COUNTRY="Turkey",
        ROUTING="Afghanistan > Iran (Islamic Republic of) > Turkey")])
    batch = run(path, af_agency, handling="regional")
    incident = Incident.objects.get(import_batch=batch)
    assert incident.owner_agency == af_agency and incident.owner_country_id == "AF"
    assert incident.handling == "regional" and incident.source_type == "file_import"
    assert (incident.country_id, str(incident.occurred_on), incident.date_precision) == ("AF", "2023-05-14", "day")
    assert (incident.producing_country_id, incident.departure_country_id, incident.destination_country_id) == \
        ("AF", "AF", "TR")
    # Departure and destination are not repeated as transit countries.
    assert list(incident.transits.values_list("country_id", flat=True)) == ["IR"]
    assert incident.transport_mode == "road" and incident.conveyance == "Truck"
    assert incident.concealment_detail == "Fuel tank" and incident.location_type == "border_crossing"
    assert incident.place is not None and incident.geo_precision in ("settlement", "exact")
    seizure = incident.seizures.get()
    assert (seizure.substance, seizure.substance_group, seizure.amount, seizure.unit, seizure.amount_kg) == \
        ("heroin", "opiates", Decimal("12.5"), "kg", Decimal("12.5"))
    # Children take the incident's sharing (bulk_create skips save(), so the importer sets them).
    assert (seizure.owner_agency_id, seizure.owner_country_id, seizure.handling) == (af_agency.pk, "AF", "regional")
    assert Incident.objects.visible_to(_user(af_agency)).filter(pk=incident.pk).exists()


def _user(agency):
    from tests.factories import make_user

    return make_user(f"reader-{agency.code}", agency, ["analyst"])


def test_source_values_keep_every_column_exactly(tmp_path, af_agency):
    row = ids_row(AMOUNT=" 1,5 ", DRUG_UNIT="KG", COUNTRY="  Afghanistan", SEIZURE_DATE="2023-05",
                  ROUTING="Afghanistan - Pakistan")
    path = write_csv(tmp_path / "exact.csv", IDS_HEADER, [row])
    batch = run(path, af_agency)
    incident = Incident.objects.get(import_batch=batch)
    assert incident.source_values == row
    assert incident.date_precision == "month" and str(incident.occurred_on) == "2023-05-01"


def test_older_column_names_and_any_header_case(tmp_path, af_agency):
    header = [h.lower() for h in IDS_HEADER]
    header[header.index("country")] = " Country_Of_Seizure "
    header[header.index("amount")] = "AMOUNT_OF_DRUG"
    row = ids_row()
    rows = [[row[h] for h in IDS_HEADER]]
    batch = run(write_csv(tmp_path / "old.csv", header, rows), af_agency)
    assert batch.status == ImportStatus.DONE and batch.rows_imported == 1, batch.problems
    incident = Incident.objects.get(import_batch=batch)
    assert incident.source_values["COUNTRY"] == "Afghanistan" and incident.source_values["AMOUNT"] == "12.5"
    assert "COUNTRY_OF_SEIZURE" not in incident.source_values


def test_same_rows_under_older_names_are_the_same_rows(tmp_path, af_agency):
    modern = write_csv(tmp_path / "modern.csv", IDS_HEADER, [ids_row()])
    assert run(modern, af_agency).rows_imported == 1
    header = ["COUNTRY_OF_SEIZURE" if h == "COUNTRY" else "AMOUNT_OF_DRUG" if h == "AMOUNT" else h
              for h in IDS_HEADER]
    older = write_csv(tmp_path / "older.csv", header, [[ids_row()[h] for h in IDS_HEADER]])
    again = run(older, af_agency)
    assert (again.rows_imported, again.rows_unchanged) == (0, 1)


def test_unodc_country_names_unknown_and_other(tmp_path, af_agency):
    rows = [ids_row(COUNTRY="Iran (Islamic Republic of)", PLACE="", ADMINISTRATIVE_DIVISION="",
                    DEPARTURE_COUNTRY="Unknown", DESTINATION_COUNTRY="Other",
                    ROUTING="Afghanistan > Unknown > Türkiye"),
            ids_row(COUNTRY="Unknown", PLACE="", ADMINISTRATIVE_DIVISION="", PRODUCING_COUNTRY="Other",
                    DEPARTURE_COUNTRY="", DESTINATION_COUNTRY="", ROUTING=""),
            ids_row(COUNTRY="Atlantis")]
    batch = run(write_csv(tmp_path / "names.csv", IDS_HEADER, rows), af_agency)
    assert (batch.rows_imported, batch.rows_rejected) == (2, 1)
    first, second = Incident.objects.filter(import_batch=batch).order_by("pk")
    assert first.country_id == "IR" and first.departure_country_id is None and first.destination_country_id is None
    assert list(first.transits.values_list("country_id", flat=True)) == ["AF", "TR"]
    assert second.country_id is None and second.producing_country_id is None
    assert first.source_values["DEPARTURE_COUNTRY"] == "Unknown"
    assert any("Atlantis" in r for r in reasons(batch, row=4, column="COUNTRY"))


def test_seizure_outside_the_region_on_a_route_through_it(tmp_path, de_agency):
    row = ids_row(REGION="Europe", SUBREGION="Western and Central Europe", COUNTRY="Germany",
                  ADMINISTRATIVE_DIVISION="Hamburg", PLACE="Hamburg port", INSTALLATION="Seaport",
                  TRANSPORT="Container ship", PRODUCING_COUNTRY="Afghanistan", DEPARTURE_COUNTRY="Pakistan",
                  DESTINATION_COUNTRY="Germany", ROUTING="Afghanistan > Pakistan > Iran (Islamic Republic of) > "
                                                        "Türkiye > Germany")
    batch = run(write_csv(tmp_path / "de.csv", IDS_HEADER, [row]), de_agency)
    incident = Incident.objects.get(import_batch=batch)
    assert incident.country_id == "DE" and incident.owner_agency == de_agency
    assert incident.place is None and incident.geo_precision == "country"  # the gazetteer covers the region only
    # The destination named at the end of ROUTING is not a transit country; the rest of the route is.
    assert list(incident.transits.values_list("country_id", flat=True)) == ["AF", "PK", "IR", "TR"]
    assert incident.location_type == "seaport" and incident.transport_mode == "sea"


def test_bad_values_are_listed_with_row_column_and_reason(tmp_path, af_agency):
    rows = [ids_row(),
            ids_row(SEIZURE_DATE="31/02/2020"),
            ids_row(AMOUNT="-5"),
            ids_row(AMOUNT="5", DRUG_UNIT="buckets"),
            ids_row(AMOUNT="2000000", DRUG_UNIT="kg"),
            ids_row(DRUG_NAME="Heroinn"),
            ids_row(DRUG_NAME="Metamfetamina"),
            ids_row(DRUG_NAME="Zzzqx"),
            ids_row(ROUTING="Afghanistan > Narnia")]
    batch = run(write_csv(tmp_path / "bad.csv", IDS_HEADER, rows), af_agency)
    assert batch.status == ImportStatus.DONE
    assert (batch.rows_total, batch.rows_imported, batch.rows_rejected) == (9, 1, 8)
    assert reasons(batch, 3, "SEIZURE_DATE") == ["“31/02/2020” is not a real date: February 2020 has 29 days."]
    assert "greater than zero" in reasons(batch, 4, "AMOUNT")[0]
    assert "“buckets” is not a unit" in reasons(batch, 5, "DRUG_UNIT")[0]
    assert "largest plausible seizure" in reasons(batch, 6, "AMOUNT")[0]
    assert "Did you mean “Heroin”" in reasons(batch, 7, "DRUG_NAME")[0]
    assert "Did you mean “Methamphetamine" in reasons(batch, 8, "DRUG_NAME")[0]
    assert "not in the substance list" in reasons(batch, 9, "DRUG_NAME")[0]
    assert "Narnia" in reasons(batch, 10, "ROUTING")[0]
    assert {p["value"] for p in batch.problems if p["row"] == 3} == {"31/02/2020"}
    # Nothing dropped silently: every row is imported or reported.
    reported = {p["row"] for p in batch.problems}
    assert reported == set(range(3, 11))
    assert Incident.objects.filter(import_batch=batch).count() == 1


def test_tonnes_are_recorded_in_kilograms_and_the_text_is_kept(tmp_path, af_agency):
    batch = run(write_csv(tmp_path / "t.csv", IDS_HEADER, [ids_row(AMOUNT="2,5", DRUG_UNIT="Tonnes"),
                                                         ids_row(AMOUNT="1500", DRUG_UNIT="Tonnes")]), af_agency)
    assert (batch.rows_imported, batch.rows_rejected) == (1, 1)
    seizure = Seizure.objects.get()
    assert (seizure.amount, seizure.unit, seizure.amount_kg) == (Decimal("2500"), "kg", Decimal("2500"))
    assert seizure.incident.source_values["DRUG_UNIT"] == "Tonnes"
    assert "1,000,000 kg" in reasons(batch, 3, "AMOUNT")[0]


def test_missing_required_values_are_reported(tmp_path, af_agency):
    rows = [ids_row(COUNTRY="", SEIZURE_DATE="", DRUG_NAME="", AMOUNT="", DRUG_UNIT="")]
    batch = run(write_csv(tmp_path / "empty.csv", IDS_HEADER, rows), af_agency)
    columns = {p["column"] for p in batch.problems}
    assert columns == {"COUNTRY", "SEIZURE_DATE", "DRUG_NAME", "AMOUNT", "DRUG_UNIT"}
    assert batch.rows_imported == 0


def test_html_and_script_in_a_place_name_are_stored_as_text(tmp_path, af_agency):
    evil = '<script>alert("x")</script><b>Kabul</b>'
    batch = run(write_csv(tmp_path / "html.csv", IDS_HEADER, [ids_row(PLACE=evil)]), af_agency)
    incident = Incident.objects.get(import_batch=batch)
    assert incident.place_name == evil and incident.source_values["PLACE"] == evil


def test_a_missing_column_fails_the_file_with_a_clear_message(tmp_path, af_agency):
    header = [h for h in IDS_HEADER if h != "DRUG_NAME"]
    batch = run(write_csv(tmp_path / "nodrug.csv", header, [ids_row()]), af_agency)
    assert batch.status == ImportStatus.FAILED
    assert "DRUG_NAME" in batch.message and "missing" in batch.message
    assert not Incident.objects.exists()


def test_unknown_columns_are_reported_not_silently_dropped(tmp_path, af_agency):
    header = [*IDS_HEADER, "REMARKS"]
    batch = run(write_csv(tmp_path / "extra.csv", header, [ids_row(REMARKS="x")]), af_agency)
    assert batch.rows_imported == 1
    assert [(p["row"], p["column"]) for p in batch.problems] == [(1, "REMARKS")]


def test_importing_the_same_file_again_changes_nothing(tmp_path, af_agency):
    path = write_csv(tmp_path / "again.csv", IDS_HEADER, [ids_row(), ids_row(DRUG_NAME="Opium"),
                                                          ids_row(AMOUNT="-1")])
    first = run(path, af_agency)
    assert (first.rows_imported, first.rows_unchanged, first.rows_rejected) == (2, 0, 1)
    snapshot = list(Incident.objects.values_list("pk", "import_key").order_by("pk"))
    second = run(path, af_agency)
    assert second.status == ImportStatus.DONE
    assert (second.rows_imported, second.rows_unchanged, second.rows_rejected) == (0, 2, 1)
    assert list(Incident.objects.values_list("pk", "import_key").order_by("pk")) == snapshot
    assert Seizure.objects.count() == 2


def test_another_agency_importing_the_same_file_gets_its_own_records(tmp_path, af_agency, pk_agency):
    path = write_csv(tmp_path / "shared.csv", IDS_HEADER, [ids_row()])
    run(path, af_agency)
    assert run(path, pk_agency).rows_imported == 1
    assert Incident.objects.count() == 2


def test_identical_rows_are_all_imported_and_flagged(tmp_path, af_agency):
    rows = [ids_row(), ids_row(PLACE="  torkham "), ids_row(DRUG_NAME="Opium"), ids_row()]
    path = write_csv(tmp_path / "dup.csv", IDS_HEADER, rows)
    batch = run(path, af_agency)
    assert (batch.rows_imported, batch.rows_duplicate) == (4, 3)
    flags = list(Incident.objects.filter(import_batch=batch).order_by("pk").values_list("possible_duplicate",
                                                                                        flat=True))
    assert flags == [True, True, False, True]
    again = run(path, af_agency)
    assert (again.rows_imported, again.rows_unchanged) == (0, 4)


def test_dry_run_writes_nothing_but_reports_everything(tmp_path, af_agency):
    path = write_csv(tmp_path / "dry.csv", IDS_HEADER, [ids_row(), ids_row(AMOUNT="abc")])
    before = AuditEntry.objects.count()
    batch = run(path, af_agency, dry_run=True)
    assert batch.status == ImportStatus.CHECKED
    assert (batch.rows_imported, batch.rows_rejected) == (1, 1)
    assert not Incident.objects.exists() and not Seizure.objects.exists()
    assert AuditEntry.objects.count() == before
    real = run(path, af_agency)
    assert real.rows_imported == 1


def test_a_database_error_while_writing_leaves_nothing_behind(tmp_path, af_agency, monkeypatch):
    from hamkari.incidents.importing import writer

    monkeypatch.setattr(writer, "CHUNK", 2)
    calls = {"n": 0}
    real_insert = writer._TRANSITS.insert

    def failing_insert(rows):
        """The second chunk's route rows meet a real database error (as a full disk or a lost connection
        would give); the first chunk is already written by then."""
        calls["n"] += 1
        if calls["n"] == 2:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO hamkari_no_such_table VALUES (1)")
        return real_insert(rows)

    monkeypatch.setattr(writer._TRANSITS, "insert", failing_insert)
    rows = [ids_row(AMOUNT=str(n)) for n in range(1, 6)]
    batch = services.create_batch(user=None, agency=af_agency, source=write_csv(tmp_path / "x.csv", IDS_HEADER, rows),
                                  filename="x.csv", fmt="ids", handling="national")
    batch.refresh_from_db()
    audits = AuditEntry.objects.count()
    batch = services.run_batch(batch)
    assert calls["n"] == 2
    assert batch.status == ImportStatus.FAILED
    assert "Nothing was imported" in batch.message and "Error" in batch.message
    assert batch.rows_imported == 0
    assert not Incident.objects.exists() and not Seizure.objects.exists() and not RouteTransit.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_xlsx_file(tmp_path, af_agency):
    import datetime as dt

    rows = [ids_row(SEIZURE_DATE=dt.datetime(2023, 5, 14), AMOUNT=12.5), ids_row(SEIZURE_DATE=45000, AMOUNT=3)]
    path = write_xlsx(tmp_path / "ids.xlsx", IDS_HEADER, rows)
    batch = run(path, af_agency)
    assert batch.status == ImportStatus.DONE and batch.rows_imported == 2, batch.problems
    dates = sorted(str(d) for d in Incident.objects.values_list("occurred_on", flat=True))
    assert dates == ["2023-03-15", "2023-05-14"]


def test_broken_quoting_fails_the_whole_file_and_names_the_line(tmp_path, af_agency):
    good = ",".join(ids_row()[h] for h in IDS_HEADER)
    path = tmp_path / "broken.csv"
    path.write_text(",".join(IDS_HEADER) + "\n" + good + "\n" + good.replace("Torkham", '"Torkham"x') + "\n" + good,
                    encoding="utf-8")
    batch = run(path, af_agency)
    assert batch.status == ImportStatus.FAILED
    assert "Line 3" in batch.message
    assert not Incident.objects.exists()


def test_one_audit_entry_for_the_whole_batch(tmp_path, af_agency):
    before = AuditEntry.objects.count()
    batch = run(write_csv(tmp_path / "audit.csv", IDS_HEADER, [ids_row(AMOUNT=str(n)) for n in range(1, 30)]),
                af_agency)
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == "create" and entry.object_type == "incidents.importbatch"
    assert entry.detail["import"] == batch.pk and entry.detail["rows"] == 29
    assert entry.object_agency == af_agency.code


def test_geocoding_leaves_the_files_country_and_province_as_written(tmp_path, af_agency):
    rows = [ids_row(PLACE="Jalalabad", ADMINISTRATIVE_DIVISION=""),
            ids_row(COUNTRY="Unknown", PLACE="Jalalabad", ADMINISTRATIVE_DIVISION="")]
    batch = run(write_csv(tmp_path / "geo.csv", IDS_HEADER, rows), af_agency)
    known, unknown = Incident.objects.filter(import_batch=batch).order_by("pk")
    assert known.place is not None and known.admin1 == ""  # the IDS export gives back the empty division
    assert unknown.country_id is None and unknown.place is None and unknown.geo_precision == "country"
