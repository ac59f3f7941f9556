"""Hits in the platform, against a real database: entities of two agencies meet in the background task, both
focal points are told, each user sees what the chokepoint lets them see and nothing else.

The personas and helpers here are imported by the other test_platform_* modules and test_screen.py.
"""

import json
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.http import Http404

from hamkari.entities import services as entities
from hamkari.entities.models import Person, Phone
from hamkari.matching import selectors
from hamkari.matching.models import Hit, HitStatus, MatchKey, MatchRecord
from hamkari.notifications.models import Notification
from hamkari.notifications.selectors import unread_count
from hamkari.sharing.models import Handling
from tests.factories import make_agency, make_user

NATIONAL, REGIONAL = Handling.NATIONAL, Handling.REGIONAL


@pytest.fixture(autouse=True)
def _no_pending_matches():
    """Entities saved by earlier tests without a commit (rolled back) must not be matched in this one."""
    from hamkari.matching import signals

    signals._local.refs = set()
    yield
    signals._local.refs = set()


@pytest.fixture
def world(db):
    """Agencies of Tajikistan, Uzbekistan and Kazakhstan (and a second Tajik agency), with their people."""
    tj = make_agency("TJ-DCA", "TJ", name="Drug Control Agency", acronym="DCA")
    tj2 = make_agency("TJ-MVD", "TJ", name="Ministry of Internal Affairs", acronym="MVD")
    uz = make_agency("UZ-NIC", "UZ", name="National Information Centre", acronym="NIC")
    kz = make_agency("KZ-MVD", "KZ", name="Ministry of Internal Affairs", acronym="MVD")
    w = SimpleNamespace(tj=tj, tj2=tj2, uz=uz, kz=kz)
    w.tj_fp = make_user("tj_fp", tj, ["focal_point"])
    w.uz_fp = make_user("uz_fp", uz, ["focal_point"])
    w.kz_fp = make_user("kz_fp", kz, ["focal_point"])
    w.tj_analyst = make_user("tj_analyst", tj2, ["analyst"])  # of the other Tajik agency: sees the country's hits
    w.tj_reporter = make_user("tj_reporter", tj2, ["reporter"])  # sees their own agency's hits only
    w.uz_analyst = make_user("uz_analyst", uz, ["analyst"])
    w.kz_analyst = make_user("kz_analyst", kz, ["analyst"])
    return w


@pytest.fixture
def make(django_capture_on_commit_callbacks):
    """make(kind, data, agency, handling): an entity written as a report writes it, in a transaction that
    commits, so the background matching (immediate backend in tests) runs as in production."""

    def make(kind, data, agency, handling=NATIONAL, sharing_group=None):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                return entities.entity_for(kind, data, owner_agency=agency, handling=handling,
                                           sharing_group=sharing_group)

    return make


