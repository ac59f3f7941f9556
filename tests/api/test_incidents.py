"""Incidents and seizure lines through the API: report with nested lines, route and entities; read; change;
history; filters; paging; and 404 for what the caller may not see."""

import json
from datetime import date

import pytest

from hamkari.entities.models import Person, Phone
from hamkari.incidents.models import Incident, IncidentVersion, Seizure
from hamkari.sharing.models import AuditAction, AuditEntry, SharingGroup
from tests.api.conftest import API, bearer_client, report, token_for
from tests.factories import make_user

REPORT = {
    "national_reference": "CNPA/2024/0042",
    "occurred_on": "2024-05-17",
    "country": "AF",
    "place_name": "Torkham",
    "location_type": "border_crossing",
    "crime_area": "drugs",
    "transport_mode": "road",
    "conveyance": "truck",
    "concealment": "vehicle",
    "concealment_detail": "false floor of the trailer",
    "persons_arrested": 2,
    "narrative": "Found during a routine check.",
    "destination_country": "PK",
    "transits": ["PK", "IR"],
    "seizures": [
        {"substance": "heroin", "amount": "12.5", "unit": "kg", "purity": "61.5"},
        {"substance": "гашиш", "amount": 300, "unit": "kg"},
    ],
    "involvements": [
        {"kind": "person", "role": "driver",
         "entity": {"name": "احمد خان", "father_name": "Gul Khan", "birth_date": "1985", "nationality": "AF",
                    "aliases": ["Ahmad Khan"]}},
        {"kind": "phone", "role": "phone_used", "entity": {"number": "+93 70 123 4567"}},
    ],
}


def post(api, body, path=f"{API}/incidents"):
    return api.post(path, json.dumps(body), content_type="application/json")


def patch(api, pk, body):
    return api.patch(f"{API}/incidents/{pk}", json.dumps(body), content_type="application/json")


# --- create and read ------------------------------------------------------------------------------------------

def test_report_an_incident_with_seizures_route_and_entities(af_api, af_analyst):
    response = post(af_api, REPORT)
    assert response.status_code == 201, response.content
    body = response.json()
    incident = Incident.objects.get(pk=body["id"])
    assert incident.owner_agency == af_analyst.agency and incident.created_by == af_analyst
    assert body["owner_agency"] == "AF-CNPA" and body["owner_country"] == "AF" and body["handling"] == "national"
    assert body["national_reference"] == "CNPA/2024/0042" and body["occurred_on"] == "2024-05-17"
    assert body["transits"] == ["PK", "IR"] and body["destination_country"] == "PK"
    assert body["persons_arrested"] == 2 and body["version"] == 1
    heroin, resin = body["seizures"]
    assert heroin["substance"] == "heroin" and heroin["substance_group"] == "opiates"
    assert heroin["amount_kg"] == "12.5000" and heroin["purity"] == "61.50"
    # A Russian street name is resolved to the vocabulary code, and kept as reported.
    assert resin["substance"] == "cannabis_resin" and resin["drug_name_as_reported"] == "гашиш"
    assert Seizure.objects.filter(incident=incident).count() == 2
    person = Person.objects.get()
    assert person.name == "احمد خان" and person.nationality_id == "AF" and person.birth_date == date(1985, 1, 1)
    phone = Phone.objects.get()
    assert phone.e164 == "+93701234567"
    kinds = {(i["kind"], i["role"], i["entity_id"]) for i in body["involvements"]}
    assert kinds == {("person", "driver", person.pk), ("phone", "phone_used", phone.pk)}
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(incident.pk)).exists()

    # The same incident read back; the read is audited.
    detail = af_api.get(f"{API}/incidents/{incident.pk}")
    assert detail.status_code == 200 and detail.json() == body
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(incident.pk),
                                     actor_username="af_analyst").count() == 1

    # The person's detail shows its other names and the incident it appears in.
    person_detail = af_api.get(f"{API}/entities/person/{person.pk}").json()
    assert person_detail["incidents"] == [incident.pk] and person_detail["incident_count"] == 1
    assert "Ahmad Khan" in {n["name"] for n in person_detail["other_names"]}
    lines = af_api.get(f"{API}/incidents/{incident.pk}/seizures").json()
    assert lines["count"] == 2 and [s["substance"] for s in lines["results"]] == ["heroin", "cannabis_resin"]
    assert af_api.get(f"{API}/seizures/{heroin['id']}").json()["incident"] == incident.pk


