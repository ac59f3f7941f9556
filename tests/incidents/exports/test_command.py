"""`hamkari export`: the operator's full export, one agency's, or exactly what one user may see; audited."""

import csv
import io
import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamkari.sharing.models import AuditAction, AuditEntry
from tests.incidents.exports.outputs import searchable, xlsx_dicts


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def _refs(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {row["national_reference"] for row in csv.DictReader(f)}


def test_operator_export_holds_everything_and_is_audited_as_operator(world, tmp_path):
    path = tmp_path / "all.csv"
    _out, err = run("--format", "csv", "--out", str(path))
    assert _refs(path) == {f"REF-{token}" for token in world.incidents}
    assert f"{len(world.incidents)} incident(s) exported" in err and "operator export" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # personal data: for the operator's eyes
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.actor_id is None and entry.ip is None
    assert entry.detail == {"format": "csv", "filters": {}, "operator": True, "rows": len(world.incidents)}


def test_operator_export_of_one_agency_with_filters(world, tmp_path):
    path = tmp_path / "af.csv"
    run("--format", "csv", "--out", str(path), "--agency", "AF-CNPA", "--country", "af", "--from", "2022-01-01",
        "--to", "2022-12-31")
    assert _refs(path) == {"REF-AFBARE", "REF-AFAGAIN"}
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.detail["agency"] == "AF-CNPA" and entry.detail["operator"] is True
    assert entry.detail["filters"] == {"country": "AF", "date_from": "2022-01-01", "date_to": "2022-12-31"}


def test_as_a_user_exactly_what_they_may_see(world, tmp_path):
    path = tmp_path / "pk.json"
    run("--format", "ftm", "--out", str(path), "--as", "pk_analyst")
    text = searchable("ftm", path.read_bytes())
    assert "AFREGIONAL" in text and "PKNATIONAL" in text
    assert "AFNATSECRET" not in text and "AFNATPERSON" not in text and "AFHIDDENPERSON" not in text
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.actor_id == world.pk_analyst.pk and entry.detail["operator"] is False
    assert all(json.loads(line)["id"].startswith("hamkari-") for line in path.read_text().splitlines())


def test_ids_to_an_xlsx_path_gives_a_workbook(world, tmp_path):
    path = tmp_path / "submission.xlsx"
    run("--format", "ids", "--out", str(path), "--agency", "PK-ANF", "--no-progress")
    rows = xlsx_dicts(path.read_bytes())
    assert len(rows) == 1 and rows[0]["PLACE"] == "کوئٹہ PKNATIONAL" and rows[0]["COUNTRY"] == "Pakistan"


def test_progress_bar_on_stderr(world, tmp_path):
    _out, err = run("--format", "geojson", "--out", str(tmp_path / "x.geojson"))
    assert f"{len(world.incidents)}/{len(world.incidents)}" in err  # every incident dealt with, skipped included


@pytest.mark.parametrize("args, message", [
    (["--as", "nobody"], "unknown user"),
    (["--as", "af_reporter"], "may not export"),
    (["--agency", "XX-NONE"], "Unknown agency"),
    (["--from", "31/02/2020"], "YYYY-MM-DD"),
])
def test_errors_write_nothing(world, tmp_path, args, message):
    path = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        run("--format", "csv", "--out", str(path), *args)
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_missing_directory(world, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("--format", "csv", "--out", str(tmp_path / "no" / "such" / "dir.csv"))


def test_unknown_format_is_refused(world, tmp_path):
    with pytest.raises(CommandError):
        run("--format", "pdf", "--out", str(tmp_path / "x.pdf"))


def test_a_failed_export_leaves_no_file_and_is_audited(world, tmp_path, monkeypatch):
    from hamkari.incidents.exports import tabular

    def broken(incident):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tabular, "seizure_cells", broken)
    path = tmp_path / "broken.csv"
    with pytest.raises(RuntimeError):
        run("--format", "csv", "--out", str(path))
    assert list(tmp_path.iterdir()) == []
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.detail["failed"] is True and entry.detail["operator"] is True


def test_out_dash_writes_to_standard_output(world, capsysbinary):
    run("--format", "geojson", "--out", "-", "--agency", "PK-ANF", "--no-progress")
    body = capsysbinary.readouterr().out
    assert json.loads(body)["features"][0]["properties"]["reference"] == "REF-PKNATIONAL"
