"""Every format goes through the chokepoint: a user gets exactly the incidents (and entities) they may see, in
the rows, in the returned count and in the audit entry; a user without the export permission gets nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from hamkari.incidents.exports import FORMATS, export_incidents
from hamkari.sharing.models import AuditAction, AuditEntry
from tests.incidents.exports.outputs import export_bytes, searchable

# Who may see which incident, by the sharing rules (README, "Who sees what").
EXPECTED = {
    "af_analyst": {"AFNATSECRET", "AFREGIONAL", "AFBARE", "AFAGAIN", "AFRESTRICTED"},
    "pk_analyst": {"AFREGIONAL", "AFBARE", "AFAGAIN", "AFRESTRICTED", "PKNATIONAL"},
    "caricc_analyst": {"AFREGIONAL", "AFBARE", "AFAGAIN"},
}
WITHOUT_SEIZURES = {"AFBARE"}  # not in IDS: it has no seizure line
WITHOUT_COORDINATES = {"AFBARE"}  # not in GeoJSON
# Persons whose own handling is national: only Afghan users may see them, whatever incident they are in.
AFGHAN_ONLY_PERSONS = {"AFNATPERSON", "AFHIDDENPERSON"}


def _written(fmt, tokens):
    if fmt == "ids":
        return tokens - WITHOUT_SEIZURES
    if fmt == "geojson":
        return tokens - WITHOUT_COORDINATES
    return tokens


def _user(world, username):
    return {"af_analyst": world.af_analyst, "pk_analyst": world.pk_analyst,
            "caricc_analyst": world.regional}[username]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_exactly_what_the_user_may_see(world, fmt, username):
    user = _user(world, username)
    assert world.visible_tokens(user) == EXPECTED[username]  # the world is what the test thinks it is
    n, body = export_bytes(fmt, user=user)
    text = searchable(fmt, body)
    expected = _written(fmt, EXPECTED[username])
    for token in world.incidents:
        if token in expected:
            assert token in text, f"{token} missing from {username}'s {fmt} export"
        else:
            assert token not in text, f"{token} leaked into {username}'s {fmt} export"
    assert n == len(expected)
    for person in AFGHAN_ONLY_PERSONS:
        if username != "af_analyst":
            assert person not in text
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == AuditAction.EXPORT and entry.actor_id == user.pk
    assert entry.detail["format"] == fmt and entry.detail["rows"] == n and entry.detail["operator"] is False


def test_an_afghan_user_sees_the_national_person_of_a_regional_incident(world):
    _n, body = export_bytes("ftm", user=world.af_analyst)
    assert "AFHIDDENPERSON" in searchable("ftm", body) and "AFNATPERSON" in searchable("ftm", body)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_permission_no_file_no_audit(world, fmt):
    before = AuditEntry.objects.count()
    out = io.BytesIO()
    with pytest.raises(PermissionDenied):
        export_incidents(fmt, out, user=world.af_reporter)
    assert out.getvalue() == b"" and AuditEntry.objects.count() == before


def test_filters_narrow_within_what_the_user_may_see(world):
    n, body = export_bytes("csv", user=world.pk_analyst, filters={"country": "af", "substance": "heroin"})
    text = searchable("csv", body)
    # Heroin in Afghanistan: the national Afghan incident has heroin too, but a Pakistani user never gets it.
    assert n == 1 and "AFREGIONAL" in text and "AFNATSECRET" not in text
    n, _body = export_bytes("csv", user=world.af_analyst, filters={"country": "AF", "substance": "heroin"})
    assert n == 2
    n, _body = export_bytes("csv", user=world.af_analyst, filters={"substance_group": "precursors"})
    assert n == 1
    n, _body = export_bytes("csv", user=world.af_analyst,
                            filters={"date_from": "2022-01-01", "date_to": "2022-12-31"})
    assert n == 2  # AFBARE (2022) and AFAGAIN (2022-07)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.detail["filters"] == {"date_from": "2022-01-01", "date_to": "2022-12-31"}
    # The list's search box and transport filter too; a search never reaches what the user may not see.
    n, _body = export_bytes("csv", user=world.pk_analyst, filters={"q": "afnatsecret"})
    assert n == 0
    n, _body = export_bytes("csv", user=world.af_analyst, filters={"q": "afnatsecret", "transport": "road"})
    assert n == 1
    n, _body = export_bytes("csv", user=world.af_analyst, filters={"transport": "air"})
    assert n == 0


def test_operator_export_holds_everything_and_is_audited_as_operator(world):
    n, body = export_bytes("csv")
    text = searchable("csv", body)
    assert n == len(world.incidents) and all(token in text for token in world.incidents)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.actor_id is None and entry.detail["operator"] is True and entry.detail["rows"] == n


def test_operator_export_of_one_agency(world):
    n, body = export_bytes("ftm", agency_code="PK-ANF")
    text = searchable("ftm", body)
    assert n == 1 and "PKNATIONAL" in text and "AFREGIONAL" not in text
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.detail["agency"] == "PK-ANF" and entry.detail["operator"] is True
