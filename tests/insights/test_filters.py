"""The dashboard's filter form and `filtered`: every filter, visibility first, and bad input as form errors."""

from datetime import date

import pytest

from hamkari.insights.filters import DashboardFilters, filtered
from tests.insights.dashboard_world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(af_agency, pk_agency):
    return build(af_agency, pk_agency)


def refs(user, **data):
    incidents, _seizures = filtered(user, data)
    return sorted(incidents.values_list("national_reference", flat=True))


def lines(user, **data):
    _incidents, seizures = filtered(user, data)
    return sorted((s.incident.national_reference, s.substance) for s in seizures.select_related("incident"))


def test_everything_starts_from_what_the_viewer_may_see(world, af_analyst, pk_analyst):
    assert refs(af_analyst) == ["AF-1", "AF-2", "AF-3", "AF-PUB", "PK-IN-AF", "PK-REG", "PK-RESTR-AF"]
    assert refs(pk_analyst) == ["AF-3", "AF-PUB", "PK-IN-AF", "PK-NAT", "PK-REG", "PK-RESTR-AF"]
    assert len(lines(af_analyst)) == 8 and len(lines(pk_analyst)) == 6
    assert ("PK-NAT", "heroin") not in lines(af_analyst)


def test_each_filter(world, af_analyst):
    assert refs(af_analyst, country="AF") == ["AF-1", "AF-2", "AF-3", "AF-PUB", "PK-IN-AF"]
    assert refs(af_analyst, crime_area="drugs") == refs(af_analyst)
    assert refs(af_analyst, substance_group="ats") == ["AF-3"]
    assert refs(af_analyst, substance="opium") == ["AF-1", "AF-2"]
    assert lines(af_analyst, substance="opium") == [("AF-1", "opium"), ("AF-2", "opium")]
    assert refs(af_analyst, transport="road") == ["AF-1", "AF-3"]
    assert refs(af_analyst, agency="AF-CUSTOMS") == ["AF-PUB"]
    assert refs(af_analyst, handling="public") == ["AF-PUB"]
    assert refs(af_analyst, date_from=date(2024, 3, 1)) == ["PK-IN-AF", "PK-REG", "PK-RESTR-AF"]
    assert refs(af_analyst, date_from="2024-02-01", date_to="2024-02-28") == ["AF-2", "AF-3"]


def test_route_means_any_country_on_the_route(world, af_analyst):
    assert refs(af_analyst, route="TJ") == ["AF-1", "PK-IN-AF"]  # transit, destination
    assert refs(af_analyst, route="IR") == ["AF-1", "AF-3"]  # destination, producing
    assert refs(af_analyst, route="AF") == ["AF-1"]  # departure
    assert refs(af_analyst, route="ir") == refs(af_analyst, route="IR")


def test_a_valid_form_gives_its_filters(world):
    form = DashboardFilters({"country": "AF", "substance": "heroin", "date_from": "2024-01-01", "route": "TJ",
                             "agency": "AF-CUSTOMS", "handling": "regional", "transport": "air",
                             "crime_area": "drugs", "substance_group": "opiates", "unknown": "x"})
    assert form.is_valid(), form.errors
    assert form.active()["date_from"] == date(2024, 1, 1)
    assert "unknown" not in form.active()


@pytest.mark.parametrize("data, field", [
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_to": "2024-02-30"}, "date_to"),
    ({"date_from": "99999-01-01"}, "date_from"),
    ({"date_from": "0001-01-01"}, "date_from"),
    ({"date_from": "2024-05-01", "date_to": "2024-01-01"}, "date_to"),
    ({"country": "XX"}, "country"),
    ({"country": "<script>alert(1)</script>"}, "country"),
    ({"route": "A" * 10_000}, "route"),
    ({"substance": "unobtainium"}, "substance"),
    ({"substance": "heroin", "substance_group": "cannabis"}, "substance"),
    ({"substance_group": "'; DROP TABLE x; --"}, "substance_group"),
    ({"transport": "teleport"}, "transport"),
    ({"agency": "NOBODY"}, "agency"),
    ({"handling": "secret"}, "handling"),
    ({"crime_area": "\x00"}, "crime_area"),
])
def test_bad_values_are_form_errors(world, data, field):
    form = DashboardFilters(data)
    assert not form.is_valid()
    assert field in form.errors
    assert form.active() == {}
