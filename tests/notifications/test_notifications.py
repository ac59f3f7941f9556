"""Notifications: one per recipient, coalesced while unread, read state per user, only one's own."""

import pytest

from hamkari.notifications import selectors, services
from hamkari.notifications.models import Notification
from tests.factories import make_agency, make_user


@pytest.fixture
def users(db):
    agency = make_agency("TJ-DCA", "TJ")
    return make_user("alice", agency, ["focal_point"]), make_user("bob", agency, ["analyst"])


def test_notify_dedupes_and_skips_inactive(users):
    alice, bob = users
    bob.is_active = False
    bob.save()
    assert services.notify([alice, alice, bob, None], "hit.new", {"references": ["HIT-2026-000001"]}, "/x/") == 1
    (n,) = Notification.objects.all()
    assert n.recipient == alice and n.params == {"references": ["HIT-2026-000001"], "count": 1} and n.url == "/x/"
    assert services.notify([], "hit.new") == 0


def test_unread_notifications_of_a_kind_are_coalesced(users):
    alice, bob = users
    services.notify([alice, bob], "hit.new", {"count": 2, "references": ["A", "B"]}, "/hits/")
    services.notify([alice], "hit.new", {"count": 1, "references": ["C"]}, "/hits/C/")
    services.notify([alice], "disclosure.requested", {"reference": "A"}, coalesce=False)
    services.notify([alice], "disclosure.requested", {"reference": "B"}, coalesce=False)
    assert Notification.objects.filter(recipient=alice, kind="hit.new").count() == 1
    n = Notification.objects.get(recipient=alice, kind="hit.new")
    assert n.params["count"] == 3 and n.params["references"] == ["C", "A", "B"] and n.url == "/hits/C/"
    assert Notification.objects.filter(recipient=alice, kind="disclosure.requested").count() == 2
    assert selectors.unread_count(alice) == 3 and selectors.unread_count(bob) == 1
    # Once read, the next news is a new notification.
    assert services.mark_read(alice, [n.pk]) == 1
    services.notify([alice], "hit.new", {"references": ["D"]})
    assert Notification.objects.filter(recipient=alice, kind="hit.new").count() == 2
    assert selectors.unread_count(alice) == 3


def test_references_are_capped(users):
    alice, _ = users
    for i in range(30):
        services.notify([alice], "hit.new", {"references": [f"R{i}"]})
    n = Notification.objects.get()
    assert n.params["count"] == 30 and len(n.params["references"]) == services.MAX_REFERENCES
    assert n.params["references"][0] == "R29"


def test_users_read_only_their_own(users):
    from django.contrib.auth.models import AnonymousUser

    alice, bob = users
    services.notify([alice], "hit.new")
    assert list(selectors.notifications_for(bob)) == []
    assert services.mark_read(bob) == 0 and selectors.unread_count(alice) == 1
    assert selectors.unread_count(AnonymousUser()) == 0 and list(selectors.notifications_for(AnonymousUser())) == []
    assert services.mark_read(alice) == 1 and selectors.unread_count(alice) == 0
    assert list(selectors.notifications_for(alice, unread_only=True)) == []


def test_texts_are_rendered_from_kind_and_params(users):
    from hamkari.notifications.labels import text_of as text

    alice, _ = users
    services.notify([alice], "hit.new", {"references": ["HIT-2026-000001"]})
    n = Notification.objects.get()
    assert text(n) == "New possible match HIT-2026-000001 with another country's record"
    services.notify([alice], "hit.new", {"references": ["HIT-2026-000002"]})
    n.refresh_from_db()
    assert text(n) == "2 new possible matches with other countries' records"
    n.kind, n.params = "disclosure.requested", {"reference": "HIT-1", "requester_agency": "TJ-DCA",
                                                "requester_country": "TJ"}
    assert text(n) == "Tajikistan, TJ-DCA asks you to disclose the record behind hit HIT-1"
    n.kind, n.params = "disclosure.declined", {"reference": "HIT-1", "owner_agency": "UZ-NIC"}
    assert text(n) == "UZ-NIC declined your disclosure request on hit HIT-1"
    n.kind = "unknown.kind"
    assert text(n) == "Something needs your attention"
