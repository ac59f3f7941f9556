"""Imports (upload -> 202 -> status -> problem report) and exports through the API. The test settings run
background tasks at once (ImmediateBackend), so an upload is finished when its answer arrives."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hamkari.incidents.models import ImportBatch, Incident, Seizure
from hamkari.sharing.models import AuditAction, AuditEntry
from tests.api.conftest import API, bearer_client, token_for
from tests.factories import make_user

IDS_CSV = (
    "COUNTRY,SEIZURE_DATE,DRUG_NAME,AMOUNT,DRUG_UNIT,PLACE,TRANSPORT,DESTINATION_COUNTRY\n"
    "Afghanistan,2024-03-01,Heroin,12.5,kg,Torkham,Road,Pakistan\n"
    "Afghanistan,2024-03-02,Opium,300,kg,Herat,Road,Iran (Islamic Republic of)\n"
    "Afghanistan,2024-02-31,Heroin,1,kg,Kabul,Road,Pakistan\n"
    "Afghanistan,2024-03-04,Unobtainium,1,kg,Kabul,Road,Pakistan\n"
).encode("utf-8")


def upload(api, content=IDS_CSV, name="seizures.csv", **form):
    data = {"format": "ids", "handling": "national", **form,
            "file": SimpleUploadedFile(name, content, content_type="text/csv")}
    return api.post(f"{API}/imports", data)


# --- imports --------------------------------------------------------------------------------------------------

def test_upload_status_and_problem_report(af_api, af_analyst):
    response = upload(af_api)
    assert response.status_code == 202, response.content
    accepted = response.json()
    batch = ImportBatch.objects.get(pk=accepted["id"])
    assert accepted["status_url"] == f"{API}/imports/{batch.pk}"
    assert batch.agency == af_analyst.agency and batch.created_by == af_analyst

    status = af_api.get(accepted["status_url"]).json()
    assert status["status"] == "done", status
    assert status["rows_total"] == 4 and status["rows_imported"] == 2 and status["rows_rejected"] == 2
    assert status["problem_count"] == len(status["problems"]) >= 2
    assert {p["row"] for p in status["problems"]} >= {4, 5}
    assert Incident.objects.filter(import_batch=batch).count() == 2
    assert set(Seizure.objects.values_list("substance", flat=True)) == {"heroin", "opium"}

    report = af_api.get(status["problems_url"])
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "reason", "value"]
    assert {r[0] for r in rows[1:]} >= {"4", "5"}

    # The same file again changes nothing.
    again = af_api.get(upload(af_api).json()["status_url"]).json()
    assert again["rows_imported"] == 0 and again["rows_unchanged"] == 2
    assert Incident.objects.count() == 2

    listing = af_api.get(f"{API}/imports").json()
    assert listing["count"] == 2 and {b["id"] for b in listing["results"]} == {batch.pk, again["id"]}


def test_dry_run_imports_nothing(af_api):
    status = af_api.get(upload(af_api, dry_run="true").json()["status_url"]).json()
    assert status["status"] == "checked" and status["dry_run"] is True and status["rows_imported"] == 2
    assert not Incident.objects.exists()


def test_batches_are_seen_only_by_their_agency(af_api, pk_api, af_customs_analyst):
    pk = upload(af_api).json()["id"]
    customs = bearer_client(token_for(af_customs_analyst, "read"))
    for client in (pk_api, customs):  # another country; another agency of the same country
        for suffix in ("", "/problems.csv"):
            hidden, missing = client.get(f"{API}/imports/{pk}{suffix}"), client.get(f"{API}/imports/999999{suffix}")
            assert hidden.status_code == missing.status_code == 404
            assert hidden.content == missing.content
        assert client.get(f"{API}/imports").json()["count"] == 0


@pytest.mark.parametrize(("content", "name", "form", "status", "words"), [
    (IDS_CSV, "seizures.exe", {}, 400, "csv"),
    (IDS_CSV, "seizures.xls", {}, 400, "xlsx"),
    (b"", "empty.csv", {}, 400, "empty"),
    (IDS_CSV, "seizures.csv", {"format": "pdf"}, 422, "format"),
    (IDS_CSV, "seizures.csv", {"handling": "secret"}, 422, "handling"),
    (IDS_CSV, "seizures.csv", {"handling": "restricted"}, 400, "sharing group"),
    (IDS_CSV, "seizures.csv", {"group": "not-a-uuid"}, 422, "group"),
    (IDS_CSV, "seizures.csv", {"dry_run": "perhaps"}, 422, "dry_run"),
])
def test_bad_uploads_are_refused_with_a_message(af_api, content, name, form, status, words):
    response = upload(af_api, content, name, **form)
    assert response.status_code == status, response.content
    assert words in json.dumps(response.json()).lower()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_limit_gets_413(af_api, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(af_api, IDS_CSV + b"x" * 200)
    assert response.status_code == 413 and "MB" in response.json()["detail"]
    assert not ImportBatch.objects.exists()


def test_a_spreadsheet_that_is_not_one_fails_with_a_message(af_api):
    status = af_api.get(upload(af_api, b"PK\x03\x04 not really a zip", "seizures.xlsx").json()["status_url"])
    body = status.json()
    assert body["status"] == "failed" and body["message"]
    assert not Incident.objects.exists()


def test_only_reporting_roles_may_upload_and_read_tokens_may_not(af_agency, af_analyst):
    trainer = make_user("trainer", af_agency, ["trainer"])
    assert upload(bearer_client(token_for(trainer))).status_code == 403
    assert upload(bearer_client(token_for(af_analyst, "read"))).status_code == 403
    assert bearer_client(token_for(trainer)).get(f"{API}/imports").json()["count"] == 0
    assert not ImportBatch.objects.exists()


def test_upload_without_a_file_gets_422(af_api):
    response = af_api.post(f"{API}/imports", {"format": "ids"})
    assert response.status_code == 422


# --- exports --------------------------------------------------------------------------------------------------

def test_export_holds_what_the_caller_may_see_and_is_audited(pk_api, af_incidents, pk_incident):
    _her, _opi, met = af_incidents  # only the regional one is visible from Pakistan
    response = pk_api.get(f"{API}/exports/csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="hamkari-incidents-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "AF-MET-3" in text and "PK-HASH-1" in text
    assert "AF-HER-1" not in text and "AF-OPI-2" not in text
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.actor_username == "pk_analyst" and entry.detail["format"] == "csv"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ids", "geojson", "ftm"])
def test_every_format_downloads(af_api, af_incidents, fmt):
    response = af_api.get(f"{API}/exports/{fmt}", {"substance": "heroin"})
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content)
    assert body
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        assert sheet.max_row >= 2
    elif fmt == "geojson":
        assert json.loads(body)["type"] == "FeatureCollection"
    elif fmt == "ftm":
        assert all(json.loads(line)["schema"] for line in body.decode().splitlines())
    else:
        assert "heroin" in body.decode("utf-8-sig").lower()


def test_export_needs_the_export_role_and_checks_filters(af_agency, af_api, af_incidents):
    reporter = bearer_client(token_for(make_user("rep", af_agency, ["reporter"]), "read"))
    assert reporter.get(f"{API}/exports/csv").status_code == 403
    assert af_api.get(f"{API}/exports/pdf").status_code == 422
    assert af_api.get(f"{API}/exports/csv", {"date_from": "2024-02-31"}).status_code == 422
    assert af_api.get(f"{API}/exports/csv", {"substance": "unobtainium"}).status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
