"""Judgements, not merges: "not same" dismisses a hit and keeps it away (also through a rebuild); identities are
the connected "same" judgements, undone by a later judgement; nothing is ever deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404

from hamkari.matching import selectors, services
from hamkari.matching.models import Hit, HitStatus, Judgement, Verdict
from hamkari.sharing.models import AuditEntry, Handling
from tests.factories import make_user
from tests.matching.test_platform_hits import _no_pending_matches, make, world  # noqa: F401

REGIONAL = Handling.REGIONAL
NUMBER = "+992 93 555 1234"


def pair(hit):
    return (hit.a_kind, hit.a_id), (hit.b_kind, hit.b_id)


@pytest.mark.django_db
def test_not_same_dismisses_the_hit_and_rebuild_does_not_bring_it_back(world, make):
    make("phone", {"number": NUMBER}, world.tj, REGIONAL)
    make("phone", {"number": NUMBER}, world.uz, REGIONAL)
    hit = Hit.objects.get()
    left, right = pair(hit)
    judgement = services.judge(user=world.tj_fp, left=right, right=left, verdict=Verdict.NOT_SAME,
                               comment="Different handsets: the number was recycled")
    assert (judgement.a_kind, judgement.a_id) == left  # stored in pair order whichever way it was given
    hit.refresh_from_db()
    assert hit.status == HitStatus.DISMISSED and selectors.hits_for(world.tj_fp).count() == 0
    assert selectors.hits_for(world.tj_fp, status=HitStatus.DISMISSED).count() == 1
    call_command("match", "rebuild", "--no-progress", stdout=_Sink())
    assert Hit.objects.count() == 1 and Hit.objects.get().status == HitStatus.DISMISSED
    assert selectors.hits_for(world.uz_fp).count() == 0
    # A later judgement supersedes: "unsure" opens the hit again, and the rebuild keeps it open.
    services.judge(user=world.uz_fp, left=left, right=right, verdict=Verdict.UNSURE)
    assert Hit.objects.get().status == HitStatus.OPEN
    call_command("match", "rebuild", "--no-progress", stdout=_Sink())
    assert Hit.objects.get().status == HitStatus.OPEN and Hit.objects.get().reference == hit.reference
    history = list(selectors.judgements_on(world.tj_fp, left, right))
    assert [j.verdict for j in history] == [Verdict.UNSURE, Verdict.NOT_SAME]
    assert AuditEntry.objects.filter(object_type="matching.judgement").count() == 2


@pytest.mark.django_db
def test_not_same_before_the_hit_exists_keeps_it_from_appearing(world, make):
    a = make("phone", {"number": NUMBER}, world.tj, REGIONAL)
    b = make("phone", {"number": "+992 93 555 0000"}, world.uz, REGIONAL)
    services.judge(user=world.tj_fp, left=("phone", a.pk), right=("phone", b.pk), verdict=Verdict.NOT_SAME)
    from hamkari.entities.models import Phone

    Phone.objects.filter(pk=b.pk).update(key=a.key, e164=a.e164)
    call_command("match", "rebuild", "--no-progress", stdout=_Sink())
    assert Hit.objects.filter(status=HitStatus.OPEN).count() == 0


@pytest.mark.django_db
def test_identities_union_and_undo(world, make):
    a = make("phone", {"number": NUMBER}, world.tj, REGIONAL)
    b = make("phone", {"number": NUMBER}, world.uz, REGIONAL)
    c = make("phone", {"number": NUMBER}, world.kz, REGIONAL)
    d = make("phone", {"number": "+992 93 555 0000"}, world.kz, REGIONAL)
    A, B, C, D = (("phone", x.pk) for x in (a, b, c, d))
    services.judge(user=world.tj_fp, left=A, right=B, verdict=Verdict.SAME)
    services.judge(user=world.kz_fp, left=C, right=B, verdict=Verdict.SAME)
    assert selectors.identity_of(*A) == {A, B, C}
    assert {frozenset(g) for g in selectors.identities()} == {frozenset({A, B, C})}
    assert [o.pk for o in selectors.identity_for(world.tj_fp, *A)] == [a.pk, b.pk, c.pk]
    # Undo: a later judgement on B-C splits the identity; nothing was merged, nothing is deleted.
    services.judge(user=world.kz_fp, left=B, right=C, verdict=Verdict.NOT_SAME)
    assert selectors.identity_of(*A) == {A, B} and selectors.identity_of(*C) == {C}
    assert selectors.identity_of(*D) == {D}
    assert Judgement.objects.count() == 3
    j = Judgement.objects.first()
    with pytest.raises(PermissionError):
        j.delete()
    with pytest.raises(PermissionError):
        j.comment = "changed"
        j.save()


@pytest.mark.django_db
def test_identity_shows_only_what_the_user_may_see(world, make):
    a = make("phone", {"number": NUMBER}, world.tj, Handling.NATIONAL)
    b = make("phone", {"number": NUMBER}, world.uz, REGIONAL)
    uz_owner = make_user("tj_fp2", world.tj, ["focal_point"])
    services.judge(user=uz_owner, left=("phone", a.pk), right=("phone", b.pk), verdict=Verdict.SAME)
    assert [o.pk for o in selectors.identity_for(world.uz_fp, "phone", b.pk)] == [b.pk]  # a is Tajik national
    assert [o.pk for o in selectors.identity_for(world.tj_fp, "phone", b.pk)] == [b.pk, a.pk]


@pytest.mark.django_db
def test_bad_judgements(world, make):
    a = make("phone", {"number": NUMBER}, world.tj, Handling.NATIONAL)
    b = make("phone", {"number": NUMBER}, world.uz, REGIONAL)
    A, B = ("phone", a.pk), ("phone", b.pk)
    with pytest.raises(Http404):  # the Uzbek user may not see the Tajik national record: no blind judgements
        services.judge(user=world.uz_fp, left=A, right=B, verdict=Verdict.SAME)
    with pytest.raises(ValidationError):
        services.judge(user=world.tj_fp, left=A, right=B, verdict="merge")
    with pytest.raises(ValidationError):
        services.judge(user=world.tj_fp, left=A, right=A, verdict=Verdict.SAME)
    with pytest.raises(Http404):
        services.judge(user=world.tj_fp, left=A, right=("phone", 999999), verdict=Verdict.SAME)
    programme = make_user("po", world.tj, ["programme_officer"])
    with pytest.raises(PermissionDenied):
        services.judge(user=programme, left=A, right=B, verdict=Verdict.SAME)
    assert Judgement.objects.count() == 0


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
