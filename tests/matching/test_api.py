"""The hits API: the same visibility as the pages (hit/no-hit where the other record is hidden), disclosure
requests and judgements through the services, bad input answered 4xx."""

import pytest

from hamkari.matching.models import DisclosureRequest, Hit, HitStatus, Judgement
from hamkari.sharing.models import Handling
from tests.api.conftest import bearer_client, token_for
from tests.matching.test_platform_hits import _no_pending_matches, make, world  # noqa: F401  (fixtures)


@pytest.fixture
def hit(world, make):
    world.tj_phone = make("phone", {"number": "+992 93 555 1234", "imei": "490154203237518"}, world.tj)
    world.uz_phone = make("phone", {"number": "00992935551234"}, world.uz, Handling.REGIONAL)
    return Hit.objects.get()


def api(user, scope="write"):
    return bearer_client(token_for(user, scope))


def test_list_and_detail_hide_the_record_the_caller_may_not_see(world, hit):
    uz = api(world.uz_fp)
    page = uz.get("/api/v1/hits").json()
    assert page["count"] == 1
    row = page["results"][0]
    assert row["reference"] == hit.reference and row["other"] == {
        "kind": "phone", "country": "TJ", "agency": "TJ-DCA", "visible": False, "id": None}
    assert row["score"] is None and row["features"] == [] and row["can_request_disclosure"] is True
    assert "490154203237518" not in uz.get(f"/api/v1/hits/{hit.reference}").content.decode()
    tj = api(world.tj_fp).get(f"/api/v1/hits/{hit.reference}").json()
    assert tj["both_visible"] and tj["other"]["id"] == world.uz_phone.pk and tj["features"]
    assert 0 < tj["score"] <= 1


def test_third_country_and_guessing(world, hit):
    kz = api(world.kz_fp)
    assert kz.get("/api/v1/hits").json()["count"] == 0
    assert kz.get(f"/api/v1/hits/{hit.reference}").status_code == 404
    assert kz.post(f"/api/v1/hits/{hit.reference}/disclosure-requests", {"reason": "x"},
                   content_type="application/json").status_code == 404
    for bad in ("hit-1", "HIT_1", "A" * 40, "%00"):
        assert kz.get(f"/api/v1/hits/{bad}").status_code in (404, 422), bad


def test_disclosure_request_and_read_token(world, hit):
    url = f"/api/v1/hits/{hit.reference}/disclosure-requests"
    assert api(world.uz_fp, "read").post(url, {"reason": "Case 17"}, content_type="application/json").status_code == 403
    uz = api(world.uz_fp)
    assert uz.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    assert uz.post(url, {"reason": "a\x00b"}, content_type="application/json").status_code == 422
    response = uz.post(url, {"reason": "Case 17"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    assert DisclosureRequest.objects.count() == 1
    # The owner side may already see the other record: nothing to request (a clear 400).
    answer = api(world.tj_fp).post(url, {"reason": "Case 18"}, content_type="application/json")
    assert answer.status_code in (400, 403) and "detail" in answer.json()
    assert DisclosureRequest.objects.count() == 1


def test_judgement_through_the_api(world, make):
    make("phone", {"number": "+992 93 555 1234"}, world.tj, Handling.REGIONAL)
    make("phone", {"number": "00992935551234"}, world.uz, Handling.REGIONAL)
    hit = Hit.objects.get()
    uz = api(world.uz_analyst)
    url = f"/api/v1/hits/{hit.reference}/judgements"
    assert uz.post(url, {"verdict": "maybe"}, content_type="application/json").status_code == 422
    response = uz.post(url, {"verdict": "not_same", "comment": "reassigned"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["hit_status"] == HitStatus.DISMISSED
    assert Judgement.objects.count() == 1
    assert uz.get("/api/v1/hits").json()["count"] == 0
    assert uz.get("/api/v1/hits?status=dismissed").json()["count"] == 1
    assert uz.get("/api/v1/hits?limit=0").status_code == 422
