"""The export page and the download: who may use them, what the file holds, and the audit entry."""

import csv
import io
import json

import pytest
from django.urls import reverse

from hamkari.incidents.exports import FORMATS
from hamkari.sharing.models import AuditAction, AuditEntry
from tests.incidents.exports.outputs import searchable
from tests.sharing.world import logged_in_client


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_anonymous_users_are_sent_to_log_in(world, client):
    for name in ("incidents:export", "incidents:export-download"):
        response = client.get(reverse(name), {"format": "csv"})
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_users_without_the_export_permission_are_refused(world):
    client = logged_in_client(world.af_reporter)
    assert client.get(reverse("incidents:export")).status_code == 403
    assert client.get(reverse("incidents:export-download"), {"format": "csv"}).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_page_offers_the_formats_and_keeps_the_list_filters(world):
    client = logged_in_client(world.pk_analyst)
    response = client.get(reverse("incidents:export"), {"country": "AF", "substance": "heroin",
                                                         "date_from": "2021-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    for fmt in FORMATS:
        assert f'value="{fmt}"' in html
    assert '<option value="AF" selected>' in html and '<option value="heroin" selected>' in html
    assert 'value="2021-01-01"' in html
    assert f'action="{reverse("incidents:export-download")}"' in html


@pytest.mark.parametrize("fmt", FORMATS)
def test_download_is_an_attachment_of_what_the_user_may_see(world, fmt):
    client = logged_in_client(world.pk_analyst)
    response = client.get(reverse("incidents:export-download"), {"format": fmt}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "hamkari-incidents-" in disposition
    assert response["Cache-Control"] == "no-store"
    text = searchable(fmt, _body(response))
    assert "AFNATSECRET" not in text and "AFREGIONAL" in text
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.actor_id == world.pk_analyst.pk and entry.ip == "203.0.113.9"
    assert entry.detail["format"] == fmt and entry.detail["operator"] is False


def test_download_applies_the_filters(world):
    client = logged_in_client(world.af_analyst)
    response = client.get(reverse("incidents:export-download"),
                          {"format": "csv", "country": "AF", "substance": "heroin", "handling": "national"})
    rows = list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert {r["national_reference"] for r in rows} == {"REF-AFNATSECRET"}
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.detail["rows"] == 1
    assert entry.detail["filters"] == {"country": "AF", "substance": "heroin", "handling": "national"}


def test_geojson_download_is_json(world):
    client = logged_in_client(world.regional)
    response = client.get(reverse("incidents:export-download"), {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(_body(response))["type"] == "FeatureCollection"


@pytest.mark.parametrize("params", [
    {"format": "pdf"},
    {},
    {"format": "csv", "date_from": "31/02/2020"},
    {"format": "csv", "date_from": "2022-01-01", "date_to": "2021-01-01"},
    {"format": "csv", "country": "<script>alert(1)</script>"},
    {"format": "csv", "substance": "no such drug"},
])
def test_bad_choices_get_the_page_back_with_a_message(world, params):
    client = logged_in_client(world.af_analyst)
    response = client.get(reverse("incidents:export-download"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html and "<script>alert(1)</script>" not in html
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
