"""Background tasks of the incidents app (django-tasks: the database backend in production, run by
`hamkari db_worker` or the worker `hamkari serve` starts; the immediate backend in tests)."""

from django.utils import translation
from django_tasks import task


@task()
def run_import(batch_id: int, language: str = "en") -> str:
    """Run one queued import batch, writing its messages in the language of the person who uploaded it."""
    from hamkari.incidents.importing.services import run_batch
    from hamkari.incidents.models import ImportBatch

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return "missing"
    with translation.override(language):
        return run_batch(batch).status
