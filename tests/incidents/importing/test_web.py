"""The import pages: upload, the batch page with its htmx status, the report, who may see what."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamkari.incidents.importing import services
from hamkari.incidents.models import ImportBatch, ImportStatus, Incident
from hamkari.sharing.models import AuditEntry
from tests.factories import make_user
from tests.sharing.world import logged_in_client

from .files import IDS_HEADER, csv_text, ids_row

IMPORT_URL = "/incidents/import/"


def upload(client, data: bytes, name="seizures.csv", **fields):
    payload = {"format": "ids", "handling": "national", "file": SimpleUploadedFile(name, data), **fields}
    return client.post(IMPORT_URL, payload, **fields.pop("headers", {}))


def test_urls_are_where_the_others_expect_them():
    assert reverse("incidents:import") == IMPORT_URL
    assert reverse("incidents:import-detail", args=[7]) == "/incidents/import/7/"
    assert reverse("incidents:import-template-xlsx") == "/incidents/import/template.xlsx"
    assert reverse("incidents:import-template-csv") == "/incidents/import/template.csv"


def test_upload_then_status_then_report(af_reporter):
    client = logged_in_client(af_reporter)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert b'data-upload' in page.content and b"hamkari/upload.js" in page.content
    assert b"<script>" not in page.content  # CSP: no inline script

    data = csv_text(IDS_HEADER, [ids_row(), ids_row(SEIZURE_DATE="31/02/2020"),
                                 ids_row(DRUG_NAME='<img src=x onerror="alert(1)">'),
                                 ids_row(AMOUNT="=1+2")]).encode("utf-8")
    response = upload(client, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/import/{batch.pk}/"
    assert batch.created_by == af_reporter and batch.agency == af_reporter.agency
    assert batch.status == ImportStatus.DONE  # tests run tasks immediately
    assert (batch.rows_imported, batch.rows_rejected) == (1, 3)

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'id="import-status"' in html and "hx-trigger" not in html  # finished: no more polling
    assert "February 2020 has 29 days" in html
    assert '<img src=x onerror="alert(1)">' not in html and "&lt;img src=x" in html

    status = client.get(reverse("incidents:import-status", args=[batch.pk]))
    assert status.status_code == 200 and b"count-imported" in status.content

    report = client.get(reverse("incidents:import-report", args=[batch.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "reason", "value"]
    assert ["3", "SEIZURE_DATE"] == rows[1][:2]
    # A value that a spreadsheet would run as a formula is neutralised in the report.
    assert any(r[3] == "'=1+2" for r in rows[1:])
    assert AuditEntry.objects.filter(action="export", object_type="incidents.importbatch",
                                     object_id=str(batch.pk)).exists()


def test_the_status_part_polls_while_the_batch_runs(af_reporter, af_agency, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(csv_text(IDS_HEADER, [ids_row()]), encoding="utf-8")
    batch = services.create_batch(user=af_reporter, agency=af_agency, source=path, filename="q.csv", fmt="ids",
                                  handling="national")
    client = logged_in_client(af_reporter)
    queued = client.get(reverse("incidents:import-status", args=[batch.pk])).content.decode()
    assert f'hx-get="/incidents/import/{batch.pk}/status/"' in queued and 'hx-trigger="every 1s"' in queued
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, rows_total=200, rows_done=50)
    running = client.get(reverse("incidents:import-status", args=[batch.pk])).content.decode()
    assert 'value="25"' in running and "hx-trigger" in running
    services.run_batch(batch)  # no longer queued: the task does nothing twice
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.QUEUED)
    services.run_batch(batch)
    done = client.get(reverse("incidents:import-status", args=[batch.pk])).content.decode()
    assert "hx-trigger" not in done and 'id="count-imported">1<' in done


def test_xhr_upload_gets_the_batch_address(af_reporter):
    client = logged_in_client(af_reporter)
    data = csv_text(IDS_HEADER, [ids_row()]).encode("utf-8")
    response = client.post(IMPORT_URL, {"format": "ids", "handling": "national",
                                        "file": SimpleUploadedFile("x.csv", data)},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    batch = ImportBatch.objects.get()
    assert response.status_code == 200 and response.json() == {"redirect": f"/incidents/import/{batch.pk}/"}


def test_form_errors_come_back_on_the_page(af_reporter):
    client = logged_in_client(af_reporter)
    response = client.post(IMPORT_URL, {"format": "ids", "handling": "restricted",
                                        "file": SimpleUploadedFile("x.csv", b"A\n1\n")})
    assert response.status_code == 400
    assert "needs a sharing group" in response.content.decode()
    response = client.post(IMPORT_URL, {"format": "ids", "handling": "national",
                                        "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "Upload a CSV file" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_dry_run_from_the_web(af_reporter):
    client = logged_in_client(af_reporter)
    data = csv_text(IDS_HEADER, [ids_row()]).encode("utf-8")
    response = client.post(IMPORT_URL, {"format": "ids", "handling": "national", "dry_run": "on",
                                        "file": SimpleUploadedFile("x.csv", data)}, follow=True)
    assert "nothing was imported" in response.content.decode()
    assert ImportBatch.objects.get().status == ImportStatus.CHECKED and not Incident.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(af_reporter, settings):
    settings.IMPORT_MAX_BYTES = 100_000
    client = logged_in_client(af_reporter)
    big = b"A,B\n" + b"1,2\n" * 60_000  # 240 kB
    response = client.post(IMPORT_URL, {"format": "ids", "handling": "national",
                                        "file": SimpleUploadedFile("big.csv", big)})
    assert response.status_code == 413
    assert "more than the limit of 0.1 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not list((settings.VAR_DIR / "imports").glob("*")) if (settings.VAR_DIR / "imports").exists() else True


def test_a_file_just_over_the_limit_is_refused_while_it_streams(af_reporter, settings):
    settings.IMPORT_MAX_BYTES = 100_000
    client = logged_in_client(af_reporter)
    response = upload(client, b"A\n" + b"1\n" * 50_100)  # 100,202 bytes: within the multipart slack
    assert response.status_code == 413 and "more than the limit" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_batches_are_seen_only_by_the_importing_agency(af_reporter, pk_reporter, af_agency, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(csv_text(IDS_HEADER, [ids_row()]), encoding="utf-8")
    batch = services.run_batch(services.create_batch(user=af_reporter, agency=af_agency, source=path,
                                                     filename="q.csv", fmt="ids", handling="regional"))
    other = logged_in_client(pk_reporter)
    for name in ("incidents:import-detail", "incidents:import-status", "incidents:import-report"):
        assert other.get(reverse(name, args=[batch.pk])).status_code == 404
        assert other.get(reverse(name, args=[batch.pk + 1000])).status_code == 404
    assert b"q.csv" not in other.get(IMPORT_URL).content
    same_agency = logged_in_client(make_user("af_analyst2", af_agency, ["analyst"]))
    assert same_agency.get(reverse("incidents:import-detail", args=[batch.pk])).status_code == 200
    trainer = logged_in_client(make_user("af_trainer2", af_agency, ["trainer"]))
    assert trainer.get(reverse("incidents:import-detail", args=[batch.pk])).status_code == 404
    assert trainer.get(IMPORT_URL).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    response = client.post(IMPORT_URL, {"format": "ids"})
    assert response.status_code == 302


def test_template_downloads(af_reporter):
    client = logged_in_client(af_reporter)
    xlsx = client.get(reverse("incidents:import-template-xlsx"))
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Incidents", "Columns", "Substances"]
    text = client.get(reverse("incidents:import-template-csv")).content.decode("utf-8-sig")
    assert text.startswith("national_reference,date,")


def test_the_upload_is_protected_against_cross_site_requests(af_reporter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(af_reporter, backend="django.contrib.auth.backends.ModelBackend")
    data = csv_text(IDS_HEADER, [ids_row()]).encode("utf-8")
    response = client.post(IMPORT_URL, {"format": "ids", "handling": "national",
                                        "file": SimpleUploadedFile("x.csv", data)})
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()
