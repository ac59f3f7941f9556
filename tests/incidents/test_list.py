"""The incident list: every filter, keyset pages, capped counts, and nothing leaking across countries."""

from datetime import date
from decimal import Decimal

import pytest

from hamkari.incidents import selectors, services
from hamkari.incidents.models import Incident
from hamkari.sharing.models import Handling, SharingGroup
from tests.factories import make_agency, make_user
from tests.sharing.world import logged_in_client

pytestmark = pytest.mark.django_db


def add(agency, ref, *, day="2024-03-01", country=None, substance="heroin", handling=Handling.NATIONAL,
        group=None, **data):
    seizures = [{"substance": substance, "amount": Decimal("5"), "unit": "kg"}] if substance else []
    return services.incident_create(
        by=None, agency=agency, handling=handling, sharing_group=group, seizures=seizures,
        data={"national_reference": ref, "occurred_on": date.fromisoformat(day) if day else None,
              "country_id": country or agency.country_id, **data})


@pytest.fixture
def world(af_agency, pk_agency):
    af_customs = make_agency("AF-CUSTOMS", "AF", acronym="ACD")
    add(af_agency, "AF-HEROIN-1", day="2024-01-10", transport_mode="road", place_name="Torkham")
    add(af_agency, "AF-OPIUM-1", day="2024-02-10", substance="opium", crime_area="drugs", transport_mode="pedestrian")
    add(af_agency, "AF-METH-1", day="2023-06-01", substance="methamphetamine", handling=Handling.REGIONAL)
    add(af_customs, "AF-CUSTOMS-AA", day="2024-03-05", substance="acetic_anhydride", crime_area="precursors")
    add(af_agency, "AF-UNDATED", day=None, substance=None)
    add(pk_agency, "PK-SECRET-HEROIN", day="2024-03-01")  # national: Pakistan only
    add(pk_agency, "PK-SHARED-HEROIN", day="2024-03-02", handling=Handling.REGIONAL)
    add(pk_agency, "PK-IN-AF-HEROIN", day="2024-03-03", country="AF")  # national, seized in Afghanistan
    group = SharingGroup.objects.create(name="Torkham liaison", owner_agency=pk_agency)
    group.countries.add("AF")
    add(pk_agency, "PK-RESTRICTED-TO-AF", day="2024-03-04", handling=Handling.RESTRICTED, group=group)
    return af_customs


def refs(user, **filters):
    return [i.national_reference for i in selectors.incident_list(user, filters)]


def test_filters(world, af_analyst, af_agency):
    assert refs(af_analyst, substance="heroin", country="AF") == ["AF-HEROIN-1"]
    assert refs(af_analyst, substance="opium") == ["AF-OPIUM-1"]
    assert refs(af_analyst, substance_group="ats") == ["AF-METH-1"]
    assert refs(af_analyst, crime_area="precursors") == ["AF-CUSTOMS-AA"]
    assert refs(af_analyst, transport="pedestrian") == ["AF-OPIUM-1"]
    assert refs(af_analyst, owner_agency="AF-CUSTOMS") == ["AF-CUSTOMS-AA"]
    assert refs(af_analyst, owner_agency=world.pk) == ["AF-CUSTOMS-AA"]
    assert refs(af_analyst, handling="regional") == ["PK-SHARED-HEROIN", "AF-METH-1"]
    assert refs(af_analyst, date_from="2024-02-01", date_to="2024-03-02") == ["PK-SHARED-HEROIN", "AF-OPIUM-1"]
    assert refs(af_analyst, date_from=date(2024, 3, 4)) == ["AF-CUSTOMS-AA", "PK-RESTRICTED-TO-AF"]
    assert refs(af_analyst, q="torkham") == ["AF-HEROIN-1"]
    assert refs(af_analyst, q="customs-aa") == ["AF-CUSTOMS-AA"]
    assert refs(af_analyst, q="\x00") == refs(af_analyst)  # NUL alone is no query (and no crash)
    assert refs(af_analyst, date_from="not a date") == refs(af_analyst)


