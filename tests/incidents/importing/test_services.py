"""create_batch: who may import, what is stored where, what is refused before it is read."""

import hashlib
import os
import stat

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hamkari.incidents.importing import services
from hamkari.incidents.models import ImportBatch, ImportStatus, Incident
from hamkari.sharing.models import SharingGroup

from .files import IDS_HEADER, csv_text, ids_row


def make(agency, source, *, user=None, name="seizures.csv", fmt="ids", handling="national", **kwargs):
    return services.create_batch(user=user, agency=agency, source=source, filename=name, fmt=fmt,
                                 handling=handling, **kwargs)


def test_the_file_is_stored_outside_the_web_root_with_its_hash(af_agency, af_reporter, var_dir):
    data = csv_text(IDS_HEADER, [ids_row()]).encode("utf-8")
    batch = make(af_agency, SimpleUploadedFile("../../etc/passwd.csv", data), user=af_reporter,
                 name="../../etc/passwd.csv")
    stored = batch.stored_path
    assert stored.startswith(str(var_dir / "imports") + os.sep)
    assert batch.filename == "passwd.csv"
    assert open(stored, "rb").read() == data
    assert batch.sha256 == hashlib.sha256(data).hexdigest() and batch.size == len(data)
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    assert batch.status == ImportStatus.QUEUED and batch.created_by == af_reporter


def test_a_100_mb_file_is_refused_without_being_read(af_agency, tmp_path, monkeypatch):
    sparse = tmp_path / "huge.csv"
    with open(sparse, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # a sparse file: 100 MB long, no disk used
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    with pytest.raises(ValidationError) as info:
        make(af_agency, sparse, name="huge.csv")
    assert "100 MB, more than the limit of 50 MB" in str(info.value)
    assert str(sparse) not in [str(p) for p in opened]
    assert not ImportBatch.objects.exists()


def test_an_upload_over_the_limit_is_refused_by_its_size(af_agency, af_reporter, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="more than the limit"):
        make(af_agency, SimpleUploadedFile("x.csv", b"A,B\n1,2\n3,4\n"), user=af_reporter)


def test_only_the_agencys_reporters_may_import_for_it(af_agency, pk_reporter, af_trainer, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("A\n1\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        make(af_agency, path, user=pk_reporter)
    with pytest.raises(PermissionDenied):
        make(af_agency, path, user=af_trainer)
    assert make(af_agency, path).created_by is None  # the server operator at the command line


def test_handling_and_group_rules(af_agency, pk_agency, af_reporter, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("A\n1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="handling"):
        make(af_agency, path, handling="secret")
    with pytest.raises(ValidationError, match="sharing group"):
        make(af_agency, path, handling="restricted")
    foreign = SharingGroup.objects.create(name="Theirs", owner_agency=pk_agency)
    with pytest.raises(ValidationError, match="own country"):
        make(af_agency, path, handling="restricted", sharing_group=foreign)
    ours = SharingGroup.objects.create(name="Ours", owner_agency=af_agency)
    batch = make(af_agency, path, handling="restricted", sharing_group=ours)
    assert batch.sharing_group == ours
    assert make(af_agency, path, handling="regional", sharing_group=ours).sharing_group is None


@pytest.mark.parametrize("name, message", [("x.xls", "old Excel format"), ("x.pdf", "Upload a CSV file"),
                                           ("x.exe", "Upload a CSV file")])
def test_file_types(af_agency, tmp_path, name, message):
    path = tmp_path / name
    path.write_bytes(b"data")
    with pytest.raises(ValidationError, match=message):
        make(af_agency, path, name=name)


def test_empty_file_and_unknown_format(af_agency, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ValidationError, match="empty"):
        make(af_agency, path)
    path.write_bytes(b"A\n")
    with pytest.raises(ValidationError, match="format"):
        make(af_agency, path, fmt="arq")


def test_a_header_without_rows_fails_clearly(af_agency, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(",".join(IDS_HEADER) + "\n", encoding="utf-8")
    batch = services.run_batch(make(af_agency, path))
    assert batch.status == ImportStatus.FAILED and "no rows" in batch.message


def test_rights_are_checked_again_when_the_batch_runs(af_agency, af_reporter, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(csv_text(IDS_HEADER, [ids_row()]), encoding="utf-8")
    batch = make(af_agency, path, user=af_reporter)
    af_reporter.role_grants.all().delete()
    batch = services.run_batch(batch)
    assert batch.status == ImportStatus.FAILED and "only for your own agency" in batch.message
    assert not Incident.objects.exists()


def test_enqueue_runs_the_task(af_agency, af_reporter, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(csv_text(IDS_HEADER, [ids_row()]), encoding="utf-8")
    batch = make(af_agency, path, user=af_reporter)
    services.enqueue(batch)  # the immediate backend in tests
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and batch.rows_imported == 1


def test_progress_is_reported(af_agency, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 10)
    path = tmp_path / "x.csv"
    path.write_text(csv_text(IDS_HEADER, [ids_row(AMOUNT=str(n)) for n in range(1, 101)]), encoding="utf-8")
    calls = []
    services.run_batch(make(af_agency, path), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (200, 200)
    assert [done for done, _t in calls] == sorted(done for done, _t in calls)
    assert (10, 200) in calls


def test_problems_csv_neutralises_formulas(af_agency, tmp_path):
    problems = [{"row": 2, "column": "PLACE", "reason": "bad", "value": "=HYPERLINK()"},
                {"row": 3, "column": "AMOUNT", "reason": "bad", "value": "-5"},
                {"row": 4, "column": "PLACE", "reason": "bad", "value": "Хорог"}]
    batch = ImportBatch.objects.create(agency=af_agency, format="ids", handling="national", filename="x.csv",
                                       problems=problems)
    text = services.problems_csv(batch).decode("utf-8")
    assert text.startswith("\ufeffrow,column,reason,value")
    assert "'=HYPERLINK()" in text and "'-5" in text and "Хорог" in text
