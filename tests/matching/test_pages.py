"""The hit pages and notifications in the browser's place (Django's test client, real database): what each
user sees of a hit, the disclosure round trip through the pages, judgements, URL guessing, right to left."""

import pytest
from django.urls import reverse

from hamkari.matching.models import DisclosureRequest, DisclosureStatus, Hit, HitStatus, Judgement
from hamkari.notifications.models import Notification
from hamkari.sharing.models import AuditEntry, Handling
from tests.factories import make_user
from tests.matching.test_platform_hits import _no_pending_matches, make, world  # noqa: F401  (fixtures)

TJ_NUMBER, UZ_TYPED = "+992 93 555 1234", "00992935551234"


def client_for(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def national_hit(world, make):
    """A Tajik phone kept national, the same number reported regionally by Uzbekistan: one hit."""
    world.tj_phone = make("phone", {"number": TJ_NUMBER, "imei": "490154203237518"}, world.tj)
    world.uz_phone = make("phone", {"number": UZ_TYPED}, world.uz, Handling.REGIONAL)
    return Hit.objects.get()


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_hit_list_and_detail_show_hit_no_hit_to_the_side_that_may_not_see(client, world, national_hit):
    c = client_for(client, world.uz_fp)
    listing = page(c, reverse("matching:hit-list"))
    assert national_hit.reference in listing and "held by" in listing
    detail = page(c, reverse("matching:hit-detail", args=[national_hit.reference]))
    assert "Possible match held by Tajikistan, <bdi>Drug Control Agency</bdi>" in detail
    # Nothing of the national record: not its IMEI, its id, its score or the explanation.
    assert "490154203237518" not in detail and f"/entities/phone/{world.tj_phone.pk}/" not in detail
    assert "hit-explanation" not in detail and 'id="disclosure-form"' in detail
    # The Tajik focal point sees both (the Uzbek record is regional), with the explanation and a judgement form.
    c = client_for(client, world.tj_fp)
    detail = page(c, reverse("matching:hit-detail", args=[national_hit.reference]))
    assert "hit-explanation" in detail and 'id="judgement-form"' in detail
    assert f"/entities/phone/{world.uz_phone.pk}/" in detail
    assert AuditEntry.objects.filter(actor=world.tj_fp, action="view", object_id=str(world.uz_phone.pk)).exists()


def test_a_third_country_sees_no_hit_and_guessing_the_reference_is_404(client, world, national_hit):
    c = client_for(client, world.kz_fp)
    listing = page(c, reverse("matching:hit-list"))
    assert national_hit.reference not in listing
    page(c, reverse("matching:hit-detail", args=[national_hit.reference]), 404)
    page(c, reverse("matching:hit-detail", args=["HIT-0000-000000"]), 404)
    assert c.post(reverse("matching:disclosure-request", args=[national_hit.reference]),
                  {"reason": "curious"}).status_code == 404
    assert not DisclosureRequest.objects.exists()


def test_disclosure_round_trip_through_the_pages(client, world, national_hit):
    uz = client_for(client, world.uz_fp)
    response = uz.post(reverse("matching:disclosure-request", args=[national_hit.reference]),
                       {"reason": "Case UZ-2026-17: same number on a courier."})
    assert response.status_code == 302
    request_obj = DisclosureRequest.objects.get()
    # The Tajik focal point is told, and the bell counts it.
    assert Notification.objects.filter(recipient=world.tj_fp, kind="disclosure.requested").exists()
    tj = client_for(client, world.tj_fp)
    home = page(tj, reverse("notifications:list"))
    assert "asks you to disclose the record behind hit " + national_hit.reference in home
    queue = page(tj, reverse("matching:disclosure-list"))
    assert national_hit.reference in queue
    decide_url = reverse("matching:disclosure-detail", args=[request_obj.pk])
    form = page(tj, decide_url)
    assert 'id="decision-form"' in form and "Case UZ-2026-17" in form
    # Approving without a field is refused beside the field; then approve the number only.
    assert "Choose fields" in tj.post(decide_url, {"decision": "approve"}).content.decode()
    response = tj.post(decide_url, {"decision": "approve", "fields": ["e164"], "handling": ""})
    assert response.status_code == 302
    request_obj.refresh_from_db()
    assert request_obj.status == DisclosureStatus.APPROVED and request_obj.shared_fields == ["e164"]
    # The requester is told and now reads the disclosed number, but still not the IMEI it was not given.
    assert Notification.objects.filter(recipient=world.uz_fp, kind="disclosure.approved").exists()
    uz = client_for(client, world.uz_fp)
    detail = page(uz, reverse("matching:hit-detail", args=[national_hit.reference]))
    assert "+992935551234" in detail and "490154203237518" not in detail
    assert AuditEntry.objects.filter(object_type="matching.disclosurerequest", object_id=str(request_obj.pk)).count() == 2


def test_decline_needs_a_reason_and_the_requester_reads_it(client, world, national_hit):
    client_for(client, world.uz_fp).post(reverse("matching:disclosure-request", args=[national_hit.reference]),
                                         {"reason": "Courier case"})
    request_obj = DisclosureRequest.objects.get()
    tj = client_for(client, world.tj_fp)
    url = reverse("matching:disclosure-detail", args=[request_obj.pk])
    assert "Say why you decline" in tj.post(url, {"decision": "decline", "reason": " "}).content.decode()
    assert tj.post(url, {"decision": "decline", "reason": "Open investigation"}).status_code == 302
    detail = page(client_for(client, world.uz_fp), reverse("matching:hit-detail", args=[national_hit.reference]))
    assert "Open investigation" in detail and "Declined" in detail


def test_only_the_owner_decides_and_requests_of_others_are_404(client, world, national_hit):
    client_for(client, world.uz_fp).post(reverse("matching:disclosure-request", args=[national_hit.reference]),
                                         {"reason": "Courier case"})
    request_obj = DisclosureRequest.objects.get()
    url = reverse("matching:disclosure-detail", args=[request_obj.pk])
    # The requester sees the request but no decision form, and cannot post one.
    requester = client_for(client, world.uz_fp)
    assert 'id="decision-form"' not in page(requester, url)
    assert requester.post(url, {"decision": "approve", "fields": ["e164"]}).status_code == 403
    page(client_for(client, world.kz_fp), url, 404)
    request_obj.refresh_from_db()
    assert request_obj.status == DisclosureStatus.REQUESTED


def test_judging_not_the_same_dismisses_the_hit_and_it_leaves_the_open_list(client, world, make):
    make("phone", {"number": TJ_NUMBER}, world.tj, Handling.REGIONAL)
    make("phone", {"number": UZ_TYPED}, world.uz, Handling.REGIONAL)
    hit = Hit.objects.get()
    c = client_for(client, world.uz_analyst)
    url = reverse("matching:judgement-add", args=[hit.reference])
    assert c.post(url, {"verdict": "maybe"}).status_code == 302  # refused with a message, nothing recorded
    assert not Judgement.objects.exists()
    assert c.post(url, {"verdict": "not_same", "comment": "Reassigned number"}).status_code == 302
    hit.refresh_from_db()
    assert hit.status == HitStatus.DISMISSED
    assert hit.reference not in page(c, reverse("matching:hit-list"))
    assert hit.reference in page(c, reverse("matching:hit-list") + "?status=dismissed")
    assert "Reassigned number" in page(c, reverse("matching:hit-detail", args=[hit.reference]))


def test_users_without_hit_access_are_refused(client, world, national_hit):
    trainer = make_user("trainer_tj", world.tj, ["trainer"])
    c = client_for(client, trainer)
    assert c.get(reverse("matching:hit-list")).status_code == 403
    assert c.get(reverse("matching:hit-detail", args=[national_hit.reference])).status_code == 403
    client.logout()
    assert client.get(reverse("matching:hit-list")).status_code == 302  # to the log-in page


def test_notification_opens_marks_read_and_never_leaves_the_site(client, world, national_hit):
    note = Notification.objects.filter(recipient=world.uz_fp).first()
    assert note is not None
    c = client_for(client, world.uz_fp)
    assert "1 notification" in page(c, reverse("notifications:list"))
    response = c.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    note.url, note.read_at = "https://evil.example/phish", None
    note.save()
    response = c.post(reverse("notifications:open", args=[note.pk]))
    assert response.url == reverse("notifications:list")
    # Someone else's notification is 404 to guessers.
    other = Notification.objects.filter(recipient=world.tj_fp).first()
    assert c.post(reverse("notifications:open", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("language", ["fa-af", "ur", "ru"])
def test_hit_pages_in_other_languages(client, world, national_hit, language):
    c = client_for(client, world.uz_fp, language)
    for url in (reverse("matching:hit-list"), reverse("matching:hit-detail", args=[national_hit.reference]),
                reverse("notifications:list"), reverse("matching:disclosure-list")):
        html = page(c, url)
        assert f'lang="{language}"' in html
        assert ('dir="rtl"' in html) == (language != "ru")
    total = page(c, reverse("matching:hit-list")).split('id="hit-total">', 1)[1].split("<", 1)[0]
    assert ("۱" in total) == (language == "fa-af") and ("1" in total) == (language != "fa-af"), total


def test_home_page_lists_open_hits_and_decisions_waiting(client, world, national_hit):
    band = national_hit.get_band_display().lower()
    home = page(client_for(client, world.uz_fp), "/")
    assert f"1 open hit, {band} score" in home
    client_for(client, world.uz_fp).post(reverse("matching:disclosure-request", args=[national_hit.reference]),
                                         {"reason": "Courier case"})
    home = page(client_for(client, world.tj_fp), "/")
    assert "1 disclosure request waits for your decision" in home
    assert "Hits with other countries" not in page(client_for(client, make_user("t2", world.kz, ["trainer"])), "/")


def test_entity_page_lists_its_hits_and_the_owner_may_opt_out(client, world, national_hit,
                                                              django_capture_on_commit_callbacks):
    from hamkari.matching.models import MatchRecord

    tj = client_for(client, world.tj_fp)
    url = reverse("entities:phone-detail", args=[world.tj_phone.pk])
    html = page(tj, url)
    assert national_hit.reference in html and 'id="opt-out-button"' in html
    # Someone who is not the owner's focal point gets no switch, and a forged post is refused.
    uz = client_for(client, world.uz_fp)
    analyst = client_for(client, world.uz_analyst)
    assert 'id="opt-out-button"' not in page(analyst, reverse("entities:phone-detail", args=[world.uz_phone.pk]))
    assert analyst.post(reverse("matching:opt-out", args=["phone", world.uz_phone.pk]),
                        {"opted_out": "1"}).status_code == 403
    uz = client_for(client, world.uz_fp)
    assert uz.post(reverse("matching:opt-out", args=["phone", world.tj_phone.pk]),
                   {"opted_out": "1"}).status_code == 404  # national Tajik record: invisible to Uzbekistan
    tj = client_for(client, world.tj_fp)
    with django_capture_on_commit_callbacks(execute=True):
        answer = tj.post(reverse("matching:opt-out", args=["phone", world.tj_phone.pk]), {"opted_out": "1"})
    assert answer.status_code == 302
    assert 'id="opted-out"' in page(tj, url)
    assert not MatchRecord.objects.filter(kind="phone", entity_id=world.tj_phone.pk).exists()
    assert Hit.objects.get().status == HitStatus.WITHDRAWN
    assert AuditEntry.objects.filter(object_id=str(world.tj_phone.pk), detail__matching="opted_out").exists()


def test_every_engine_feature_code_has_a_translated_sentence():
    from hamkari.matching.engine.score import WEIGHTS
    from hamkari.matching.labels import FEATURE_TEXT, feature_rows

    codes = {c for c in WEIGHTS if "." in c and not c.startswith("identifier.same_kind")} | {
        "name.missing", "birth_date.missing", "name.cross_script"}
    assert codes <= set(FEATURE_TEXT), codes - set(FEATURE_TEXT)
    rows = feature_rows([{"code": "nationality.different", "field": "nationality", "weight": -1.3,
                          "params": {"left": "TJ", "right": "AF"}, "detail": "TJ vs AF"},
                         {"code": "name.cross_script", "field": "name", "weight": 10.0,
                          "params": {"left": "Мухаммаджон Рахимов", "right": "محمدجان رحیمی"}, "detail": "x"},
                         {"code": "new.code", "field": "name", "weight": 0, "params": {}, "detail": "as the engine says"}])
    assert rows[0]["text"] == "Different nationalities: Tajikistan and Afghanistan." and rows[0]["direction"] == "against"
    assert "Мухаммаджон Рахимов" in rows[1]["text"] and rows[1]["direction"] == "for"
    assert rows[2]["text"] == "as the engine says"


def test_administrators_are_told_of_capped_keys(client, world):
    from hamkari.matching.models import CappedKey

    admin = make_user("platform_admin", world.kz, ["administrator"])
    assert "no longer finds candidates" not in page(client_for(client, admin), "/")
    CappedKey.objects.create(key="p:t:mhmd", count=204664)
    assert "1 matching key is held by so many records" in page(client_for(client, admin), "/")


def test_entity_page_shows_what_it_was_judged_the_same_as_and_a_later_judgement_undoes_it(client, world, make):
    tj = make("phone", {"number": TJ_NUMBER}, world.tj, Handling.REGIONAL)
    uz = make("phone", {"number": UZ_TYPED}, world.uz, Handling.REGIONAL)
    hit = Hit.objects.get()
    c = client_for(client, world.uz_analyst)
    url = reverse("entities:phone-detail", args=[tj.pk])
    c.post(reverse("matching:judgement-add", args=[hit.reference]), {"verdict": "same"})
    html = page(c, url)
    assert 'id="judged-same"' in html and f"/entities/phone/{uz.pk}/" in html
    c.post(reverse("matching:judgement-add", args=[hit.reference]), {"verdict": "unsure", "comment": "checking"})
    assert 'id="judged-same"' not in page(c, url)
    assert Judgement.objects.count() == 2  # nothing is ever deleted: the later judgement replaces the earlier