def test_no_leak_across_countries(world, af_analyst, pk_analyst):
    seen_by_af = refs(af_analyst)
    assert "PK-SECRET-HEROIN" not in seen_by_af and "PK-IN-AF-HEROIN" not in seen_by_af
    assert {"PK-SHARED-HEROIN", "PK-RESTRICTED-TO-AF", "AF-UNDATED"} <= set(seen_by_af)
    # Filtering by the other country, its drug or its agency does not reveal what the chokepoint hides.
    assert refs(af_analyst, country="PK", substance="heroin") == ["PK-RESTRICTED-TO-AF", "PK-SHARED-HEROIN"]
    assert "PK-IN-AF-HEROIN" not in refs(af_analyst, country="AF", substance="heroin")
    assert refs(af_analyst, owner_agency="PK-ANF") == ["PK-RESTRICTED-TO-AF", "PK-SHARED-HEROIN"]
    assert refs(af_analyst, handling="national", q="PK") == []
    seen_by_pk = refs(pk_analyst)
    assert "AF-HEROIN-1" not in seen_by_pk and "AF-METH-1" in seen_by_pk
    # The page and its count say the same.
    client = logged_in_client(af_analyst)
    html = client.get("/incidents/", {"q": "PK"}).content.decode()
    assert "PK-SECRET" not in html and "PK-IN-AF" not in html and "PK-SHARED-HEROIN" in html
    assert "2 incidents" in html
    assert selectors.incident_page(af_analyst, {"q": "PK"}).count == 2


def test_nobody_without_rights_sees_anything(world, af_agency):
    trainer_in_af = make_user("af_trainer", af_agency, ["administrator"])
    assert refs(trainer_in_af) == []
    assert refs(trainer_in_af, country="AF") == []


def test_keyset_pages_walk_everything_once(af_agency, af_analyst):
    made = [add(af_agency, f"R{i}", day=f"2024-01-{1 + i % 3:02d}") for i in range(8)]
    made += [add(af_agency, f"U{i}", day=None) for i in range(3)]
    seen, after, pages = [], None, 0
    while True:
        page = selectors.incident_page(af_analyst, {}, after=after, size=3)
        seen += [i.national_reference for i in page.items]
        pages += 1
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert pages == 4 and len(seen) == len(made) == len(set(seen))
    dated = [i for i in Incident.objects.filter(occurred_on__isnull=False)]
    assert seen[:8] == [i.national_reference for i in sorted(dated, key=lambda i: (i.occurred_on, i.pk),
                                                               reverse=True)]
    assert seen[8:] == ["U2", "U1", "U0"]
    assert selectors.incident_page(af_analyst, {}, after="garbage", size=3).first_page


def test_counts_are_capped(af_agency, af_analyst):
    for i in range(4):
        add(af_agency, f"C{i}")
    qs = selectors.incident_list(af_analyst, {})
    assert selectors.count_capped(qs, limit=10) == (4, False)
    assert selectors.count_capped(qs, limit=3) == (3, True)


def test_list_page_keeps_filters_in_the_url_and_pages(af_agency, af_analyst, django_assert_max_num_queries):
    for i in range(55):
        add(af_agency, f"P{i:02d}", day=f"2024-02-{1 + i % 28:02d}")
    client = logged_in_client(af_analyst)
    with django_assert_max_num_queries(15):  # no query per row: owners and seizure lines come in bulk
        response = client.get("/incidents/", {"country": "AF", "substance": "heroin"})
    html = response.content.decode()
    assert response.status_code == 200 and html.count('href="/incidents/') >= 50
    assert 'value="heroin" selected' in html and "Heroin" in html
    assert "country=AF&amp;substance=heroin&amp;after=" in html
    next_url = html.split('id="next-page"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(f"/incidents/{next_url}").content.decode()
    assert second.count('href="/incidents/') < 50 and "Newest" in second


def test_list_page_survives_bad_filters(world, af_analyst):
    client = logged_in_client(af_analyst)
    for params in ({"country": "ZZ"}, {"date_from": "31/02/2020"}, {"substance": "<script>"},
                   {"after": "2024-99-99_x"}, {"q": "x" * 5000}, {"q": "a\x00b"}):
        response = client.get("/incidents/", params)
        assert response.status_code == 200, params
        assert "<script>" not in response.content.decode().split("</head>")[1]


def test_report_link_only_for_those_who_may_report(world, af_agency):
    reporter = logged_in_client(make_user("af_rep", af_agency, ["reporter"]))
    regional = logged_in_client(make_user("caricc_an", make_agency("CARICC", None, kind="international"),
                                          ["regional_analyst"]))
    assert 'id="report-incident"' in reporter.get("/incidents/").content.decode()
    html = regional.get("/incidents/").content.decode()
    assert 'id="report-incident"' not in html and "AF-METH-1" in html and "AF-HEROIN-1" not in html
