"""The autocomplete endpoints: login required, filters honoured, output escaped."""

import json

import pytest
from django.urls import reverse

from hamkari.places.folding import fold, skeleton
from hamkari.places.models import Place, PlaceName
from tests.sharing.world import logged_in_client

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def client_in(af_analyst):
    return logged_in_client(af_analyst)


@pytest.mark.parametrize("name", ["places:search", "places:search-json"])
def test_anonymous_users_are_sent_to_log_in(client, name):
    response = client.get(reverse(name), {"q": "Dush"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "Dushanbe" not in response.content.decode()


def test_search_fragment_lists_options(client_in):
    response = client_in.get(reverse("places:search"), {"q": "Dush", "country": "TJ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<option" in html and "Dushanbe (TJ)" in html
    dushanbe = Place.objects.get(geonameid=1221874)
    assert f'data-place-id="{dushanbe.pk}"' in html
    assert "<html" not in html  # a fragment, not a page


def test_search_in_another_script_and_by_kind(client_in):
    html = client_in.get(reverse("places:search"), {"q": "Торх", "kind": "crossing"}).content.decode()
    assert "Torkham" in html
    assert 'data-kind="settlement"' not in html


def test_search_falls_back_to_geocoding_a_misspelling(client_in):
    data = client_in.get(reverse("places:search-json"), {"q": "Dushanbre"}).json()
    assert [r["name"] for r in data["results"]] == ["Dushanbe"]


def test_search_json(client_in):
    response = client_in.get(reverse("places:search-json"), {"q": "Torkham", "kind": "crossing", "country": "af"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    results = response.json()["results"]
    assert [r["code"] for r in results] == ["af-torkham"]
    assert results[0]["country"] == "AF" and results[0]["kind"] == "crossing"
    assert abs(results[0]["latitude"] - 34.11) < 0.05


def test_nothing_found_is_an_empty_answer(client_in):
    assert client_in.get(reverse("places:search-json"), {"q": "qqqqqqqqqq"}).json() == {"results": []}
    assert "No place matches" in client_in.get(reverse("places:search"), {"q": ""}).content.decode()


@pytest.mark.parametrize("params", [{"q": "Dush", "country": "TJK"}, {"q": "Dush", "country": "<b>"},
                                    {"q": "Dush", "kind": "planet"}])
def test_bad_parameters_are_a_400_with_a_message(client_in, params):
    response = client_in.get(reverse("places:search-json"), params)
    assert response.status_code == 400 and response.json()["error"]
    response = client_in.get(reverse("places:search"), params)
    assert response.status_code == 400
    assert "<b>" not in response.content.decode()


@pytest.mark.parametrize("q", ["x" * 10_000, "\x00", HOSTILE, "%", "' OR 1=1 --"])
def test_garbage_queries_do_not_fail(client_in, q):
    assert client_in.get(reverse("places:search"), {"q": q, "limit": "lots"}).status_code == 200
    assert client_in.get(reverse("places:search-json"), {"q": q}).status_code == 200


def test_only_get(client_in):
    assert client_in.post(reverse("places:search"), {"q": "Dush"}).status_code == 405


def test_output_is_escaped(client_in):
    place = Place.objects.create(kind="settlement", country_id="TJ", name=HOSTILE, admin1_name=HOSTILE,
                                 latitude=38.5, longitude=68.7, population=10**8)
    PlaceName.objects.create(place=place, name=HOSTILE, key=fold(HOSTILE), skeleton=skeleton(HOSTILE),
                             script="Latn")
    html = client_in.get(reverse("places:search"), {"q": "<script"}).content.decode()
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    data = json.loads(client_in.get(reverse("places:search-json"), {"q": "<script"}).content)
    assert data["results"][0]["name"] == HOSTILE  # JSON carries the text; the client must not inject it as HTML
