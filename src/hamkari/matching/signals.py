"""Entity saves and deletions queue the entity for background matching.

Entities are written inside their caller's transaction (a report, an import, an API call), and the matcher
must read what was committed. So a save only adds the entity to a per-thread set and registers an on-commit
callback; the first callback after the commit drains the set and enqueues one task for everything the
transaction touched. An import of 10,000 rows, written in one transaction, is therefore matched by a handful
of tasks (chunks of CHUNK entities), and its hits reach each focal point as one coalesced notification, never
one per row. A rolled-back transaction's entities stay in the set and are matched with the next commit: the
task finds them gone (or unchanged) and does nothing harmful.

A changed owner, handling code or sharing group is copied to the index rows and hits at once (three UPDATEs),
so hit lists follow the owner's decision without waiting for the worker.
"""

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from hamkari.matching.models import MATCHABLE

logger = logging.getLogger(__name__)

CHUNK = 2000  # entities per task: keeps each task's arguments small in the database queue
_local = threading.local()


def _pending() -> set:
    if not hasattr(_local, "refs"):
        _local.refs = set()
    return _local.refs


def queue(kind: str, pk) -> None:
    """Match this entity after the current transaction commits (at once outside a transaction)."""
    _pending().add((kind, int(pk)))
    transaction.on_commit(flush)


def flush() -> None:
    refs = sorted(_pending())
    _local.refs = set()
    if not refs:
        return
    from hamkari.matching.tasks import match_entities

    for i in range(0, len(refs), CHUNK):
        try:
            match_entities.enqueue([list(r) for r in refs[i:i + CHUNK]])
        except Exception:  # noqa: BLE001 (a full queue must not break the save that already committed)
            logger.exception("could not queue %d entities for matching; `hamkari match rebuild` catches up",
                             len(refs[i:i + CHUNK]))


def _entity_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    from hamkari.matching.records import kind_of

    kind = kind_of(instance)
    if kind is None:
        return
    if not created:
        from hamkari.matching.index import sync_access

        sync_access(kind, instance)
    queue(kind, instance.pk)


def _entity_deleted(sender, instance, **kwargs):
    from hamkari.matching.records import kind_of

    kind = kind_of(instance)
    if kind is not None:
        queue(kind, instance.pk)


def _name_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.person_id:
        queue("person", instance.person_id)


def connect() -> None:
    from django.apps import apps

    for kind, label in MATCHABLE.items():
        model = apps.get_model(label)
        post_save.connect(_entity_saved, sender=model, dispatch_uid=f"matching-save-{kind}")
        post_delete.connect(_entity_deleted, sender=model, dispatch_uid=f"matching-delete-{kind}")
    person_name = apps.get_model("entities.PersonName")
    post_save.connect(_name_changed, sender=person_name, dispatch_uid="matching-name-save")
    post_delete.connect(_name_changed, sender=person_name, dispatch_uid="matching-name-delete")
