"""The dashboard page and its CSV downloads: figures by hand, visibility per viewer, bad input, no 500."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hamkari.insights.selectors import dashboard_data
from tests.factories import make_user
from tests.insights.dashboard_world import build
from tests.sharing.world import logged_in_client

pytestmark = pytest.mark.django_db

URL = "/insights/"


@pytest.fixture
def world(af_agency, pk_agency):
    return build(af_agency, pk_agency)


def csv_of(response):
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    return rows[0], rows[1:]


def test_figures_for_the_afghan_analyst(world, af_analyst):
    data = dashboard_data(af_analyst, {})
    assert data.total_cases == 8
    # 10 + 100 + 1 + 2 + 1000 + 3 + 4 + 6
    assert data.total_kg == Decimal("1126.000")
    assert {r.key: r.cases for r in data.by_country} == {"AF": 6, "PK": 2}
    assert {r.key: r.cases for r in data.by_substance} == {"heroin": 4, "opium": 2, "methamphetamine": 1,
                                                           "cannabis_resin": 1}
    assert {r.key: r.kg for r in data.by_substance}["opium"] == Decimal("101.000")
    assert {r.key: r.cases for r in data.by_transport} == {"road": 3, "pedestrian": 1, "air": 1, "unknown": 3}
    assert {r.key: r.cases for r in data.by_concealment}["vehicle"] == 2
    months = {r.key: (r.cases, r.kg) for r in data.over_time}
    assert months["2024-01"] == (2, Decimal("110.000"))
    assert months["2024-03"] == (3, Decimal("13.000"))
    assert months["2023-07"] == (0, Decimal(0))  # gaps are zero months
    assert len(data.over_time) == 10  # 2023-06 .. 2024-03
    # sizes 1, 2, 3, 4, 6, 10, 100, 1000: median (4 + 6) / 2
    assert data.median_kg == Decimal(5)
    assert months["2024-01"] and data.over_time[-1].median_kg == Decimal(4)  # 3, 4, 6


def test_figures_follow_the_chokepoint(world, pk_analyst, af_analyst):
    pk = dashboard_data(pk_analyst, {})
    assert pk.total_cases == 6
    assert {r.key: r.cases for r in pk.by_country} == {"AF": 3, "PK": 3}
    af = dashboard_data(af_analyst, {"country": "PK"})
    # PK-REG (3 kg) and PK-RESTR-AF (6 kg, shared with Afghanistan); PK-NAT (7 kg) is never counted
    assert af.total_cases == 2 and af.total_kg == Decimal("9.000")


def test_viewers_who_see_nothing_count_nothing(world, af_agency):
    trainer = make_user("trainer", af_agency, ["trainer"])  # shared records only: no national ones
    assert dashboard_data(trainer, {}).total_cases == 4  # AF-3, AF-PUB, PK-REG, PK-IN-AF
    nobody = make_user("nobody", None, ["analyst"])
    assert dashboard_data(nobody, {}).total_cases == 0


def test_page_shows_figures_tables_and_csv_links(world, af_analyst):
    client = logged_in_client(af_analyst)
    response = client.get(URL, {"date_from": "2023-01-01", "country": "AF"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-data"' in html and 'id="chart-over_time"' in html
    assert 'id="by_country-table"' in html and "Afghanistan" in html
    assert "/insights/csv/by_country/?date_from=2023-01-01&amp;country=AF" in html
    assert 'id="total-cases">6<' in html
    assert "PK-NAT" not in html


def test_page_without_filters_shows_the_whole_history(world, af_analyst):
    response = logged_in_client(af_analyst).get(URL)
    assert response.status_code == 200
    assert response.context["querystring"] == ""
    assert response.context["data"].total_cases == 8


def test_needs_the_aggregate_permission(world, af_agency):
    officer = make_user("legal", af_agency, ["legal_officer"])
    assert logged_in_client(officer).get(URL).status_code == 403
    assert logged_in_client(officer).get(reverse("insights:csv", args=["by_country"])).status_code == 403


def test_anonymous_goes_to_log_in(world, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("insights:csv", args=["by_country"])).status_code == 302


@pytest.mark.parametrize("query", [
    {"date_from": "garbage"}, {"date_to": "2024-13-45"}, {"date_from": "9999999-01-01"},
    {"country": "ZZ"}, {"substance": "<script>alert(1)</script>"}, {"route": "x" * 100_000},
    {"agency": "'; DROP TABLE incidents_incident; --"}, {"handling": "\x00"}, {"crime_area": "drugs\u202e"},
    {"date_from": "2024-05-01", "date_to": "2024-01-01"},
])
def test_bad_filters_are_a_clear_400(world, af_analyst, query):
    client = logged_in_client(af_analyst)
    response = client.get(URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="filter-errors"' in html and "errorlist" in html
    assert "<script>alert(1)</script>" not in html
    csv_response = client.get(reverse("insights:csv", args=["over_time"]), query)
    assert csv_response.status_code == 400
    assert csv_response["Content-Type"].startswith("text/plain")


def test_a_repeated_filter_takes_its_last_value(world, af_analyst):
    response = logged_in_client(af_analyst).get(URL, {"transport": ["road", "air"], "date_from": "2023-01-01"})
    assert response.status_code == 200
    assert response.context["data"].total_cases == 1  # PK-REG, by air


def test_unknown_chart_is_404(world, af_analyst):
    assert logged_in_client(af_analyst).get("/insights/csv/secrets/").status_code == 404


@pytest.mark.parametrize("chart", ["over_time", "by_country", "by_substance", "by_transport", "by_concealment",
                                   "trends"])
def test_every_chart_downloads_as_csv(world, af_analyst, chart):
    response = logged_in_client(af_analyst).get(reverse("insights:csv", args=[chart]), {"date_from": "2023-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, rows = csv_of(response)
    assert header
    if chart == "by_country":
        assert header == ["By country", "Cases", "Kilograms", "Code"]
        assert sorted(rows) == [["Afghanistan", "6", "1117.000", "AF"], ["Pakistan", "2", "9.000", "PK"]]
    if chart == "over_time":
        assert ["2024-01", "2", "110.000", "55"] in rows  # the median of 10 and 100 kg


def test_emerging_trend_is_flagged_with_its_evidence(af_agency, af_analyst):
    from hamkari.insights.selectors import trend_window
    from tests.insights.dashboard_world import add

    # Parcels seized in Afghanistan: 1 a month for a year (Jan-Dec 2023), then 4 a month (Jan-Mar 2024).
    for month in range(1, 13):
        add(af_agency, f"P23-{month}", day=f"2023-{month:02d}-05", concealment="parcel", transport_mode="post")
    for month in range(1, 4):
        for i in range(4):
            add(af_agency, f"P24-{month}-{i}", day=f"2024-{month:02d}-1{i}", concealment="parcel",
                transport_mode="post")
    today = date(2024, 4, 15)
    assert trend_window({}, today) == (date(2023, 1, 1), date(2024, 1, 1), date(2024, 3, 31))
    data = dashboard_data(af_analyst, {}, today=today)
    flags = {(t.country, t.kind, t.value): t for t in data.trends.rows}
    parcel = flags[("AF", "concealment", "parcel")]
    # 12 recent cases, 12 in the history: expected 3, ratio 4, p = P(X >= 12 | Binomial(24, 0.2))
    assert (parcel.evidence.recent, parcel.evidence.history, parcel.evidence.expected) == (12, 12, 3.0)
    assert parcel.evidence.ratio == 4.0
    assert parcel.evidence.p_value == pytest.approx(0.000978, rel=1e-3)
    assert parcel.months == (1,) * 12 + (4, 4, 4)
    assert ("AF", "transport", "post") in flags and ("AF", "substance", "heroin") in flags

    response = logged_in_client(af_analyst).get(reverse("insights:csv", args=["trends"]), {"date_to": "2024-03-31"})
    header, rows = csv_of(response)
    assert header[0] == "Country" and header[5] == "Recent cases"
    parcel_row = next(r for r in rows if r[4] == "parcel")
    assert parcel_row[:2] == ["Afghanistan", "AF"] and parcel_row[5:8] == ["12", "12", "3.0"]

    page = logged_in_client(af_analyst).get(URL, {"date_to": "2024-03-31"}).content.decode()
    assert 'id="trend-table"' in page and "Parcel or mail item" in page
    assert "conditional binomial test" in page
