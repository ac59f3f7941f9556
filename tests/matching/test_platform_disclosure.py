"""Disclosure: request, approve (choosing fields and a handling code) or decline with a reason; audited; the
requester is told; afterwards the chokepoint lets the requester see exactly what was decided."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamkari.entities.models import Phone
from hamkari.matching import selectors, services
from hamkari.matching.models import DisclosureRequest, DisclosureStatus, Hit
from hamkari.notifications.models import Notification
from hamkari.sharing import audit
from hamkari.sharing.models import AuditEntry, Handling, SharingGroup
from tests.factories import make_user
from tests.matching.test_platform_hits import NATIONAL, _no_pending_matches, make, world  # noqa: F401

NUMBER = "+992 93 555 1234"


@pytest.fixture
def hit(world, make):
    make("phone", {"number": NUMBER}, world.tj)
    make("phone", {"number": NUMBER, "imei": "490154203237518"}, world.uz)
    return Hit.objects.get()


def uz_phone(world):
    return Phone.objects.get(owner_agency=world.uz)


def disclosure_audit():
    return list(AuditEntry.objects.filter(object_type="matching.disclosurerequest").order_by("seq"))


@pytest.mark.django_db
def test_request_approve_restricted_then_requester_sees_the_record(world, hit):
    assert not Phone.objects.visible_to(world.tj_fp).filter(pk=uz_phone(world).pk).exists()
    req = services.request_disclosure(user=world.tj_fp, hit=hit, reason="Seizure case 12/2026, same handset")
    assert req.status == DisclosureStatus.REQUESTED and req.target_agency == world.uz
    assert req.target_id == uz_phone(world).pk
    # Asking twice is the same open request.
    assert services.request_disclosure(user=world.tj_fp, hit=hit, reason="again").pk == req.pk
    (told,) = Notification.objects.filter(recipient=world.uz_fp, kind="disclosure.requested")
    assert told.params["reference"] == hit.reference and told.params["requester_agency"] == "TJ-DCA"
    assert list(selectors.disclosures_to_decide(world.uz_fp)) == [req]
    assert list(selectors.disclosures_to_decide(world.tj_fp)) == []

    services.approve_disclosure(user=world.uz_fp, request_obj=req, handling=Handling.RESTRICTED)
    req.refresh_from_db()
    assert req.status == DisclosureStatus.APPROVED and req.decided_by == world.uz_fp and req.decided_at
    assert req.disclosed["imei"] == "490154203237518"
    phone = uz_phone(world)
    assert phone.handling == Handling.RESTRICTED and phone.sharing_group == req.sharing_group
    assert set(req.sharing_group.agencies.values_list("code", flat=True)) == {"TJ-DCA"}
    # The requester now sees the record through the chokepoint, and the hit side by side.
    assert Phone.objects.visible_to(world.tj_fp).filter(pk=phone.pk).exists()
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert view.both_visible and view.other.record.pk == phone.pk and view.features
    # ...and nobody else gained anything: not the other Tajik agency, not Kazakhstan.
    assert not Phone.objects.visible_to(world.tj_analyst).filter(pk=phone.pk).exists()
    assert not Phone.objects.visible_to(world.kz_fp).filter(pk=phone.pk).exists()
    # The requester was told; every step is in the audit trail, and the chain verifies.
    (told,) = Notification.objects.filter(recipient=world.tj_fp, kind="disclosure.approved")
    assert told.params == {"reference": hit.reference, "owner_agency": "UZ-NIC", "owner_country": "UZ", "count": 1}
    steps = [(e.detail["disclosure"], e.actor_username, e.object_country) for e in disclosure_audit()]
    assert steps == [("requested", "tj_fp", "UZ"), ("approved", "uz_fp", "UZ")]
    assert AuditEntry.objects.filter(object_type="entities.phone", action="sharing", object_id=str(phone.pk)).exists()
    assert AuditEntry.objects.filter(object_type="sharing.sharinggroup").exists()
    checked, problems = audit.verify()
    assert checked >= 3 and problems == []


@pytest.mark.django_db
def test_approve_only_some_fields_keeps_the_record_hidden(world, hit):
    req = services.request_disclosure(user=world.tj_fp, hit=hit, reason="Check")
    services.approve_disclosure(user=world.uz_fp, request_obj=req, fields=["e164"], handling="")
    req.refresh_from_db()
    assert req.disclosed == {"e164": "+992935551234"} and req.shared_fields == ["e164"] and req.handling == ""
    assert uz_phone(world).handling == NATIONAL
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert not view.other.visible and view.disclosed == {"e164": "+992935551234"} and view.features == []
    assert "490154203237518" not in str(vars(view))
    assert not view.can_request  # approved: nothing left to ask for on this hit


@pytest.mark.django_db
def test_restricted_record_gets_a_new_group_with_its_old_members(world, hit):
    from hamkari.sharing.services import set_handling

    phone = uz_phone(world)
    old = SharingGroup.objects.create(name="UZ and KZ", owner_agency=world.uz)
    old.countries.add("KZ")
    set_handling(obj=phone, user=world.uz_fp, handling=Handling.RESTRICTED, sharing_group=old)
    req = services.request_disclosure(user=world.tj_fp, hit=hit, reason="Check")
    services.approve_disclosure(user=world.uz_fp, request_obj=req, handling=Handling.RESTRICTED)
    phone.refresh_from_db()
    assert phone.sharing_group_id != old.pk
    assert list(phone.sharing_group.countries.values_list("iso2", flat=True)) == ["KZ"]
    assert list(old.agencies.all()) == []  # the owner's existing group was not widened
    assert Phone.objects.visible_to(world.kz_fp).filter(pk=phone.pk).exists()
    assert Phone.objects.visible_to(world.tj_fp).filter(pk=phone.pk).exists()


@pytest.mark.django_db
def test_decline_with_a_reason(world, hit):
    req = services.request_disclosure(user=world.tj_fp, hit=hit, reason="Check")
    with pytest.raises(ValidationError):
        services.decline_disclosure(user=world.uz_fp, request_obj=req, reason="   ")
    services.decline_disclosure(user=world.uz_fp, request_obj=req, reason="Ongoing covert operation")
    req.refresh_from_db()
    assert req.status == DisclosureStatus.DECLINED and req.decline_reason == "Ongoing covert operation"
    assert uz_phone(world).handling == NATIONAL and req.disclosed == {}
    assert not Phone.objects.visible_to(world.tj_fp).filter(pk=uz_phone(world).pk).exists()
    (told,) = Notification.objects.filter(recipient=world.tj_fp, kind="disclosure.declined")
    assert told.params["reference"] == hit.reference
    steps = [e.detail["disclosure"] for e in disclosure_audit()]
    assert steps == ["requested", "declined"] and disclosure_audit()[-1].detail["reason"] == "Ongoing covert operation"
    # Decided once: no second decision; a new request may be made.
    with pytest.raises(ValidationError):
        services.approve_disclosure(user=world.uz_fp, request_obj=req)
    (view,) = selectors.hit_views(world.tj_fp, selectors.hits_for(world.tj_fp))
    assert view.request.status == DisclosureStatus.DECLINED and view.can_request
    assert services.request_disclosure(user=world.tj_fp, hit=hit, reason="New facts").pk != req.pk


@pytest.mark.django_db
def test_who_may_request_and_decide(world, hit):
    with pytest.raises(PermissionDenied):  # not their hit
        services.request_disclosure(user=world.kz_fp, hit=hit, reason="Curious")
    with pytest.raises(PermissionDenied):  # reporters may not request
        services.request_disclosure(user=world.tj_reporter, hit=hit, reason="x")
    with pytest.raises(ValidationError):  # a reason is required
        services.request_disclosure(user=world.tj_fp, hit=hit, reason="")
    with pytest.raises(ValidationError):
        services.request_disclosure(user=world.tj_fp, hit=hit, reason="x" * 5000)
    req = services.request_disclosure(user=world.tj_fp, hit=hit, reason="Check")
    for user in (world.tj_fp, world.uz_analyst, world.kz_fp):  # only the owner's focal points decide
        with pytest.raises(PermissionDenied):
            services.approve_disclosure(user=user, request_obj=req)
        with pytest.raises(PermissionDenied):
            services.decline_disclosure(user=user, request_obj=req, reason="no")
    with pytest.raises(ValidationError):
        services.approve_disclosure(user=world.uz_fp, request_obj=req, fields=["owner_agency_id"])
    with pytest.raises(ValidationError):
        services.approve_disclosure(user=world.uz_fp, request_obj=req, handling="public")
    assert DisclosureRequest.objects.get().status == DisclosureStatus.REQUESTED
    # The Kazakh user cannot open the request either.
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.access_disclosure(world.kz_fp, req.pk)
    assert selectors.access_disclosure(world.uz_fp, req.pk) == req


@pytest.mark.django_db
def test_nothing_to_request_when_the_record_is_visible(world, make):
    make("phone", {"number": NUMBER}, world.tj)
    make("phone", {"number": NUMBER}, world.uz, Handling.REGIONAL)
    hit = Hit.objects.get()
    with pytest.raises(ValidationError):
        services.request_disclosure(user=world.tj_fp, hit=hit, reason="Check")
    analyst = make_user("tj_analyst2", world.tj, ["analyst"])
    (view,) = selectors.hit_views(analyst, selectors.hits_for(analyst))
    assert view.both_visible and not view.can_request