def committed(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks(execute=True)


def notifications(user, kind="hit.new"):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def view_text(view) -> str:
    """Everything a hit view holds, as text, to prove what it does not hold."""
    return json.dumps({k: str(v) for k, v in vars(view).items()} | {
        "mine": {k: str(v) for k, v in vars(view.mine).items()},
        "other": {k: str(v) for k, v in vars(view.other).items()}}, ensure_ascii=False)


# --- identifiers: the same phone in two countries -----------------------------------------------------------

@pytest.mark.django_db
def test_same_phone_in_two_countries_is_one_hit_both_focal_points_told(world, make):
    tj_phone = make("phone", {"number": "+992 93 555 1234"}, world.tj)
    assert Hit.objects.count() == 0 and MatchRecord.objects.filter(kind="phone").count() == 1
    uz_phone = make("phone", {"number": "00992935551234"}, world.uz)
    hit = Hit.objects.get()
    assert hit.reference.startswith("HIT-") and hit.status == HitStatus.OPEN and hit.band == "high"
    sides = {(hit.a_kind, hit.a_id, hit.a_agency_id, hit.a_country_id, hit.a_handling),
             (hit.b_kind, hit.b_id, hit.b_agency_id, hit.b_country_id, hit.b_handling)}
    assert sides == {("phone", tj_phone.pk, world.tj.pk, "TJ", NATIONAL), ("phone", uz_phone.pk, world.uz.pk, "UZ",
                                                                            NATIONAL)}
    assert any(f["code"] == "identifier.same" for f in hit.features)
    for fp in (world.tj_fp, world.uz_fp):
        (n,) = notifications(fp)
        assert n.params["references"] == [hit.reference] and n.params["count"] == 1
        assert unread_count(fp) == 1
    assert notifications(world.kz_fp) == [] and unread_count(world.kz_fp) == 0


@pytest.mark.django_db
def test_national_other_side_is_hit_no_hit_only(world, make):
    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    make("phone", {"number": "+992 93 555 1234", "imei": "490154203237518"}, world.uz)
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert view.mine.visible and view.mine.country == "TJ" and view.mine.record is not None
    assert not view.other.visible and not view.both_visible
    assert (view.other.country, view.other.agency_code) == ("UZ", "UZ-NIC")
    assert view.other.record is None and view.other.entity_id is None
    assert view.score is None and view.features == [] and view.explanation == ""
    assert view.band == "high" and view.reference.startswith("HIT-") and view.can_request
    # Nothing of the Uzbek record leaks: not its IMEI, not its id.
    uz_phone = Phone.objects.get(owner_agency=world.uz)
    text = view_text(view)
    assert "490154203237518" not in text and f"'id': {uz_phone.pk}" not in text
    # Both focal points list it; the Kazakh user sees nothing and cannot reach it by reference.
    assert selectors.hits_for(world.uz_fp).count() == 1
    assert selectors.hits_for(world.kz_fp).count() == 0 and selectors.hits_for(world.kz_analyst).count() == 0
    with pytest.raises(Http404):
        selectors.access_hit(world.kz_fp, view.reference)
    assert selectors.hit_views(world.kz_fp, [view.hit]) == []


@pytest.mark.django_db
def test_regional_records_on_both_sides_are_shown_side_by_side(world, make):
    make("phone", {"number": "+992 93 555 1234"}, world.tj, REGIONAL)
    make("phone", {"number": "+992 93 555 1234"}, world.uz, REGIONAL)
    for user in (world.tj_fp, world.uz_fp):
        (view,) = selectors.hit_views(user, selectors.hits_for(user))
        assert view.both_visible and view.other.record is not None and view.score > 0.9
        assert view.features and view.explanation
    # A regional record is visible to the Kazakh user too, but the hit is not theirs to list.
    assert selectors.hits_for(world.kz_fp).count() == 0


@pytest.mark.django_db
def test_country_scope_for_analysts_agency_scope_for_reporters(world, make):
    make("phone", {"number": "+992 93 555 1234"}, world.tj)  # TJ-DCA's record
    make("phone", {"number": "+992 93 555 1234"}, world.uz)
    assert selectors.hits_for(world.tj_analyst).count() == 1  # analyst of TJ-MVD: the whole country
    assert selectors.hits_for(world.tj_reporter).count() == 0  # reporter of TJ-MVD: own agency only
    # The analyst of the other Tajik agency may see the Tajik record (national) but not the Uzbek one.
    (view,) = selectors.hit_views(world.tj_analyst, selectors.hits_for(world.tj_analyst))
    assert view.mine.visible and not view.other.visible


@pytest.mark.django_db
def test_same_agency_duplicates_are_not_hits(world, make):
    make("person", {"name": "Rustam Nazarov", "birth_date": "1980-02-03"}, world.tj)
    make("person", {"name": "Rustam Nazarov", "birth_date": "1980-02-03"}, world.tj)
    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    make("phone", {"number": "+992 93 555 9999"}, world.tj)
    assert Hit.objects.count() == 0
    assert notifications(world.tj_fp) == []
    # Another agency of the same country is another agency: a hit (not cross-border, but cross-agency).
    make("phone", {"number": "+992 93 555 1234"}, world.tj2)
    assert Hit.objects.count() == 1


@pytest.mark.django_db
def test_saving_again_does_not_duplicate_or_renotify(world, make, django_capture_on_commit_callbacks):
    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    uz_phone = make("phone", {"number": "+992 93 555 1234"}, world.uz)
    hit = Hit.objects.get()
    keys_before = MatchKey.objects.count()
    with committed(django_capture_on_commit_callbacks):
        uz_phone.make = "ignored"  # not a phone field; a plain re-save
        uz_phone.save()
        make("phone", {"number": "+992935551234"}, world.uz)  # the same phone again: reused, no change
    assert Hit.objects.count() == 1 and Hit.objects.get().pk == hit.pk
    assert MatchKey.objects.count() == keys_before
    assert len(notifications(world.uz_fp)) == 1 and notifications(world.uz_fp)[0].params["count"] == 1


@pytest.mark.django_db
def test_one_import_transaction_gives_one_notification_per_focal_point(world, make,
                                                                       django_capture_on_commit_callbacks):
    numbers = [f"+992 93 555 00{i:02d}" for i in range(12)]
    for number in numbers:
        make("phone", {"number": number}, world.uz)
    assert Hit.objects.count() == 0
    # An import writes all its rows in one transaction: the matcher runs once for all of them.
    with committed(django_capture_on_commit_callbacks) as callbacks:
        with transaction.atomic():
            for number in numbers:
                entities.entity_for("phone", {"number": number}, owner_agency=world.tj, handling=NATIONAL)
    assert Hit.objects.count() == 12
    for fp in (world.tj_fp, world.uz_fp):
        (n,) = notifications(fp)
        assert n.params["count"] == 12 and len(n.params["references"]) == 12
    # A second batch while the first notification is unread is folded into it.
    with committed(django_capture_on_commit_callbacks):
        with transaction.atomic():
            entities.entity_for("phone", {"number": "+992 93 555 7777"}, owner_agency=world.uz, handling=NATIONAL)
            entities.entity_for("phone", {"number": "+992 93 555 7777"}, owner_agency=world.tj, handling=NATIONAL)
    (n,) = notifications(world.tj_fp)
    assert n.params["count"] == 13 and n.read_at is None
    assert len(callbacks) >= 1


@pytest.mark.django_db
def test_handling_change_follows_to_the_hit_and_the_view(world, make):
    from hamkari.sharing.services import set_handling

    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    uz_phone = make("phone", {"number": "+992 93 555 1234"}, world.uz)
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert not view.other.visible
    set_handling(obj=uz_phone, user=world.uz_fp, handling=REGIONAL)
    hit = Hit.objects.get()
    side = "a" if hit.a_agency_id == world.uz.pk else "b"
    assert getattr(hit, f"{side}_handling") == REGIONAL
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert view.other.visible and view.both_visible


@pytest.mark.django_db
def test_changed_or_deleted_record_withdraws_its_hit(world, make, django_capture_on_commit_callbacks):
    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    uz_phone = make("phone", {"number": "+992 93 555 1234"}, world.uz)
    hit = Hit.objects.get()
    with committed(django_capture_on_commit_callbacks):
        Phone.objects.filter(pk=uz_phone.pk).update(key="phone:+992935550000", e164="+992935550000")
        uz_phone.refresh_from_db()
        uz_phone.save()  # the number was corrected: no longer the same phone
    hit.refresh_from_db()
    assert hit.status == HitStatus.WITHDRAWN and selectors.hits_for(world.tj_fp).count() == 0
    with committed(django_capture_on_commit_callbacks):
        Phone.objects.filter(pk=uz_phone.pk).update(key="phone:+992935551234", e164="+992935551234")
        uz_phone.refresh_from_db()
        uz_phone.save()  # corrected back: the same hit (same reference) opens again
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN and Hit.objects.count() == 1
    with committed(django_capture_on_commit_callbacks):
        uz_phone.delete()
    hit.refresh_from_db()
    assert hit.status == HitStatus.WITHDRAWN
    assert not MatchRecord.objects.filter(kind="phone", entity_id=uz_phone.pk or 0).exists()


# --- persons across scripts ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_same_person_in_cyrillic_and_latin_is_a_hit_both_focal_points_see(world, make):
    tj = make("person", {"name": "Muhammadjon Rahimov", "birth_date": "1985-04-12", "nationality_id": "TJ",
                         "gender": "m"}, world.tj, REGIONAL)
    uz = make("person", {"name": "Мухаммаджон Рахимов", "birth_date": "1985-04-12", "nationality_id": "TJ",
                         "gender": "m"}, world.uz, REGIONAL)
    hit = Hit.objects.get()
    assert {hit.a_id, hit.b_id} == {tj.pk, uz.pk} and hit.a_kind == "person"
    for fp in (world.tj_fp, world.uz_fp):
        (view,) = selectors.hit_views(fp, selectors.hits_for(fp))
        assert view.both_visible and view.explanation
        assert {view.mine.record.name, view.other.record.name} == {tj.name, uz.name}
        assert len(notifications(fp)) == 1
    assert selectors.hits_for(world.kz_fp).count() == 0


@pytest.mark.django_db
def test_unrelated_people_are_not_hits(world, make):
    make("person", {"name": "Muhammadjon Rahimov", "birth_date": "1985-04-12"}, world.tj)
    make("person", {"name": "Gulnora Karimova", "birth_date": "1992-11-30", "gender": "f"}, world.uz)
    assert Hit.objects.count() == 0


@pytest.mark.django_db
def test_person_names_added_later_are_matched(world, make, django_capture_on_commit_callbacks):
    from hamkari.entities.models import PersonName

    make("person", {"name": "Muhammadjon Rahimov", "birth_date": "1985-04-12"}, world.uz, REGIONAL)
    tj = make("person", {"name": "Abu Hafs", "birth_date": "1985-04-12"}, world.tj, REGIONAL)
    assert Hit.objects.count() == 0
    with committed(django_capture_on_commit_callbacks):
        PersonName.objects.create(person=tj, name="Muhammadjon Rahimov")
    assert Hit.objects.count() == 1
    assert "Muhammadjon Rahimov" in MatchRecord.objects.get(kind="person", entity_id=tj.pk).record["names"]


@pytest.mark.django_db
def test_a_failing_entity_does_not_stop_the_others(world, make, monkeypatch):
    from hamkari.matching import index

    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    p1 = Phone.objects.create(owner_agency=world.uz, handling=NATIONAL, key="phone:+992935551234",
                              e164="+992935551234")
    p2 = Person.objects.create(owner_agency=world.uz, handling=NATIONAL, name="X")
    real = index.fields_of

    def broken(kind, obj):
        if kind == "person":
            raise RuntimeError("engine bug")
        return real(kind, obj)

    monkeypatch.setattr(index, "fields_of", broken)
    stats = index.match_entities([("person", p2.pk), ("phone", p1.pk)])
    assert stats.failed == 1 and stats.rescored == 1 and len(stats.new_hits) == 1


@pytest.mark.django_db
def test_hidden_person_leaks_neither_names_nor_score(world, make):
    make("person", {"name": "Muhammadjon Rahimov", "birth_date": "1985-04-12"}, world.tj)
    make("person", {"name": "Мухаммаджон Рахимов", "father_name": "Абдулло", "birth_date": "1985-04-12"},
         world.uz)
    stored = Hit.objects.get()
    assert any("мухаммаджон" in json.dumps(f["params"], ensure_ascii=False).lower() for f in stored.features)
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert not view.other.visible
    text = (view_text(view) + json.dumps(view.hit.features, ensure_ascii=False) + view.hit.explanation
            + str(view.hit.score)).lower()
    for secret in ("мухаммаджон", "рахимов", "абдулло", "muhammadjon = "):
        assert secret not in text
    with pytest.raises(PermissionError):
        view.hit.save()  # the blanks of the redacted copy never reach the database
    view.hit.refresh_from_db()  # and reading it again does not bring the hidden side back
    assert view.hit.features == [] and view.hit.explanation == "" and view.hit.score is None
    assert Hit.objects.get().features == stored.features
    # The Uzbek focal point, who may see only their own side too, gets the same treatment.
    (view,) = selectors.hit_views(world.uz_fp, selectors.hits_for(world.uz_fp))
    assert not view.other.visible and view.hit.explanation == ""


@pytest.mark.parametrize("kind, data, other", [
    ("vehicle", {"plate": "01 A 123 BC", "registration_country_id": "TJ"},
     {"plate": "01А123ВС", "registration_country_id": "TJ"}),  # Cyrillic look-alike letters
    ("document", {"kind": "passport", "number": "P 0123456", "issuing_country_id": "TJ"},
     {"kind": "passport", "number": "p0123456", "issuing_country_id": "TJ"}),
    ("account", {"iban": "GB82 WEST 1234 5698 7654 32"}, {"iban": "gb82west12345698765432"}),
    ("organization", {"name": "Pamir Trans Logistics LLC"}, {"name": "Памир Транс Логистикс", "aliases":
                                                            ["Pamir Trans Logistics"]}),
])
@pytest.mark.django_db
def test_every_matchable_kind_gives_hits(world, make, kind, data, other):
    a = make(kind, data, world.tj)
    b = make(kind, other, world.uz)
    hit = Hit.objects.get()
    assert (hit.a_kind, {hit.a_id, hit.b_id}) == (kind, {a.pk, b.pk})
    record = MatchRecord.objects.get(kind=kind, entity_id=a.pk).record
    assert record["id"] == f"{kind}:{a.pk}" and (record["identifiers"] or record["names"])


@pytest.mark.django_db
def test_addresses_are_not_matched(world, make):
    make("address", {"text": "Dushanbe, Rudaki 10"}, world.tj)
    make("address", {"text": "Dushanbe, Rudaki 10"}, world.uz)
    assert Hit.objects.count() == 0 and MatchRecord.objects.count() == 0


@pytest.mark.django_db
def test_owner_opts_a_record_out_of_matching_and_back(world, make, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied, ValidationError

    from hamkari.matching import services
    from hamkari.sharing.models import AuditEntry

    make("phone", {"number": "+992 93 555 1234"}, world.tj)
    uz_phone = make("phone", {"number": "+992 93 555 1234"}, world.uz)
    hit = Hit.objects.get()
    with pytest.raises(Http404):  # not the owner, and may not see it
        services.set_opt_out(user=world.tj_fp, kind="phone", entity_id=uz_phone.pk, opted_out=True)
    with pytest.raises(PermissionDenied):  # the owner's analyst may not set sharing
        services.set_opt_out(user=world.uz_analyst, kind="phone", entity_id=uz_phone.pk, opted_out=True)
    with pytest.raises(ValidationError):
        services.set_opt_out(user=world.uz_fp, kind="address", entity_id=uz_phone.pk, opted_out=True)
    with committed(django_capture_on_commit_callbacks):
        assert services.set_opt_out(user=world.uz_fp, kind="phone", entity_id=uz_phone.pk, opted_out=True)
    hit.refresh_from_db()
    assert hit.status == HitStatus.WITHDRAWN and not MatchRecord.objects.filter(entity_id=uz_phone.pk,
                                                                               kind="phone").exists()
    # Neither saves nor a rebuild bring it back while the owner keeps it out.
    from django.core.management import call_command

    call_command("match", "rebuild", "--no-progress", stdout=open("/dev/null", "w"))
    assert not MatchRecord.objects.filter(entity_id=uz_phone.pk, kind="phone").exists()
    assert not Hit.objects.filter(status=HitStatus.OPEN).exists()
    with committed(django_capture_on_commit_callbacks):
        uz_phone.save()
    assert not Hit.objects.filter(status=HitStatus.OPEN).exists()
    with committed(django_capture_on_commit_callbacks):
        assert services.set_opt_out(user=world.uz_fp, kind="phone", entity_id=uz_phone.pk, opted_out=False)
    hit.refresh_from_db()
    assert hit.status == HitStatus.OPEN and Hit.objects.count() == 1
    steps = list(AuditEntry.objects.filter(object_type="entities.phone", detail__matching__isnull=False)
                 .values_list("detail__matching", flat=True))
    assert steps == ["opted_out", "opted_in"]
