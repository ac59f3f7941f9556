from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamkari.accounts import services
from hamkari.sharing.models import AuditEntry
from tests.accounts.conftest import PASSWORD, code_for, log_in, wrong_code_for

NEW_PASSWORD = "a much longer new secret 42"


def verified_client(client, officer, device):
    log_in(client, officer.username)
    assert client.post("/accounts/login/verify/", {"otp_token": code_for(device)})["Location"] == "/"
    return client


def test_profile_shows_account_and_second_factor(client, officer, device):
    services.generate_recovery_codes(user=officer)
    body = verified_client(client, officer, device).get("/accounts/profile/").content.decode()
    assert "af_officer" in body and "Counter Narcotics Police of Afghanistan" in body
    assert "Analyst" in body
    assert "Authenticator app set up" in body and "10 recovery codes left" in body
    assert 'action="/accounts/otp/recovery-codes/new/"' in body


def test_regenerate_recovery_codes_with_password(client, officer, device):
    old = services.generate_recovery_codes(user=officer)
    verified_client(client, officer, device)
    response = client.post("/accounts/otp/recovery-codes/new/", {"password": PASSWORD})
    assert response["Location"] == "/accounts/otp/recovery-codes/"
    body = client.get("/accounts/otp/recovery-codes/").content.decode()
    assert old[0] not in body
    tokens = list(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(tokens) == 10 and services.format_recovery_code(tokens[0]) in body
    assert AuditEntry.objects.filter(detail__event="recovery_codes_regenerated").count() == 1


def test_regenerate_recovery_codes_with_a_fresh_code(client, officer, device):
    verified_client(client, officer, device)
    response = client.post("/accounts/otp/recovery-codes/new/", {"otp_token": code_for(device, 1)})
    assert response["Location"] == "/accounts/otp/recovery-codes/"


def test_regenerate_recovery_codes_refused_without_proof(client, officer, device):
    old = services.generate_recovery_codes(user=officer)
    verified_client(client, officer, device)
    response = client.post("/accounts/otp/recovery-codes/new/",
                           {"password": "wrong", "otp_token": wrong_code_for(device)})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert set(StaticToken.objects.values_list("token", flat=True)) == {c.replace("-", "") for c in old}
    assert client.post("/accounts/otp/recovery-codes/new/", {}).status_code == 200
    assert client.get("/accounts/otp/recovery-codes/new/").status_code == 200


def test_preferred_language_is_stored_and_set_as_cookie(client, demo_user):
    log_in(client, "af_demo")
    response = client.post("/accounts/profile/", {"language": "ru"})
    assert response.status_code == 302
    demo_user.refresh_from_db()
    assert demo_user.language == "ru"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert client.get("/accounts/profile/")["Content-Language"] == "ru"
    client.post("/accounts/logout/")
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert log_in(client, "af_demo").cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_password_change(client, demo_user):
    log_in(client, "af_demo")
    assert client.get("/accounts/password/").status_code == 200
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/profile/"
    demo_user.refresh_from_db()
    assert demo_user.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200  # still logged in


def test_password_change_keeps_the_session_verified(client, officer, device):
    verified_client(client, officer, device)
    client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get("/").status_code == 200


def test_reset_second_factor_removes_devices_and_is_audited(officer, device, af_agency):
    from tests.factories import make_user
    focal = make_user("af_focal", af_agency, ["focal_point"], is_demo=False)
    services.generate_recovery_codes(user=officer)
    services.reset_second_factor(user=officer, by=focal)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="account")
    assert entry.actor == focal and entry.object_id == str(officer.pk)
    assert entry.detail == {"event": "second_factor_reset", "username": "af_officer"}


def test_after_a_reset_the_next_login_enrols_again(client, officer, device):
    services.reset_second_factor(user=officer, by=officer)
    assert log_in(client, "af_officer")["Location"] == "/accounts/otp/setup/"


def test_generate_recovery_codes_replaces_old_ones(officer):
    first = services.generate_recovery_codes(user=officer)
    second = services.generate_recovery_codes(user=officer)
    assert len(first) == len(second) == 10 and len(set(second)) == 10
    assert not set(first) & set(second)
    assert StaticToken.objects.filter(device__user=officer).count() == 10
