"""`hamkari import`: progress bar, summary, report file, exit codes."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamkari.incidents.models import ImportBatch, Incident
from hamkari.sharing.models import SharingGroup

from .files import IDS_HEADER, ids_row, write_csv


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_with_progress_summary_and_report(tmp_path, af_agency):
    path = write_csv(tmp_path / "ids.csv", IDS_HEADER, [ids_row(AMOUNT=str(n)) for n in range(1, 1200)] +
                     [ids_row(DRUG_NAME="Heroinn")])
    out, err = run(str(path), "--format", "ids", "--agency", "AF-CNPA")
    assert "Importing: 100%" in err
    assert "imported:    1199" in out and "rejected:    1" in out
    report = tmp_path / "ids.csv.problems.csv"
    assert f"written to {report}" in out
    text = report.read_text(encoding="utf-8-sig")
    assert "1201,DRUG_NAME" in text and "Did you mean" in text
    assert Incident.objects.count() == 1199
    assert ImportBatch.objects.get().created_by is None

    out, _err = run(str(path), "--format", "ids", "--agency", "AF-CNPA", "--no-progress")
    assert "unchanged:   1199" in out


def test_nothing_imported_exits_non_zero(tmp_path, af_agency):
    path = write_csv(tmp_path / "bad.csv", IDS_HEADER, [ids_row(AMOUNT="-1"), ids_row(SEIZURE_DATE="31/02/2020")])
    with pytest.raises(CommandError) as info:
        run(str(path), "--format", "ids", "--agency", "AF-CNPA", "--no-progress")
    assert info.value.returncode == 1
    assert (tmp_path / "bad.csv.problems.csv").exists()


def test_an_unreadable_file_exits_non_zero(tmp_path, af_agency):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(CommandError, match="not an Excel spreadsheet") as info:
        run(str(path), "--format", "ids", "--agency", "AF-CNPA")
    assert info.value.returncode == 1


def test_dry_run_and_handling(tmp_path, af_agency):
    path = write_csv(tmp_path / "ok.csv", IDS_HEADER, [ids_row()])
    out, _err = run(str(path), "--format", "ids", "--agency", "AF-CNPA", "--dry-run", "--no-progress")
    assert "would be imported: 1" in out and not Incident.objects.exists()
    group = SharingGroup.objects.create(name="Triangular", owner_agency=af_agency)
    run(str(path), "--format", "ids", "--agency", "AF-CNPA", "--handling", "restricted", "--group",
        str(group.uuid), "--no-progress")
    incident = Incident.objects.get()
    assert incident.handling == "restricted" and incident.sharing_group == group
    assert incident.seizures.get().sharing_group == group


@pytest.mark.parametrize("args, message", [
    (["--agency", "NOPE"], "unknown agency"),
    (["--agency", "AF-CNPA", "--handling", "restricted"], "needs a sharing group"),
    (["--agency", "AF-CNPA", "--handling", "restricted", "--group", "not-a-uuid"], "unknown sharing group"),
])
def test_bad_arguments(tmp_path, af_agency, args, message):
    path = write_csv(tmp_path / "ok.csv", IDS_HEADER, [ids_row()])
    with pytest.raises(CommandError, match=message):
        run(str(path), "--format", "ids", *args)
    assert not ImportBatch.objects.exists()


def test_missing_file(af_agency):
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/file.csv", "--format", "ids", "--agency", "AF-CNPA")


def test_the_hamkari_command_knows_import():
    result = subprocess.run([sys.executable, "-m", "hamkari.cli", "help", "import"], capture_output=True, text=True,
                            env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": "src:.",
                                 "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--format {hamkari,ids}" in result.stdout and "--dry-run" in result.stdout
