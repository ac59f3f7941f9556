"""Background matching (django-tasks: the database backend in production, the immediate backend in tests)."""

from django_tasks import task


@task()
def match_entities(refs: list, notify: bool = True) -> dict:
    """Index and match entities [[kind, pk], ...] that were created, changed or deleted, then tell the focal
    points of the agencies involved in new hits (one coalesced notification per person, see services)."""
    from hamkari.matching import services

    stats = services.match_and_notify([(kind, int(pk)) for kind, pk in refs], notify=notify)
    return {"entities": stats.entities, "rescored": stats.rescored, "new_hits": len(stats.new_hits),
            "withdrawn": stats.withdrawn, "failed": stats.failed}
