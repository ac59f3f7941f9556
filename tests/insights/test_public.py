"""Public statistics: reachable without log-in, public records only, small cells and their totals hidden, no
personal data, no agency, and a CSV that says the same."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from hamkari.incidents import services
from hamkari.incidents.models import Seizure
from hamkari.insights.public import public_counts, year_tables
from hamkari.sharing.models import Handling
from tests.insights.dashboard_world import build

pytestmark = pytest.mark.django_db

URL = "/statistics/"
CSV_URL = "/statistics/statistics.csv"
SECRET_NAME = "Zarghuna Qaderi-Secretname"


def report(agency, ref, day, substance, amount="2", handling=Handling.PUBLIC, country=None, **extra):
    return services.incident_create(
        by=None, agency=agency, handling=handling, data={
            "national_reference": ref, "occurred_on": date.fromisoformat(day),
            "country_id": country or agency.country_id, "place_name": f"Place of {ref}",
            "narrative": f"Narrative of {ref}"},
        seizures=[{"substance": substance, "amount": Decimal(amount), "unit": "kg"}], **extra)


@pytest.fixture
def published(af_agency, pk_agency):
    """2024: Afghanistan opiates 4 cases (8 kg), cannabis 1 case (small), Pakistan opiates 3 cases;
    2023: Pakistan ATS 5 cases. Plus non-public records that must never count."""
    for i in range(4):
        report(af_agency, f"AF-OP-{i}", "2024-02-01", "heroin",
               involvements=[{"kind": "person", "role": "suspect", "data": {"name": SECRET_NAME}}] if i == 0 else ())
    report(af_agency, "AF-CA-0", "2024-03-01", "cannabis_resin", amount="777")
    for i in range(3):
        report(pk_agency, f"PK-OP-{i}", "2024-05-01", "opium", amount="10")
    for i in range(5):
        report(pk_agency, f"PK-ATS-{i}", "2023-07-01", "methamphetamine", amount="1")
    build(af_agency, pk_agency)  # national, regional and restricted records (and one public: AF-PUB, 2023)
    for handling in (Handling.NATIONAL, Handling.REGIONAL):
        for i in range(3):
            report(af_agency, f"AF-HIDDEN-{handling}-{i}", "2024-02-01", "heroin", amount="5000", handling=handling)
    # A public line of a national incident (never made by the services; written here directly) must not count.
    national = report(af_agency, "AF-NAT-PUBLINE", "2024-02-01", "heroin", amount="9000", handling=Handling.NATIONAL)
    Seizure.objects.filter(incident=national).update(handling=Handling.PUBLIC)


def test_counts_only_public_records(published):
    counts = public_counts()
    assert counts[("2024", "AF", "opiates")] == (4, Decimal("8"))
    assert counts[("2024", "AF", "cannabis")] == (1, Decimal("777"))
    assert counts[("2024", "PK", "opiates")] == (3, Decimal("30"))
    assert counts[("2023", "PK", "ats")] == (5, Decimal("5"))
    assert counts[("2023", "AF", "cannabis")] == (1, Decimal("1000"))  # AF-PUB
    assert sum(cases for cases, _kg in counts.values()) == 14


def test_small_cells_and_their_totals_are_hidden(published):
    tables = {t.year: t for t in year_tables()}
    t2024 = tables["2024"]
    assert t2024.cell("AF", "cannabis").hidden == "small"
    assert t2024.cell("AF", "__total__").hidden == "total"
    assert t2024.cell("__total__", "cannabis").hidden == "total"
    assert t2024.cell("__total__", "__total__").hidden == "total"
    assert t2024.cell("AF", "opiates").shown and t2024.cell("AF", "opiates").cases == 4
    assert t2024.cell("PK", "__total__").shown and t2024.cell("PK", "__total__").cases == 3
    assert t2024.cell("__total__", "opiates").shown and t2024.cell("__total__", "opiates").cases == 7


def test_page_without_log_in(published, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="year-2024"' in html and 'id="year-2023"' in html
    assert "&lt;3" in html
    assert "777" not in html  # the small cell's kilograms
    assert "Afghanistan" in html and "Opiates" in html
    for secret in (SECRET_NAME, "AF-OP-0", "Place of", "Narrative of", "Counter Narcotics Police", "CNPA",
                   "Anti-Narcotics Force", "ANF", "AF-CNPA", "9000", "5000"):
        assert secret not in html, secret


def test_csv_without_log_in(published, client):
    response = client.get(CSV_URL)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Year", "Country code", "Country", "Substance group code", "Substance group", "Cases",
                       "Kilograms"]
    by_key = {(r[0], r[1], r[3]): r for r in rows[1:]}
    assert by_key[("2024", "AF", "cannabis")][5:] == ["<3", "<3"]
    assert by_key[("2024", "AF", "")][5:] == ["x", "x"]  # Afghanistan's 2024 total
    assert by_key[("2024", "AF", "opiates")][5:] == ["4", "8.000"]
    assert by_key[("2023", "PK", "ats")][5:] == ["5", "5.000"]
    for secret in (SECRET_NAME, "CNPA", "777", "9000"):
        assert secret not in body


def test_logged_in_users_see_the_same(published, af_analyst):
    from tests.sharing.world import logged_in_client

    anonymous = year_tables()
    response = logged_in_client(af_analyst).get(URL)
    assert response.status_code == 200
    assert "5000" not in response.content.decode()  # the analyst's own national records stay out
    assert [t.year for t in anonymous] == ["2024", "2023"]


def test_nothing_published(db, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Nothing has been published yet." in response.content.decode()
