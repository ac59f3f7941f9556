"""The append-only, hash-chained audit trail.

Each entry's hash covers its own fields and the previous entry's hash, and its sequence number is one more
than the previous one; `AuditHead` holds the last sequence number and hash. `verify()` therefore detects a
changed entry (its hash no longer matches), a removed entry (a gap in the sequence or a broken link, or a
head that points past the end) and reordered entries (the sequence numbers are inside the hashes).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

GENESIS = "0" * 64


def _canonical(entry) -> str:
    fields = [
        entry.seq,
        entry.at.astimezone(UTC).isoformat(),
        entry.action,
        entry.actor_id,
        entry.actor_username,
        entry.actor_agency,
        entry.actor_country,
        entry.ip,
        entry.object_type,
        entry.object_id,
        entry.object_country,
        entry.object_agency,
        entry.detail,
        entry.prev_hash,
    ]
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def compute_hash(entry) -> str:
    return hashlib.sha256(_canonical(entry).encode("utf-8")).hexdigest()


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(action: str, *, actor=None, obj=None, request=None, detail: dict | None = None,
           object_type: str = "", object_id: str = "", object_country: str = "", object_agency: str = ""):
    """Append one entry. Call it inside the transaction of the change it describes."""
    from hamkari.sharing.models import AuditEntry, AuditHead

    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        owner = getattr(obj, "owner_agency", None)
        if owner is not None:
            object_country = object_country or (owner.country_id or "")
            object_agency = object_agency or owner.code
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            action=action,
            actor=actor,
            actor_username=getattr(actor, "username", "") or (detail or {}).get("username", ""),
            actor_agency=actor.agency.code if actor is not None and actor.agency_id else "",
            actor_country=(actor.agency.country_id or "") if actor is not None and actor.agency_id else "",
            ip=client_ip(request),
            object_type=object_type,
            object_id=object_id,
            object_country=object_country,
            object_agency=object_agency,
            detail=detail or {},
            prev_hash=head.hash,
        )
        entry.hash = compute_hash(entry)
        entry.save()
        AuditHead.objects.filter(id=1).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass
class Problem:
    seq: int
    message: str


def verify() -> tuple[int, list[Problem]]:
    """Walk the whole chain; return (entries checked, problems found)."""
    from hamkari.sharing.models import AuditEntry, AuditHead

    problems: list[Problem] = []
    expected_seq = 1
    prev_hash = GENESIS
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            problems.append(Problem(entry.seq, f"expected entry {expected_seq}, found {entry.seq}: entries removed"))
        if entry.prev_hash != prev_hash:
            problems.append(Problem(entry.seq, "link to the previous entry is broken: entries removed or reordered"))
        if compute_hash(entry) != entry.hash:
            problems.append(Problem(entry.seq, "content does not match its hash: entry changed"))
        expected_seq = entry.seq + 1
        prev_hash = entry.hash
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        problems.append(Problem(head_seq, f"the chain ends at entry {expected_seq - 1} but the head records "
                                          f"entry {head_seq}: entries removed from the end"))
    return count, problems