def test_unknown_substance_is_refused_with_the_nearest(af_api):
    body = {**REPORT, "seizures": [{"substance": "heroine powdr", "amount": 1, "unit": "kg"}]}
    response = post(af_api, body)
    assert response.status_code == 400
    assert "heroin" in response.json()["detail"].lower() and "Did you mean" in response.json()["detail"]
    assert not Incident.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(("change", "where"), [
    ({"occurred_on": "2020-02-31"}, "occurred_on"),
    ({"country": "Afghanistan"}, "country"),
    ({"country": "ZZ"}, "country"),
    ({"crime_area": "piracy"}, "crime_area"),
    ({"persons_arrested": -1}, "persons_arrested"),
    ({"latitude": 91}, "latitude"),
    ({"seizures": [{"substance": "heroin", "amount": -5, "unit": "kg"}]}, "amount"),
    ({"seizures": [{"substance": "heroin", "amount": 10**30, "unit": "kg"}]}, "amount"),
    ({"seizures": [{"substance": "heroin", "amount": "5000000", "unit": "kg"}]}, "amount"),
    ({"seizures": [{"substance": "heroin", "amount": "NaN", "unit": "kg"}]}, "amount"),
    ({"seizures": [{"substance": "heroin", "amount": 1, "unit": "bag"}]}, "unit"),
    ({"transits": ["XX"]}, "transits"),
    ({"national_reference": "A\x00B"}, "national_reference"),
    ({"narrative": 42}, "narrative"),
    ({"handling": "secret"}, "handling"),
    ({"handling": "restricted"}, "sharing_group"),
    ({"sharing_group": "00000000-0000-0000-0000-000000000000", "handling": "restricted"}, "sharing group"),
    ({"involvements": [{"kind": "person", "role": "suspect", "entity": {"name": ""}}]}, "name"),
    ({"involvements": [{"kind": "phone", "role": "phone_used", "entity": {"number": "12"}}]}, "number"),
    ({"involvements": [{"kind": "spaceship", "role": "suspect", "entity": {}}]}, "kind"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_values_get_4xx_with_a_message_and_save_nothing(af_api, change, where):
    response = post(af_api, {**REPORT, **change})
    assert response.status_code in (400, 422), response.content
    assert where.lower() in json.dumps(response.json()).lower()
    assert not Incident.objects.exists() and not Person.objects.exists() and not Phone.objects.exists()


@pytest.mark.parametrize("body", [b"{", b"[]", b"null", b"\xff\xfe", b'{"seizures": "many"}', b"x" * 10])
def test_malformed_bodies_get_4xx(af_api, body):
    response = af_api.post(f"{API}/incidents", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_oversized_body_gets_413(af_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = {**REPORT, "narrative": "x" * 20_000}
    response = post(af_api, body)
    assert response.status_code == 413 and response.json()["detail"]
    assert not Incident.objects.exists()


def test_roles_without_reporting_and_agencyless_users_may_not_report(af_agency, db):
    for user in (make_user("legal", af_agency, ["legal_officer"]), make_user("nobody", None, ["reporter"])):
        response = post(bearer_client(token_for(user)), REPORT)
        assert response.status_code in (401, 403), user.username
    assert not Incident.objects.exists()


def test_restricted_incident_with_own_countrys_group(af_api, af_agency, pk_analyst):
    group = SharingGroup.objects.create(name="AF-PK", owner_agency=af_agency)
    group.countries.set(["PK"])
    response = post(af_api, {**REPORT, "handling": "restricted", "sharing_group": str(group.uuid)})
    assert response.status_code == 201, response.content
    assert response.json()["sharing_group"] == str(group.uuid)
    pk = response.json()["id"]
    assert bearer_client(token_for(pk_analyst, "read")).get(f"{API}/incidents/{pk}").status_code == 200


# --- change and history ---------------------------------------------------------------------------------------

def test_change_an_incident_and_read_its_history(af_api, af_analyst):
    created = post(af_api, REPORT).json()
    pk = created["id"]
    heroin, resin = created["seizures"]
    person = next(i for i in created["involvements"] if i["kind"] == "person")
    response = patch(af_api, pk, {
        "version": 1, "persons_arrested": 3, "occurred_on": None,
        "seizures": [{"id": heroin["id"], "substance": "heroin", "amount": "13", "unit": "kg"}],
        "involvements": [{"id": person["id"], "role": "suspect"},
                         {"kind": "vehicle", "role": "vehicle_used",
                          "entity": {"plate": "KBL 1234", "registration_country": "AF"}}],
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2 and body["persons_arrested"] == 3 and body["occurred_on"] is None
    assert [(s["id"], s["amount"]) for s in body["seizures"]] == [(heroin["id"], "13.0000")]
    assert not Seizure.objects.filter(pk=resin["id"]).exists()
    assert {(i["kind"], i["role"]) for i in body["involvements"]} == {("person", "suspect"),
                                                                      ("vehicle", "vehicle_used")}
    assert body["transits"] == ["PK", "IR"]  # not sent: unchanged
    assert body["national_reference"] == REPORT["national_reference"]

    history = af_api.get(f"{API}/incidents/{pk}/history").json()
    assert [v["version"] for v in history["results"]] == [2, 1]
    latest = history["results"][0]
    assert latest["changed_by"] == "af_analyst"
    assert latest["changes"]["persons_arrested"] == [2, 3]
    assert latest["changes"]["occurred_on"] == ["2024-05-17", None]
    assert IncidentVersion.objects.filter(incident_id=pk).count() == 2

    # A stale version is refused, and nothing changes.
    stale = patch(af_api, pk, {"version": 1, "persons_arrested": 9})
    assert stale.status_code == 409
    assert Incident.objects.get(pk=pk).persons_arrested == 3


def test_patch_refuses_nulls_for_choices_and_unknown_fields(af_api):
    pk = post(af_api, REPORT).json()["id"]
    for body in ({"crime_area": None}, {"seizures": None}, {"handling": None}, {"colour": "red"},
                 {"persons_arrested": "many"}, {"occurred_on": "yesterday"}):
        response = patch(af_api, pk, body)
        assert response.status_code in (400, 422), body
    assert Incident.objects.get(pk=pk).version == 1


def test_only_the_owning_agency_may_change_and_others_learn_nothing(af_api, af_incidents, af_customs_analyst,
                                                                     pk_api):
    national, _, regional = af_incidents
    # Another Afghan agency sees the national incident but may not change it: 403, not a 404.
    customs = bearer_client(token_for(af_customs_analyst))
    assert customs.get(f"{API}/incidents/{national.pk}").status_code == 200
    assert patch(customs, national.pk, {"persons_arrested": 1}).status_code == 403
    # Pakistan cannot see the national incident: 404 exactly like a missing one.
    missing = patch(pk_api, 10**12, {"persons_arrested": 1})
    hidden = patch(pk_api, national.pk, {"persons_arrested": 1})
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    # It sees the regional one, may not change it.
    assert patch(pk_api, regional.pk, {"persons_arrested": 1}).status_code == 403
    # The history of another agency's incident hides who changed it.
    history = customs.get(f"{API}/incidents/{national.pk}/history").json()
    assert history["results"][0]["changed_by"] is None
    national.refresh_from_db()
    assert national.version == 1 and national.persons_arrested is None


def test_changing_the_handling_needs_the_focal_point(af_api, af_focal, af_incidents):
    national = af_incidents[0]
    assert patch(af_api, national.pk, {"handling": "regional"}).status_code == 403
    focal = bearer_client(token_for(af_focal))
    response = patch(focal, national.pk, {"handling": "regional", "reliability": "B"})
    assert response.status_code == 200, response.content
    assert response.json()["handling"] == "regional" and response.json()["reliability"] == "B"
    assert {s.handling for s in Seizure.objects.filter(incident=national)} == {"regional"}


# --- 404s -----------------------------------------------------------------------------------------------------

def test_another_countrys_national_records_answer_404_like_missing_ones(pk_api, af_incidents):
    national = af_incidents[0]
    seizure = Seizure.objects.filter(incident=national).first()
    person = Person.objects.get()
    for hidden, missing in [
        (f"{API}/incidents/{national.pk}", f"{API}/incidents/999999999"),
        (f"{API}/incidents/{national.pk}/seizures", f"{API}/incidents/999999999/seizures"),
        (f"{API}/incidents/{national.pk}/history", f"{API}/incidents/999999999/history"),
        (f"{API}/seizures/{seizure.pk}", f"{API}/seizures/999999999"),
        (f"{API}/entities/person/{person.pk}", f"{API}/entities/person/999999999"),
    ]:
        a, b = pk_api.get(hidden), pk_api.get(missing)
        assert a.status_code == b.status_code == 404, hidden
        assert a.content == b.content
        assert b"AF-HER-1" not in a.content and b"Ahmad" not in a.content


@pytest.mark.parametrize("guess", ["0", "-1", "abc", "1.5", "9" * 30, "1e3", "%00"])
def test_guessed_ids_get_4xx_never_5xx(af_api, af_incidents, guess):
    for path in ("incidents", "seizures", "entities/person", "entities/phone"):
        response = af_api.get(f"{API}/{path}/{guess}")
        assert 400 <= response.status_code < 500, (path, guess)


# --- lists, filters, paging -----------------------------------------------------------------------------------

def ids(response):
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def test_lists_hold_only_what_the_caller_may_see(af_api, pk_api, af_incidents, pk_incident):
    her, opi, met = af_incidents
    assert ids(af_api.get(f"{API}/incidents")) == [met.pk, her.pk, opi.pk]  # newest first
    assert ids(pk_api.get(f"{API}/incidents")) == [met.pk, pk_incident.pk]
    assert pk_api.get(f"{API}/incidents").json()["count"] == 2
    pk_seizures = pk_api.get(f"{API}/seizures").json()
    assert pk_seizures["count"] == 3
    assert {s["incident"] for s in pk_seizures["results"]} == {met.pk, pk_incident.pk}
    assert pk_api.get(f"{API}/entities/person").json() == {"count": 0, "limit": 50, "offset": 0, "results": []}
    assert af_api.get(f"{API}/entities/person").json()["count"] == 1


def test_incident_filters(af_api, af_incidents, pk_incident, pk_analyst):
    her, opi, met = af_incidents
    get = lambda **q: ids(af_api.get(f"{API}/incidents", q))  # noqa: E731
    assert get(substance="heroin") == [met.pk, her.pk]
    assert get(substance="Героин") == [met.pk, her.pk]  # any spelling
    assert get(substance_group="ats") == [met.pk]
    assert get(date_from="2024-01-01") == [met.pk, her.pk]
    assert get(date_from="2023-01-01", date_to="2023-12-31") == [opi.pk]
    assert get(handling="regional") == [met.pk]
    assert get(country="AF", crime_area="drugs") == [met.pk, her.pk, opi.pk]
    assert get(country="PK") == []  # the Pakistani incident is national: invisible, even when asked for
    assert get(owner_agency="AF-CNPA", q="OPI") == [opi.pk]
    pk = bearer_client(token_for(pk_analyst, "read"))
    assert ids(pk.get(f"{API}/incidents", {"country": "PK"})) == [pk_incident.pk]
    seizures = lambda **q: [s["substance"] for s in af_api.get(f"{API}/seizures", q).json()["results"]]  # noqa: E731
    assert sorted(seizures(substance_group="opiates")) == ["heroin", "heroin", "opium"]
    assert seizures(country="AF", date_to="2023-06-01") == ["opium"]
    assert seizures(incident=met.pk) == ["methamphetamine", "heroin"]


@pytest.mark.parametrize("query", [
    {"limit": 0}, {"limit": 501}, {"limit": 10**20}, {"limit": "ten"}, {"cursor": "garbage"},
    {"cursor": "2024-02-31_5"}, {"date_from": "31/02/2020"}, {"date_to": "2020-13-01"}, {"country": "afg"},
    {"crime_area": "piracy"}, {"handling": "secret"}, {"substance": "unobtainium"}, {"substance": "x\x00"},
    {"q": "x" * 201}, {"q": "a\x00b"}, {"owner_agency": "AF CNPA; DROP TABLE"}, {"substance_group": "spice"},
])
def test_bad_filters_get_4xx_with_a_message(af_api, af_incidents, query):
    response = af_api.get(f"{API}/incidents", query)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]


@pytest.mark.parametrize("query", [{"limit": 501}, {"offset": -1}, {"offset": 10**12}, {"unit": "bag"}])
def test_bad_seizure_and_entity_paging_gets_422(af_api, query):
    for path in ("seizures", "entities/person", "entities/account"):
        response = af_api.get(f"{API}/{path}", query)
        if path != "seizures" and "unit" in query:
            assert response.status_code == 200  # not a filter of entities: ignored
            continue
        assert response.status_code == 422, (path, query)


def test_incident_paging_by_cursor_walks_everything_once(af_agency, af_api):
    made = [report(af_agency, reference=f"P-{n}", occurred_on=date(2024, 1, 1 + n % 5) if n % 4 else None)
            for n in range(13)]
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = af_api.get(f"{API}/incidents", query).json()
        assert body["count"] == 13 and body["count_capped"] is False and len(body["results"]) <= 4
        seen += [r["id"] for r in body["results"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 4
    assert sorted(seen) == sorted(i.pk for i in made) and len(seen) == len(set(seen))
    dates = [Incident.objects.get(pk=pk).occurred_on for pk in seen]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True) and dates[len(dated):] == [None] * (13 - len(dated))


def test_list_searches_are_audited(af_api, af_incidents):
    af_api.get(f"{API}/incidents", {"substance": "heroin"})
    af_api.get(f"{API}/entities/person", {"q": "Ahmad"})
    searches = AuditEntry.objects.filter(action=AuditAction.SEARCH)
    assert searches.filter(object_type="incidents.incident", detail__query__substance="heroin").count() == 1
    assert searches.filter(object_type="entities.person", detail__query__q="Ahmad").count() == 1


def test_an_inactive_agencys_session_may_not_write(af_analyst, af_incidents):
    from tests.sharing.world import logged_in_client

    session = logged_in_client(af_analyst)
    af_analyst.agency.is_active = False
    af_analyst.agency.save()
    assert post(session, REPORT).status_code == 403
    assert patch(session, af_incidents[0].pk, {"persons_arrested": 5}).status_code == 403
    assert patch(session, 10**9, {"persons_arrested": 5}).status_code == 403  # the same for any id
    assert session.get(f"{API}/incidents").json()["count"] == 0  # and it reads nothing
    assert Incident.objects.count() == 3 and Incident.objects.get(pk=af_incidents[0].pk).version == 1


def test_an_unknown_kind_of_entity_answers_a_json_404(af_api):
    for path in ("entities/spaceship", "entities/spaceship/1"):
        response = af_api.get(f"{API}/{path}")
        assert response.status_code == 404 and "person" in response.json()["detail"]
    assert af_api.get(f"{API}/entities/person").status_code == 200
