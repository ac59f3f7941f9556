"""The link chart against a real database: every node through the chokepoint, hit/no-hit placeholders, inferred
links only through visible identifiers, shortest paths, communities, exports, and bad input."""

import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.urls import reverse

from hamkari.entities import services
from hamkari.incidents.models import Incident
from hamkari.insights import network
from hamkari.matching.models import Hit
from hamkari.sharing.models import AuditAction, AuditEntry, Handling
from tests.factories import make_agency, make_user
from tests.matching.test_platform_hits import _no_pending_matches, make  # noqa: F401  (fixtures)
from tests.sharing.world import logged_in_client

NATIONAL, REGIONAL = Handling.NATIONAL, Handling.REGIONAL
SECRET_PHONE = "+93 70 555 0199"
SECRET_IMEI = "490154203237518"


def _incident(agency, handling, ref):
    return Incident.objects.create(owner_agency=agency, handling=handling, national_reference=ref)


def _entity(kind, data, agency, handling):
    return services.entity_for(kind, data, owner_agency=agency, handling=handling)


@pytest.fixture
def world(db):
    """Afghanistan holds a national phone used in two regional incidents, by two regional couriers, and a
    national incident with a national suspect. Pakistan may see the regional records only."""
    af = make_agency("AF-CNPA", "AF", name="Counter Narcotics Police of Afghanistan", acronym="CNPA")
    pk = make_agency("PK-ANF", "PK", name="Anti-Narcotics Force", acronym="ANF")
    w = SimpleNamespace(af=af, pk=pk)
    w.af_analyst = make_user("af_analyst", af, ["analyst"])
    w.pk_analyst = make_user("pk_analyst", pk, ["analyst"])
    w.pk_reporter = make_user("pk_reporter", pk, ["reporter"])  # no export right
    w.phone = _entity("phone", {"number": SECRET_PHONE, "imei": SECRET_IMEI}, af, NATIONAL)
    w.secret = _entity("person", {"name": "Secret Suspect"}, af, NATIONAL)
    w.courier1 = _entity("person", {"name": "Courier One"}, af, REGIONAL)
    w.courier2 = _entity("person", {"name": "Courier Two"}, af, REGIONAL)
    w.vehicle = _entity("vehicle", {"plate": "KBL 1234", "registration_country_id": "AF"}, af, REGIONAL)
    w.national_incident = _incident(af, NATIONAL, "AF-NAT-1")
    w.incident1 = _incident(af, REGIONAL, "AF-REG-1")
    w.incident2 = _incident(af, REGIONAL, "AF-REG-2")
    services.involvement_add(w.national_incident, "person", w.secret, "suspect")
    services.involvement_add(w.national_incident, "phone", w.phone, "phone_used")
    services.involvement_add(w.incident1, "person", w.courier1, "courier")
    services.involvement_add(w.incident1, "phone", w.phone, "phone_used")
    services.involvement_add(w.incident1, "vehicle", w.vehicle, "vehicle_used")
    services.involvement_add(w.incident2, "person", w.courier2, "courier")
    services.involvement_add(w.incident2, "phone", w.phone, "phone_used")
    return w


def _get(user, url, **params):
    return logged_in_client(user).get(url, params)


def _expand(user, node_id, **params):
    kind, key = node_id.split(":", 1)
    return _get(user, reverse("insights:network-expand", args=[kind, key]), **params)


def _ids(body):
    return {n["id"] for n in body["nodes"]}


# --- visibility ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_owner_sees_the_phone_and_the_links_it_infers(world):
    body = _expand(world.af_analyst, f"incident:{world.incident1.pk}").json()
    assert _ids(body) == {f"incident:{world.incident1.pk}", f"person:{world.courier1.pk}",
                          f"phone:{world.phone.pk}", f"vehicle:{world.vehicle.pk}"}
    courier = _expand(world.af_analyst, f"person:{world.courier1.pk}").json()
    inferred = [e for e in courier["edges"] if e["inferred"]]
    assert {(e["source"], e["target"]) for e in inferred} >= {
        (f"person:{world.courier1.pk}", f"person:{world.courier2.pk}")}
    assert all(e["label"] == "shares phone" and e["kind"] == "inferred" for e in inferred)
    # The national suspect used the same phone: the owner's analyst sees that link too.
    assert f"person:{world.secret.pk}" in _ids(courier)


