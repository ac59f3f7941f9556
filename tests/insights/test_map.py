"""The map's and the flows' figures: they add up, they count only what the viewer may see (in every country
total, cluster, crossing, arc and flow link), their CSV downloads, and bad parameters answered with a 400."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hamkari.incidents import services
from hamkari.insights import map_selectors
from hamkari.insights.filters import filtered
from hamkari.places.models import Place
from hamkari.sharing.models import AuditEntry, Handling
from tests.factories import make_agency, make_user
from tests.sharing.world import logged_in_client

pytestmark = pytest.mark.django_db

KARACHI = (24.86, 67.01)


def add(agency, ref, *, handling=Handling.REGIONAL, kg="10", at=None, crossing=None, route=None, transits=(),
        country=None, substance="heroin"):
    data = {"national_reference": ref, "occurred_on": date(2024, 3, 1), "country_id": country or agency.country_id}
    if at:
        data.update(latitude=at[0], longitude=at[1], geo_precision="exact")
    if crossing:
        data["border_crossing_id"] = crossing.pk
    if route:
        data.update(producing_country_id=route[0], departure_country_id=route[1], destination_country_id=route[2])
    return services.incident_create(by=None, agency=agency, handling=handling, transits=transits, data=data,
                                    seizures=[{"substance": substance, "amount": Decimal(kg), "unit": "kg"}])


def crossing(code, country, neighbour, lat, lon, name):
    return Place.objects.create(kind="crossing", code=code, country_id=country, neighbour_country_id=neighbour,
                                name=name, latitude=lat, longitude=lon)


@pytest.fixture
def world(af_agency, pk_agency):
    torkham = crossing("test-torkham", "AF", "PK", 34.10, 71.09, "Torkham")
    chaman = crossing("test-chaman", "PK", "AF", 30.92, 66.45, "Chaman")
    add(af_agency, "AF-KABUL", handling=Handling.NATIONAL, at=(34.53, 69.17), crossing=torkham,
        route=("AF", "AF", "TR"), transits=["IR"])
    add(af_agency, "AF-KANDAHAR", at=(31.61, 65.71), kg="5", route=("AF", "AF", "PK"))
    add(af_agency, "AF-NOWHERE", kg="2")  # no coordinates, no route: in the country total only
    add(pk_agency, "PK-SECRET", handling=Handling.NATIONAL, at=KARACHI, kg="700", crossing=chaman,
        route=("AF", "PK", "CN"), transits=["TJ"], substance="methamphetamine")
    add(pk_agency, "PK-PESHAWAR", at=(34.01, 71.58), kg="3")
    return {"torkham": torkham, "chaman": chaman}


def figures(user, **filters):
    incidents, seizures = filtered(user, filters)
    viewport = map_selectors.parse_viewport(None, None)
    flows, arcs = map_selectors.flow_figures(incidents, seizures)
    return {
        "countries": map_selectors.country_totals(incidents, seizures),
        "clusters": map_selectors.clusters(incidents, seizures, viewport),
        "crossings": map_selectors.crossings(incidents, seizures),
        "flows": flows, "arcs": arcs,
    }


def test_country_totals_and_clusters_add_up(world, pk_analyst):
    f = figures(pk_analyst)
    assert {r["country"]: (r["cases"], r["kg"]) for r in f["countries"]} == {"PK": (2, 703.0), "AF": (2, 7.0)}
    assert sum(c["count"] for c in f["clusters"]) == 3  # AF-NOWHERE has no point
    assert sum(c["kg"] for c in f["clusters"]) == 708.0
    for zoom in range(0, 9):
        viewport = map_selectors.parse_viewport(str(zoom), None)
        incidents, seizures = filtered(pk_analyst, {})
        clusters = map_selectors.clusters(incidents, seizures, viewport)
        assert sum(c["count"] for c in clusters) == 3
    fine = map_selectors.clusters(*filtered(pk_analyst, {}), map_selectors.parse_viewport("8", "60,20,75,40"))
    karachi = [c for c in fine if c["count"] == 1 and abs(c["lat"] - KARACHI[0]) < 0.01]
    assert karachi and karachi[0]["kg"] == 700.0  # a lone incident sits where it happened
    box = map_selectors.clusters(*filtered(pk_analyst, {}), map_selectors.parse_viewport("3", "60,30,75,40"))
    assert sum(c["count"] for c in box) == 2  # Karachi (24.9 N) is outside the box


def test_a_viewer_of_another_country_sees_no_national_record_in_any_figure(world, af_analyst, pk_analyst):
    f = figures(af_analyst)
    assert {r["country"]: r["cases"] for r in f["countries"]} == {"AF": 3, "PK": 1}
    assert sum(c["count"] for c in f["clusters"]) == 3
    assert all(abs(c["lat"] - KARACHI[0]) > 1 for c in f["clusters"])
    assert 700.0 not in [c["kg"] for c in f["clusters"]] and sum(c["kg"] for c in f["clusters"]) == 18.0
    assert [c["code"] for c in f["crossings"]] == ["test-torkham"]
    nodes = set(f["flows"].nodes)
    assert "departure:PK" not in nodes and "destination:CN" not in nodes and "transit1:TJ" not in nodes
    assert {(a["from"], a["to"]) for a in f["arcs"]} == {("AF", "TR"), ("AF", "PK")}
    # Pakistan's analyst does not see Afghanistan's national incident either.
    g = figures(pk_analyst)
    assert [c["code"] for c in g["crossings"]] == ["test-chaman"]
    assert "destination:TR" not in g["flows"].nodes and ("AF", "TR") not in {(a["from"], a["to"]) for a in g["arcs"]}


def test_filters_narrow_every_figure(world, pk_analyst):
    f = figures(pk_analyst, substance="methamphetamine")
    assert [(r["country"], r["cases"], r["kg"]) for r in f["countries"]] == [("PK", 1, 700.0)]
    assert [c["count"] for c in f["clusters"]] == [1]
    assert [c["code"] for c in f["crossings"]] == ["test-chaman"]
    assert [(a["from"], a["to"]) for a in f["arcs"]] == [("PK", "CN")]


def test_flows_follow_the_transits_in_order(world, af_agency, af_analyst):
    add(af_agency, "AF-LONG", route=("AF", "AF", "TR"), transits=["TM", "AZ", "GE"], kg="1")
    f = figures(af_analyst)
    links = {(link.source, link.target): (link.cases, link.kg) for link in f["flows"].links}
    assert links[("departure:AF", "transit1:TM")] == (1, 1.0)
    assert links[("transit1:TM", "transit2:AZ")] == (1, 1.0)
    assert links[("transit3:GE", "destination:TR")] == (1, 1.0)
    assert links[("producing:AF", "departure:AF")] == (3, 16.0)


def test_map_data_endpoint(world, af_analyst):
    client = logged_in_client(af_analyst)
    response = client.get(reverse("insights:map-data"), {"zoom": "2", "bbox": "40,20,90,55"})
    assert response.status_code == 200
    body = response.json()
    assert body["zoom"] == 2 and body["bbox"] == [40, 20, 90, 55]
    assert {r["country"] for r in body["countries"]} == {"AF", "PK"}
    assert all(r["name"] for r in body["countries"])
    assert sum(c["count"] for c in body["clusters"]) == 3
    assert [c["name"] for c in body["crossings"]] == ["Torkham"]
    assert {(a["from"], a["to"]) for a in body["arcs"]} == {("AF", "TR"), ("AF", "PK")}
    assert all(len(a["start"]) == 2 and len(a["end"]) == 2 for a in body["arcs"])
    assert b"PK-SECRET" not in response.content and b"700" not in response.content
    flows = client.get(reverse("insights:map-flows")).json()
    assert "departure:PK" not in flows["nodes"]
    assert flows["nodes"]["departure:AF"]["label"].startswith("Afghanistan (")
    assert {(link["from"], link["to"]) for link in flows["links"]} >= {("departure:AF", "transit1:IR")}


def test_map_data_with_filters_in_the_url(world, pk_analyst):
    client = logged_in_client(pk_analyst)
    body = client.get(reverse("insights:map-data"), {"substance": "methamphetamine"}).json()
    assert [(r["country"], r["cases"]) for r in body["countries"]] == [("PK", 1)]


@pytest.mark.parametrize("kind", ["countries", "clusters", "crossings", "routes", "flows"])
def test_csv_downloads(world, af_analyst, kind):
    client = logged_in_client(af_analyst)
    before = AuditEntry.objects.count()
    response = client.get(reverse("insights:map-csv", args=[kind]), {"country": "AF"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert len(lines) >= 2, text
    assert "PK-SECRET" not in text and "700" not in text and "Chaman" not in text
    assert AuditEntry.objects.count() == before + 1


def test_csv_content(world, af_analyst):
    client = logged_in_client(af_analyst)
    text = client.get(reverse("insights:map-csv", args=["countries"])).content.decode("utf-8-sig")
    assert text.splitlines()[1:] == ["AF,Afghanistan,3,17.0", "PK,Pakistan,1,3.0"]
    assert client.get(reverse("insights:map-csv", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("params", [
    {"zoom": "abc"}, {"zoom": "99999999999999999999"}, {"zoom": "13"}, {"zoom": "-1"}, {"zoom": "1.5"},
    {"bbox": "garbage"}, {"bbox": "1,2,3"}, {"bbox": "nan,0,10,10"}, {"bbox": "0,0,inf,10"},
    {"bbox": "10,10,0,0"}, {"bbox": "-500,0,10,10"}, {"bbox": "<script>alert(1)</script>"},
    {"bbox": "1," * 500}, {"zoom": "<script>"}, {"date_from": "not a date"}, {"country": "<script>"},
    {"date_from": "2024-05-01", "date_to": "2024-01-01"},
])
def test_bad_parameters_get_a_400_with_a_message(world, af_analyst, params):
    client = logged_in_client(af_analyst)
    response = client.get(reverse("insights:map-data"), params)
    assert response.status_code == 400
    assert response.json()["error"]
    assert b"<script>" not in response.content
    csv_response = client.get(reverse("insights:map-csv", args=["clusters"]), params)
    assert csv_response.status_code == 400 and csv_response.content
    if "zoom" not in params and "bbox" not in params:
        assert client.get(reverse("insights:map-flows"), params).status_code == 400
        assert client.get(reverse("insights:map"), params).status_code == 400
        assert client.get(reverse("insights:map-tables", args=["map"]), params).status_code == 400


def test_a_fine_zoom_over_a_wide_box_is_coarsened():
    viewport = map_selectors.parse_viewport("12", "-180,-90,180,90")
    west, south, east, north = viewport.bbox
    assert ((east - west) / viewport.cell) * ((north - south) / viewport.cell) <= map_selectors.MAX_CELLS
    assert map_selectors.parse_viewport("12", "69,34,69.02,34.02").zoom == 12


def test_the_map_page_and_its_tables(world, af_analyst):
    client = logged_in_client(af_analyst)
    response = client.get(reverse("insights:map"), {"country": "AF"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-map' in html and 'data-flows' in html and "map-countries" in html and "flow-links" in html
    assert "country=AF" in html  # the filters carried into the data and CSV URLs
    assert "Torkham" in html and "Chaman" not in html
    fragment = client.get(reverse("insights:map-tables", args=["map"])).content.decode()
    assert "map-countries" in fragment and "Chaman" not in fragment
    flows = client.get(reverse("insights:map-tables", args=["flows"])).content.decode()
    assert "flow-links" in flows and "China" not in flows
    assert client.get(reverse("insights:map-tables", args=["other"])).status_code == 404


def test_right_to_left_language(world, af_analyst):
    client = logged_in_client(af_analyst)
    html = client.get(reverse("insights:map"), HTTP_ACCEPT_LANGUAGE="fa-af").content.decode()
    assert 'dir="rtl"' in html
    assert client.get(reverse("insights:map-flows"), HTTP_ACCEPT_LANGUAGE="fa-af").json()["rtl"] is True


def test_who_may_see_the_map(world, af_agency):
    trainer = make_user("af_trainer", af_agency, ["trainer"])  # no aggregate statistics
    assert logged_in_client(trainer).get(reverse("insights:map-data")).status_code == 403
    assert logged_in_client(trainer).get(reverse("insights:map-csv", args=["countries"])).status_code == 403
    from django.test import Client

    anonymous = Client().get(reverse("insights:map-data"))
    assert anonymous.status_code == 302
    international = make_user("caricc_analyst", make_agency("CARICC", None, kind="international"),
                              ["regional_analyst"])
    body = logged_in_client(international).get(reverse("insights:map-data")).json()
    # Regional records only: neither country's national incidents.
    assert {r["country"]: r["cases"] for r in body["countries"]} == {"AF": 2, "PK": 1}


def test_the_map_page_with_everything_it_loads_stays_under_300_kb_compressed(world, af_analyst):
    import gzip
    import re

    from django.contrib.staticfiles import finders

    client = logged_in_client(af_analyst)
    page = client.get(reverse("insights:map")).content
    total = len(gzip.compress(page, 6))
    # Style sheets and scripts in the page, and the libraries the map and flows scripts load themselves.
    assets = set(re.findall(rb'(?:href|src|data-[a-z-]+-lib)="/static/([^"]+)"', page))
    assert {b"vendor/chart.umd.min.js", b"vendor/chartjs-chart-geo.min.js", b"vendor/chartjs-chart-sankey.min.js",
            b"insights/map.js", b"insights/flows.js"} <= assets
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as f:
            total += len(gzip.compress(f.read(), 6))
    for url in (reverse("insights:map-regions"), reverse("insights:map-data"), reverse("insights:map-flows")):
        total += len(gzip.compress(client.get(url).content, 6))
    print(f"map page with everything it loads: {total / 1024:.0f} KB compressed")
    assert total < 300 * 1024, total


def test_invalid_filters_show_the_form_and_no_figures(world, af_analyst):
    response = logged_in_client(af_analyst).get(reverse("insights:map"), {"date_from": "yesterday"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="filter-errors"' in html and "data-map" not in html


def test_routes_with_and_without_transits_on_the_same_ends_are_told_apart(world, af_agency, af_analyst):
    add(af_agency, "AF-DIRECT", route=("AF", "AF", "TR"), kg="4")  # as AF-KABUL (via Iran), but direct
    rows = {(r.producing, r.departure, r.transits, r.destination): (r.cases, r.kg)
            for r in map_selectors.route_rows(*filtered(af_analyst, {}))}
    assert rows[("AF", "AF", ("IR",), "TR")] == (1, 10.0)
    assert rows[("AF", "AF", (), "TR")] == (1, 4.0)
    assert rows[("AF", "AF", (), "PK")] == (1, 5.0)
