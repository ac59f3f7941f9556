"""Bad input to the generic record paths: clear 4xx, never 5xx, nothing leaks, nothing runs (rule 7)."""

import pytest

from hamkari.sharing.models import Handling
from tests.sharing.world import csv_rows
from tests.specimens.models import Coordination, Specimen


@pytest.fixture
def record(af_agency):
    return Specimen.objects.create(owner_agency=af_agency, handling=Handling.NATIONAL, title="Opium in Herat")


@pytest.fixture
def analyst_client(client, af_analyst):
    client.force_login(af_analyst)
    return client


@pytest.mark.parametrize("url", [
    "/sharing/records/no-such-kind/",
    "/sharing/records/no-such-kind/1/",
    "/sharing/records/no-such-kind/export.csv",
    "/api/v1/records/no-such-kind",
    "/api/v1/records/no-such-kind/count",
    "/api/v1/records/no-such-kind/1",
])
def test_an_unknown_kind_of_record_is_404(analyst_client, url):
    assert analyst_client.get(url).status_code == 404


@pytest.mark.parametrize("pk", ["abc", "1.5", "-1", "%20", "1;DROP", "99999999999999999999999999"])
def test_a_bad_id_in_the_web_url_is_404(analyst_client, record, pk):
    assert analyst_client.get(f"/sharing/records/specimens/{pk}/").status_code == 404


@pytest.mark.parametrize("pk", ["abc", "1.5", "-1", "0", "1;DROP", "99999999999999999999999999"])
def test_a_bad_id_in_the_api_is_4xx(analyst_client, record, pk):
    response = analyst_client.get(f"/api/v1/records/specimens/{pk}")
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_a_record_is_not_found_under_another_kinds_url(analyst_client, record):
    assert Coordination.objects.filter(pk=record.pk).count() == 0
    assert analyst_client.get(f"/sharing/records/coordination-notes/{record.pk}/").status_code == 404
    assert analyst_client.get(f"/api/v1/records/coordination-notes/{record.pk}").status_code == 404


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 100000}, {"limit": -5}, {"offset": -1}, {"limit": 10, "offset": -1},
])
def test_out_of_range_paging_is_400_with_a_message(analyst_client, params):
    response = analyst_client.get("/api/v1/records/specimens", params)
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]


@pytest.mark.parametrize("params", [{"limit": "ten"}, {"offset": "x"}, {"limit": "1e9"}])
def test_non_numeric_paging_is_4xx(analyst_client, params):
    response = analyst_client.get("/api/v1/records/specimens", params)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_paging_within_range_works(analyst_client, record):
    assert analyst_client.get("/api/v1/records/specimens", {"limit": 500}).json()["count"] == 1
    assert analyst_client.get("/api/v1/records/specimens", {"limit": 1, "offset": 5}).json()["results"] == []


@pytest.mark.parametrize("url", ["/api/v1/records/specimens", "/api/v1/records/specimens/count"])
def test_a_very_long_query_is_400_in_the_api(analyst_client, url):
    response = analyst_client.get(url, {"q": "x" * 10_000})
    assert response.status_code == 400
    assert "q" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/sharing/records/specimens/", "/sharing/records/specimens/export.csv"])
def test_a_very_long_query_is_handled_on_the_web(analyst_client, record, url):
    response = analyst_client.get(url, {"q": "Opium" + "x" * 10_000})
    assert response.status_code == 200
    assert b"Opium in Herat" not in response.content


@pytest.mark.parametrize("q", ["%", "_", "\\", "'; DROP TABLE x; --", "\x00", "😀", "نام"])
def test_odd_queries_never_fail(analyst_client, record, q):
    for url in ("/sharing/records/specimens/", "/sharing/records/specimens/export.csv",
                "/api/v1/records/specimens", "/api/v1/records/specimens/count"):
        response = analyst_client.get(url, {"q": q})
        assert response.status_code < 500, (url, q)


def test_a_nul_character_in_a_query_is_dropped(analyst_client, record):
    # PostgreSQL text cannot hold NUL: the query (and its audit entry) must do without it.
    assert analyst_client.get("/api/v1/records/specimens", {"q": "Opi\x00um"}).json()["count"] == 1
    assert analyst_client.get("/api/v1/records/specimens/count", {"q": "Opi\x00um"}).json() == {"count": 1}
    html = analyst_client.get("/sharing/records/specimens/", {"q": "Opi\x00um"}).content.decode()
    assert "Opium in Herat" in html


def test_like_wildcards_in_a_query_match_literally(analyst_client, record):
    assert analyst_client.get("/api/v1/records/specimens/count", {"q": "%"}).json() == {"count": 0}
    assert analyst_client.get("/api/v1/records/specimens/count", {"q": "Opium_in"}).json() == {"count": 0}


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5"])
def test_a_bad_page_number_on_the_web_list_is_handled(analyst_client, record, page):
    assert analyst_client.get("/sharing/records/specimens/", {"page": page}).status_code == 200


SCRIPT = '<script>alert("x")</script>'


def test_a_script_in_a_title_is_escaped_in_list_and_detail(analyst_client, af_agency):
    obj = Specimen.objects.create(owner_agency=af_agency, handling=Handling.NATIONAL, title=SCRIPT, body=SCRIPT)
    for url in ("/sharing/records/specimens/", f"/sharing/records/specimens/{obj.pk}/",
                "/sharing/records/specimens/?q=alert"):
        html = analyst_client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url


def test_a_script_in_the_query_is_escaped(analyst_client, record):
    html = analyst_client.get("/sharing/records/specimens/", {"q": SCRIPT}).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("dangerous", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "=HYPERLINK(\"http://x\")",
                                       "\t=1", "\r=1"])
def test_the_csv_export_defuses_formulas(analyst_client, af_agency, dangerous):
    Specimen.objects.create(owner_agency=af_agency, handling=Handling.NATIONAL, title=dangerous, body=dangerous)
    response = analyst_client.get("/sharing/records/specimens/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, rows = csv_rows(response)
    title, body = header.index("title"), header.index("body")
    assert [(row[title], row[body]) for row in rows] == [("'" + dangerous, "'" + dangerous)]


def test_harmless_cells_are_exported_unchanged(analyst_client, af_agency):
    Specimen.objects.create(owner_agency=af_agency, handling=Handling.NATIONAL, title="Heroin, 12 kg",
                            body='said "hello"\nnext line')
    header, rows = csv_rows(analyst_client.get("/sharing/records/specimens/export.csv"))
    assert rows[0][header.index("title")] == "Heroin, 12 kg"
    assert rows[0][header.index("body")] == 'said "hello"\nnext line'
