"""Writes of notifications.

`notify(users, kind, params, url, coalesce=True)`: one notification per distinct active user. With `coalesce`, a
recipient who already has an unread notification of the same kind gets that one updated (its `count` grows
and the newest `references` are kept) instead of a new row: an import of 10,000 rows that raises 300 hits
leaves each focal point one unread "new hits" line, not 300.
"""

from django.db import transaction
from django.utils import timezone

from hamkari.notifications.models import Notification

MAX_REFERENCES = 20  # references kept in a coalesced notification's params; `count` keeps the total


def _merge(old: dict, new: dict) -> dict:
    merged = {**old, **new}
    merged["count"] = int(old.get("count", 1)) + int(new.get("count", 1))
    refs = [*new.get("references", []), *[r for r in old.get("references", []) if r not in new.get("references", [])]]
    if refs:
        merged["references"] = refs[:MAX_REFERENCES]
    return merged


@transaction.atomic
def notify(users, kind: str, params: dict | None = None, url: str = "", *, coalesce: bool = True) -> int:
    """Tell each of `users` (deduplicated, inactive ones skipped). Returns the number of users told."""
    params = dict(params or {})
    params.setdefault("count", 1)
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return 0
    pending = {}
    if coalesce:
        for n in Notification.objects.select_for_update().filter(
                recipient_id__in=list(recipients), kind=kind, read_at__isnull=True).order_by("recipient_id", "-id"):
            pending.setdefault(n.recipient_id, n)
    now = timezone.now()
    new_rows = []
    for user_id in recipients:
        existing = pending.get(user_id)
        if existing is not None:
            existing.params = _merge(existing.params, params)
            existing.url = url or existing.url
            existing.updated_at = now
            existing.save(update_fields=["params", "url", "updated_at"])
        else:
            new_rows.append(Notification(recipient_id=user_id, kind=kind, params=params, url=url))
    Notification.objects.bulk_create(new_rows)
    return len(recipients)


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's notifications read (all of them, or those ids). Returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