@pytest.mark.django_db
def test_other_country_sees_no_national_node_no_count_no_inferred_link(world):
    for node in (f"incident:{world.incident1.pk}", f"person:{world.courier1.pk}",
                 f"vehicle:{world.vehicle.pk}"):
        response = _expand(world.pk_analyst, node)
        assert response.status_code == 200
        text = response.content.decode()
        body = response.json()
        assert f"phone:{world.phone.pk}" not in _ids(body)
        assert f"person:{world.secret.pk}" not in _ids(body)
        assert not [e for e in body["edges"] if e["inferred"]], "no link inferred through a hidden phone"
        for leak in ("555", "Secret", "AF-NAT", SECRET_IMEI, "national"):
            assert leak not in text, f"{node}: {leak!r} leaks"
    # The regional incident shows two visible entities, nothing about the third (no count, no line).
    body = _expand(world.pk_analyst, f"incident:{world.incident1.pk}").json()
    assert len(body["nodes"]) == 3 and len(body["edges"]) == 2


@pytest.mark.django_db
def test_url_guessing_other_countries_ids_is_404_like_a_missing_one(world):
    missing = max(world.phone.pk, world.secret.pk, world.national_incident.pk) + 1000
    hidden = _expand(world.pk_analyst, f"phone:{world.phone.pk}")
    absent = _expand(world.pk_analyst, f"phone:{missing}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
    for node in (f"person:{world.secret.pk}", f"incident:{world.national_incident.pk}", "hit:HIT-2026-000001"):
        assert _expand(world.pk_analyst, node).status_code == 404
    page = _get(world.pk_analyst, reverse("insights:network"), start=f"person:{world.secret.pk}")
    assert page.status_code == 404 and b"Secret" not in page.content
    path = _get(world.pk_analyst, reverse("insights:network-path"), **{
        "from": f"person:{world.courier1.pk}", "to": f"person:{world.secret.pk}"})
    assert path.status_code == 404


@pytest.mark.django_db
def test_subgraph_of_posted_nodes_drops_hidden_ones_silently(world):
    nodes = [f"person:{world.courier1.pk}", f"phone:{world.phone.pk}", f"incident:{world.incident1.pk}",
             f"person:{world.secret.pk}"]
    client = logged_in_client(world.pk_analyst)
    body = client.post(reverse("insights:network-communities"), {"nodes": json.dumps(nodes)}).json()
    assert set(body["communities"]) == {f"person:{world.courier1.pk}", f"incident:{world.incident1.pk}"}


# --- hits ----------------------------------------------------------------------------------------------------

@pytest.fixture
def hit_world(db, make):
    tj = make_agency("TJ-DCA", "TJ", name="Drug Control Agency", acronym="DCA")
    uz = make_agency("UZ-NIC", "UZ", name="National Information Centre", acronym="NIC")
    w = SimpleNamespace(tj=tj, uz=uz)
    w.uz_analyst = make_user("uz_analyst", uz, ["analyst"])
    w.tj_analyst = make_user("tj_analyst", tj, ["analyst"])
    w.tj_phone = make("phone", {"number": "+992 93 555 1000", "imei": SECRET_IMEI}, tj, NATIONAL)
    w.uz_phone = make("phone", {"number": "00992935551000"}, uz, REGIONAL)
    w.hit = Hit.objects.get()
    return w


@pytest.mark.django_db
def test_hit_on_a_hidden_record_is_a_placeholder_without_hidden_data(hit_world):
    response = _expand(hit_world.uz_analyst, f"phone:{hit_world.uz_phone.pk}")
    body = response.json()
    placeholders = [n for n in body["nodes"] if n["placeholder"]]
    assert len(placeholders) == 1
    node = placeholders[0]
    assert node["id"] == f"hit:{hit_world.hit.reference}" and node["reference"] == hit_world.hit.reference
    assert node["label"] == "Possible match held by Tajikistan, Drug Control Agency"
    assert node["band"] == hit_world.hit.band
    text = response.content.decode()
    assert f"phone:{hit_world.tj_phone.pk}" not in text and SECRET_IMEI not in text
    assert '"score"' not in text and "explanation" not in text
    # The placeholder itself expands to the visible side only.
    again = _expand(hit_world.uz_analyst, node["id"]).json()
    assert _ids(again) == {node["id"], f"phone:{hit_world.uz_phone.pk}"}


@pytest.mark.django_db
def test_hit_between_two_visible_records_joins_them(hit_world):
    body = _expand(hit_world.tj_analyst, f"phone:{hit_world.tj_phone.pk}").json()
    hit = next(n for n in body["nodes"] if n["kind"] == "hit")
    assert not hit["placeholder"]
    assert f"phone:{hit_world.uz_phone.pk}" in _ids(body)
    assert {(e["source"], e["target"]) for e in body["edges"] if e["kind"] == "hit"} == {
        tuple(sorted((hit["id"], f"phone:{hit_world.tj_phone.pk}"))),
        tuple(sorted((hit["id"], f"phone:{hit_world.uz_phone.pk}")))}


@pytest.mark.django_db
def test_placeholder_stays_a_placeholder_in_exports(hit_world):
    client = logged_in_client(hit_world.uz_analyst)
    start = f"phone:{hit_world.uz_phone.pk}"
    for fmt in ("graphml", "ftm"):
        response = client.post(reverse("insights:network-export", args=[fmt]), {"start": start})
        assert response.status_code == 200
        text = response.content.decode()
        assert SECRET_IMEI not in text and f"phone-{hit_world.tj_phone.pk}" not in text
        assert "Possible match held by Tajikistan" in text


# --- paths and communities -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_shortest_path_over_the_visible_graph(world):
    url = reverse("insights:network-path")
    a, b = f"person:{world.courier1.pk}", f"person:{world.courier2.pk}"
    body = _get(world.af_analyst, url, **{"from": a, "to": b}).json()
    assert body["path"] == [a, b] and body["hops"] == 1  # the inferred "shares phone" link
    assert body["edges"][0]["inferred"]
    # Pakistan cannot see the phone: no path between the couriers within four hops.
    body = _get(world.pk_analyst, url, **{"from": a, "to": b}).json()
    assert body["path"] == [] and body["edges"] == []
    v = f"vehicle:{world.vehicle.pk}"
    body = _get(world.pk_analyst, url, **{"from": v, "to": a}).json()
    assert body["path"] == [v, f"incident:{world.incident1.pk}", a]
    assert _get(world.pk_analyst, url, **{"from": v, "to": a, "hops": "1"}).json()["path"] == []


@pytest.mark.django_db
def test_communities_are_deterministic(world):
    client = logged_in_client(world.af_analyst)
    nodes = [f"person:{p.pk}" for p in (world.courier1, world.courier2, world.secret)] + [
        f"incident:{i.pk}" for i in (world.incident1, world.incident2, world.national_incident)] + [
        f"phone:{world.phone.pk}", f"vehicle:{world.vehicle.pk}"]
    url = reverse("insights:network-communities")
    first = client.post(url, {"nodes": json.dumps(nodes)}).json()
    second = client.post(url, {"nodes": ",".join(reversed(nodes))}).json()
    assert first == second and set(first["communities"]) == set(nodes) and first["count"] >= 1


# --- exports -------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_graphml_export_parses_back_and_is_audited(world):
    client = logged_in_client(world.af_analyst)
    response = client.post(reverse("insights:network-export", args=["graphml"]),
                           {"start": f"person:{world.courier1.pk}"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    root = ET.fromstring(response.content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall("g:graph/g:node", ns)
    edges = root.findall("g:graph/g:edge", ns)
    ids = {n.get("id") for n in nodes}
    assert f"person:{world.courier2.pk}" in ids and len(edges) >= 2
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    inferred = [e for e in edges if any(d.get("key") == "e_inferred" and d.text == "true" for d in e)]
    assert inferred
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="insights.linkchart").get()
    assert entry.detail["format"] == "graphml" and entry.detail["nodes"] == len(nodes)


@pytest.mark.django_db
def test_graphml_escapes_markup_in_names(world):
    person = _entity("person", {"name": '<b>"Kar&imi"</b>'}, world.af, REGIONAL)
    services.involvement_add(world.incident1, "person", person, "courier")
    response = logged_in_client(world.af_analyst).get(
        reverse("insights:network-export", args=["graphml"]), {"start": f"incident:{world.incident1.pk}"})
    assert b"<b>" not in response.content
    labels = [d.text for d in ET.fromstring(response.content).iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert '<b>"Kar&imi"</b>' in labels


@pytest.mark.django_db
def test_ftm_export_is_json_lines_with_schemata(world):
    client = logged_in_client(world.af_analyst)
    nodes = [f"incident:{world.incident1.pk}", f"person:{world.courier1.pk}", f"phone:{world.phone.pk}",
             f"vehicle:{world.vehicle.pk}", f"person:{world.courier2.pk}"]
    response = client.post(reverse("insights:network-export", args=["ftm"]), {"nodes": json.dumps(nodes)})
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    assert all(set(e) == {"id", "schema", "properties"} for e in lines)
    # The followthemoney package itself accepts every line (as it does the incident export's), and every
    # reference points at an entity of the same file.
    from tests.incidents.exports.test_formats import _validate

    known = {e["id"] for e in lines}
    for entity in lines:
        proxy = _validate(entity)
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= known, (entity["id"], prop.name)
    by_schema = {}
    for entity in lines:
        by_schema.setdefault(entity["schema"], []).append(entity)
    assert {"Person", "Vehicle", "Event", "UnknownLink"} <= set(by_schema)
    courier = next(e for e in by_schema["Person"] if e["properties"]["name"] == ["Courier One"])
    assert courier["properties"]["phone"] == ["+93705550199"]
    event = by_schema["Event"][0]
    assert courier["id"] in event["properties"]["involved"] and event["properties"]["name"] == ["AF-REG-1"]
    assert by_schema["Vehicle"][0]["properties"]["registrationNumber"] == ["KBL 1234"]
    roles = {r for link in by_schema["UnknownLink"] for r in link["properties"].get("role", [])}
    assert "shares phone (inferred)" in roles and "Courier" in roles


@pytest.mark.django_db
def test_export_needs_the_export_right_and_hides_what_the_user_may_not_see(world):
    url = reverse("insights:network-export", args=["ftm"])
    start = {"start": f"incident:{world.incident1.pk}"}
    assert logged_in_client(world.pk_reporter).post(url, start).status_code == 403
    response = logged_in_client(world.pk_analyst).post(url, start)
    assert response.status_code == 200
    text = response.content.decode()
    assert "555" not in text and "Secret" not in text and "Courier One" in text


# --- the page ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_chart_page_has_table_fallback_data_and_is_audited(world):
    response = _get(world.af_analyst, reverse("insights:network"), start=f"person:{world.courier1.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="network-elements"' in html and 'id="network-nodes"' in html and "vendor/cytoscape.min.js" in html
    assert "Courier Two" in html and "AF-REG-1" in html and "shares phone" in html
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="entities.person",
                                     object_id=str(world.courier1.pk)).exists()


@pytest.mark.django_db
def test_chart_page_without_start_and_other_pages_do_not_load_cytoscape(world):
    response = _get(world.af_analyst, reverse("insights:network"))
    assert response.status_code == 200 and b"cytoscape" not in response.content
    entity_page = _get(world.af_analyst, reverse("entities:person-detail", args=[world.courier1.pk]))
    assert b"cytoscape" not in entity_page.content


@pytest.mark.django_db
def test_expand_limit_truncates_and_says_so(world):
    body = _expand(world.af_analyst, f"phone:{world.phone.pk}", limit="2").json()
    assert body["truncated"] and len(body["nodes"]) == 3
    body = _expand(world.af_analyst, f"phone:{world.phone.pk}").json()
    assert not body["truncated"] and len(body["nodes"]) == 4


# --- bad input -----------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("kind,key,params", [
    ("bogus", "1", {}), ("person", "abc", {}), ("person", "0", {}), ("person", "1" * 30, {}),
    ("hit", "<script>", {}), ("person", "1", {"limit": "999999"}), ("person", "1", {"limit": "-1"}),
    ("person", "1", {"limit": "x"}),
])
def test_bad_expand_input_is_400_with_a_message(world, kind, key, params):
    response = _get(world.af_analyst, f"/insights/network/expand/{kind}/{key}/", **params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"from": "person:1"}, {"from": "x", "to": "person:1"},
                                    {"from": "person:1", "to": "person:2", "hops": "99"}])
def test_bad_path_input_is_400_with_a_message(world, params):
    response = _get(world.af_analyst, reverse("insights:network-path"), **params)
    assert response.status_code == 400 and response.json()["error"]


@pytest.mark.django_db
def test_bad_communities_and_export_input(world):
    client = logged_in_client(world.af_analyst)
    url = reverse("insights:network-communities")
    for data in ({}, {"nodes": "[1, 2]"}, {"nodes": "[not json"}, {"nodes": "person:1,garbage"},
                 {"nodes": ",".join(f"person:{i}" for i in range(1, network.MAX_NODES + 2))}):
        response = client.post(url, data)
        assert response.status_code == 400 and response.json()["error"], data
    assert client.get(reverse("insights:network-export", args=["pdf"]), {"start": "person:1"}).status_code == 404
    assert client.get(reverse("insights:network"), {"start": "nonsense"}).status_code == 400


@pytest.mark.django_db
def test_logged_out_users_are_sent_to_log_in(world):
    from django.test import Client

    response = Client().get(reverse("insights:network-expand", args=["person", world.courier1.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
