"""API tokens: made on the account page (shown once, only a hash stored), named, scoped, revoked, expiring;
and how the API authenticates with them or with the browser session."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamkari.accounts import tokens
from hamkari.accounts.models import ApiToken
from hamkari.sharing.models import AuditAction, AuditEntry
from tests.accounts.conftest import code_for, log_in
from tests.api.conftest import API, bearer_client, token_for
from tests.factories import make_user
from tests.sharing.world import logged_in_client

TOKEN_RE = re.compile(r'id="new-token-value"[^>]*value="(hmk_[A-Za-z0-9_-]+)"')


def make_on_page(client, name="nightly export", scope="read", days=90):
    response = client.post("/accounts/tokens/", {"name": name, "scope": scope, "expires_in_days": days})
    assert response.status_code == 302 and response["Location"] == "/accounts/tokens/"
    page = client.get("/accounts/tokens/").content.decode()
    match = TOKEN_RE.search(page)
    return match.group(1) if match else None, page


# --- the page -------------------------------------------------------------------------------------------------

def test_a_token_is_shown_once_and_only_its_hash_is_stored(af_analyst):
    client = logged_in_client(af_analyst)
    token, page = make_on_page(client)
    assert token and token.startswith("hmk_") and len(token) > 40
    row = ApiToken.objects.get(user=af_analyst)
    assert row.name == "nightly export" and row.scope == "read"
    assert row.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token[4:12] == row.prefix and f"hmk_{row.prefix}…" in page
    # Nothing in the database holds the token itself.
    assert not ApiToken.objects.filter(secret_hash=token).exists()
    assert token not in str(list(ApiToken.objects.values()))
    assert token not in str(list(AuditEntry.objects.values()))
    assert timedelta(days=89) < row.expires_at - timezone.now() <= timedelta(days=90)
    # Shown once: the next visit lists the token but no longer shows it.
    again = client.get("/accounts/tokens/").content.decode()
    assert token not in again and "new-token-value" not in again and row.prefix in again
    created = AuditEntry.objects.filter(action=AuditAction.ACCOUNT, detail__event="api_token_created").get()
    assert created.actor_username == "af_analyst" and created.detail["token"] == row.prefix


def test_the_page_lists_scope_and_last_use(af_analyst):
    client = logged_in_client(af_analyst)
    token, _ = make_on_page(client, name="reporting robot", scope="write")
    page = client.get("/accounts/tokens/").content.decode()
    assert "reporting robot" in page and "Read and write" in page and "never" in page
    assert bearer_client(token).get(f"{API}/incidents").status_code == 200
    page = client.get("/accounts/tokens/").content.decode()
    assert "never" not in page
    assert ApiToken.objects.get().last_used_at is not None


def test_bad_form_input_is_refused_with_a_message(af_analyst):
    client = logged_in_client(af_analyst)
    for data in ({"name": "", "scope": "read", "expires_in_days": 90},
                 {"name": "x", "scope": "admin", "expires_in_days": 90},
                 {"name": "x", "scope": "read", "expires_in_days": 100000},
                 {"name": "\x00", "scope": "read", "expires_in_days": 90},
                 {"name": "x" * 101, "scope": "read", "expires_in_days": 90}):
        response = client.post("/accounts/tokens/", data)
        assert response.status_code == 200, data
        assert 'class="errorlist' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_stops_the_token_at_once_and_is_audited(af_analyst):
    client = logged_in_client(af_analyst)
    token, _ = make_on_page(client, scope="write")
    api = bearer_client(token)
    assert api.get(f"{API}/incidents").status_code == 200
    row = ApiToken.objects.get()
    assert client.post(f"/accounts/tokens/{row.pk}/revoke/").status_code == 302
    assert api.get(f"{API}/incidents").status_code == 401
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT, detail__event="api_token_revoked",
                                     detail__token=row.prefix).count() == 1
    assert "Revoked" in client.get("/accounts/tokens/").content.decode()
    # Revoking by GET is not possible (a link or image cannot revoke).
    assert client.get(f"/accounts/tokens/{row.pk}/revoke/").status_code == 405


def test_nobody_revokes_or_sees_another_users_token(af_analyst, pk_analyst):
    token_for(af_analyst)
    row = ApiToken.objects.get()
    other = logged_in_client(pk_analyst)
    assert other.post(f"/accounts/tokens/{row.pk}/revoke/").status_code == 404
    assert other.post("/accounts/tokens/999999/revoke/").status_code == 404
    assert row.prefix not in other.get("/accounts/tokens/").content.decode()
    row.refresh_from_db()
    assert row.revoked_at is None


def test_the_page_needs_a_full_log_in(client, af_agency):
    assert client.get("/accounts/tokens/")["Location"].startswith("/accounts/login/")
    officer = make_user("af_officer", af_agency, ["analyst"], is_demo=False)
    device = TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    log_in(client, "af_officer")  # password only: not logged in until the second factor
    assert client.get("/accounts/tokens/")["Location"].startswith("/accounts/login/")
    client.force_login(officer)  # logged in, but without the second factor (e.g. through the admin's page)
    assert client.get("/accounts/tokens/")["Location"].startswith("/accounts/login/verify/")
    assert client.post("/accounts/tokens/", {"name": "x", "scope": "write", "expires_in_days": 7}).status_code == 302
    assert not ApiToken.objects.exists()
    client.post("/accounts/login/verify/", {"otp_token": code_for(device)})
    token, _ = make_on_page(client, scope="write", days=7)
    assert token and ApiToken.objects.get().user == officer


# --- authentication -------------------------------------------------------------------------------------------

def test_wrong_missing_and_malformed_tokens_get_401(af_analyst, client):
    good = token_for(af_analyst, "read")
    cases = [good[:-1] + ("A" if good[-1] != "A" else "B"), "hmk_", "hmk_" + "x" * 500, "nonsense", good + "\x00"]
    for bad in cases:
        response = bearer_client(bad).get(f"{API}/incidents")
        assert response.status_code == 401, bad
        assert "not valid" in response.json()["detail"]
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", good, "Token " + good):
        response = client.get(f"{API}/incidents", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response.json()["detail"]
    assert client.get(f"{API}/incidents").status_code == 401  # nothing at all


def test_a_read_token_may_not_write(af_analyst):
    api = bearer_client(token_for(af_analyst, "read"))
    assert api.get(f"{API}/incidents").status_code == 200
    response = api.post(f"{API}/incidents", {"national_reference": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    assert api.patch(f"{API}/incidents/1", {}, content_type="application/json").status_code == 403
    from hamkari.incidents.models import Incident

    assert not Incident.objects.exists()


def test_expired_token_is_refused(af_analyst):
    token = token_for(af_analyst, "read", expires_in_days=7)
    api = bearer_client(token)
    assert api.get(f"{API}/incidents").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get(f"{API}/incidents").status_code == 401


@pytest.mark.parametrize("change", ["user_inactive", "agency_inactive"])
def test_tokens_of_inactive_accounts_and_agencies_are_refused(af_analyst, change):
    api = bearer_client(token_for(af_analyst, "read"))
    if change == "user_inactive":
        af_analyst.is_active = False
        af_analyst.save()
    else:
        af_analyst.agency.is_active = False
        af_analyst.agency.save()
    assert api.get(f"{API}/incidents").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(af_analyst, django_assert_max_num_queries):
    api = bearer_client(token_for(af_analyst, "read"))
    api.get(f"{API}/entities/phone")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    api.get(f"{API}/entities/phone")
    assert ApiToken.objects.get().last_used_at == first  # not rewritten within the minute
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    api.get(f"{API}/entities/phone")
    assert ApiToken.objects.get().last_used_at > first


def test_the_token_acts_as_its_user_whatever_session_the_client_holds(af_analyst, pk_analyst, pk_incident):
    client = logged_in_client(af_analyst)  # logged in as the Afghan analyst ...
    token = token_for(pk_analyst, "read")  # ... but sending the Pakistani analyst's token
    response = client.get(f"{API}/incidents/{pk_incident.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert client.get(f"{API}/incidents/{pk_incident.pk}").status_code == 404  # the session: another country
    view = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(pk_incident.pk)).get()
    assert view.actor_username == "pk_analyst"
    # A bad token is not rescued by the session.
    assert client.get(f"{API}/incidents", HTTP_AUTHORIZATION="Bearer hmk_wrong").status_code == 401


def test_session_auth_still_works_and_checks_csrf_on_writes(af_analyst):
    client = logged_in_client(af_analyst)
    assert client.get(f"{API}/incidents").status_code == 200
    csrf_client = logged_in_client(af_analyst)
    csrf_client.handler.enforce_csrf_checks = True
    response = csrf_client.post(f"{API}/incidents", {"national_reference": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_without_second_factor_is_refused(client, af_agency):
    officer = make_user("af_officer", af_agency, ["analyst"], is_demo=False)
    TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    client.force_login(officer)
    response = client.get(f"{API}/incidents")
    assert response.status_code == 401
    # The same person's token works: it was made after a full log-in.
    assert bearer_client(token_for(officer, "read")).get(f"{API}/incidents").status_code == 200


def test_lookup_does_not_accept_a_prefix_or_the_hash(af_analyst):
    token = token_for(af_analyst, "read")
    row = ApiToken.objects.get()
    assert tokens.user_for_token(token) is not None
    for bad in (f"hmk_{row.prefix}", row.secret_hash, "hmk_" + row.secret_hash, token.upper()):
        assert tokens.user_for_token(bad) is None


@pytest.mark.parametrize("language", ["en", "ru", "fa-af", "ps", "fa", "ur"])
def test_the_page_renders_in_every_language(af_analyst, settings, language):
    client = logged_in_client(af_analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    token_for(af_analyst, "read")
    response = client.get("/accounts/tokens/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert 'name="expires_in_days"' in response.content.decode()
