"""An import batch is matched as one: its rows are written in one transaction, so the matcher runs after the
commit for all of them, and each focal point gets one notification for the batch, not one per row."""

import pytest

from django_tasks.signals import task_enqueued

from hamkari.incidents.importing import services as importing
from hamkari.incidents.importing.formats.hamkari import COLUMNS
from hamkari.incidents.models import ImportStatus
from hamkari.matching.models import Hit
from hamkari.notifications.models import Notification
from tests.incidents.importing.files import write_csv
from tests.matching.test_platform_hits import _no_pending_matches, make, world  # noqa: F401

HEADER = [c.name for c in COLUMNS]
NUMBERS = [f"+992 93 555 10{i:02d}" for i in range(15)]


@pytest.mark.django_db
def test_an_import_of_many_rows_notifies_each_focal_point_once(world, make, tmp_path, settings,
                                                               django_capture_on_commit_callbacks):
    settings.VAR_DIR = tmp_path / "var"
    for number in NUMBERS:
        make("phone", {"number": number}, world.uz)
    make("person", {"name": "Мухаммаджон Рахимов", "birth_date": "1985-04-12"}, world.uz)
    rows = [{"national_reference": f"DCA-{i}", "date": "2024-03-01", "substance": "heroin", "amount": "2",
             "unit": "kg", "phone": number,
             "suspect_name": "Muhammadjon Rahimov" if i == 0 else "", "suspect_birth_date": "1985-04-12" if i == 0
             else ""} for i, number in enumerate(NUMBERS)]
    path = write_csv(tmp_path / "batch.csv", HEADER, rows)
    batch = importing.create_batch(user=None, agency=world.tj, source=path, filename=path.name, fmt="hamkari",
                                   handling="national")
    enqueued = []

    def count(sender, task_result, **kwargs):
        if task_result.task.name == "match_entities":
            enqueued.append(len(task_result.args[0]))

    task_enqueued.connect(count)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            batch = importing.run_batch(batch)
    finally:
        task_enqueued.disconnect(count)
    assert batch.status == ImportStatus.DONE and batch.rows_imported == 15, batch.problems
    assert Hit.objects.filter(a_kind="phone").count() == 15 and Hit.objects.filter(a_kind="person").count() == 1
    for fp in (world.tj_fp, world.uz_fp):
        (n,) = Notification.objects.filter(recipient=fp, kind="hit.new")
        assert n.params["count"] == 16 and len(n.params["references"]) == 16
    assert not Notification.objects.filter(recipient=world.kz_fp).exists()
    # One matching task for the whole batch: the flush callbacks after the first find nothing left to do.
    assert enqueued == [16]
