import base64

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamkari.accounts import services
from hamkari.sharing.models import AuditEntry
from tests.accounts.conftest import code_for, log_in, wrong_code_for


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_has_the_expected_fields(client, db):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in body and 'name="password"' in body and 'type="submit"' in body


def test_demo_login_skips_second_factor(client, demo_user):
    response = log_in(client, "af_demo")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, officer):
    wrong_password = log_in(client, "af_officer", "not the password")
    unknown_user = log_in(client, "nobody_here", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert not is_logged_in(client)
    assert "Please enter a correct username and password" in wrong_password.content.decode()
    assert "Please enter a correct username and password" in unknown_user.content.decode()


def test_non_demo_login_without_device_is_sent_to_enrolment_and_is_not_logged_in(client, officer):
    response = log_in(client, "af_officer")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/setup/"
    assert not is_logged_in(client)
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_enrolment_with_the_right_code_confirms_and_shows_recovery_codes_once(client, officer):
    log_in(client, "af_officer")
    page = client.get("/accounts/otp/setup/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'name="otp_token"' in body
    assert "style=" not in body and "<script>" not in body  # the CSP forbids inline style and script
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert base64.b32encode(device.bin_key).decode()[:4] in body  # the key for manual entry
    assert client.get("/accounts/otp/setup/").content.decode().count("<svg") == 1
    assert TOTPDevice.objects.filter(user=officer).count() == 1  # reloading keeps the same device

    response = client.post("/accounts/otp/setup/", {"otp_token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/otp/recovery-codes/"
    device.refresh_from_db()
    assert device.confirmed
    assert is_logged_in(client)
    codes_page = client.get("/accounts/otp/recovery-codes/").content.decode()
    tokens = StaticToken.objects.filter(device__user=officer, device__name="recovery")
    assert tokens.count() == 10
    for token in tokens:
        assert services.format_recovery_code(token.token) in codes_page
    again = client.get("/accounts/otp/recovery-codes/").content.decode()
    assert services.format_recovery_code(tokens[0].token) not in again  # shown once only
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="account", detail__event="second_factor_enrolled").count() == 1


def test_enrolment_with_a_wrong_code_is_refused_with_a_clear_error(client, officer):
    log_in(client, "af_officer")
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=officer)
    response = client.post("/accounts/otp/setup/", {"otp_token": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not correct" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_logged_in(client)
    assert not StaticDevice.objects.filter(user=officer).exists()


def test_enrolment_is_refused_when_a_device_is_already_confirmed(client, officer, device):
    """Knowing the password must not be enough to add one's own authenticator."""
    log_in(client, "af_officer")
    response = client.get("/accounts/otp/setup/")
    assert response["Location"] == "/accounts/login/verify/"
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_verify_with_a_totp_code(client, officer, device):
    response = log_in(client, "af_officer")
    assert response["Location"] == "/accounts/login/verify/"
    assert not is_logged_in(client)
    response = client.post("/accounts/login/verify/", {"otp_token": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_logged_in(client)
    assert client.get("/").status_code == 200


def test_the_same_totp_code_cannot_be_used_twice(client, officer, device):
    code = code_for(device)
    log_in(client, "af_officer")
    client.post("/accounts/login/verify/", {"otp_token": code})
    client.post("/accounts/logout/")
    log_in(client, "af_officer")
    response = client.post("/accounts/login/verify/", {"otp_token": code})
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_verify_wrong_code_then_right_code(client, officer, device, no_throttle):
    log_in(client, "af_officer")
    response = client.post("/accounts/login/verify/", {"otp_token": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not correct" in response.content.decode()
    assert not is_logged_in(client)
    response = client.post("/accounts/login/verify/", {"otp_token": code_for(device)})
    assert response["Location"] == "/"


def test_verify_with_a_recovery_code_works_once(client, officer, device, no_throttle):
    codes = services.generate_recovery_codes(user=officer)
    log_in(client, "af_officer")
    response = client.post("/accounts/login/verify/", {"otp_token": codes[0]})
    assert response["Location"] == "/"
    assert is_logged_in(client)
    assert StaticToken.objects.filter(device__user=officer).count() == 9

    client.post("/accounts/logout/")
    log_in(client, "af_officer")
    response = client.post("/accounts/login/verify/", {"otp_token": codes[0]})
    assert response.status_code == 200
    assert not is_logged_in(client)
    response = client.post("/accounts/login/verify/", {"otp_token": codes[1].upper().replace("-", " ")})
    assert response["Location"] == "/"


def test_verify_keeps_a_safe_next_and_drops_a_foreign_one(client, officer, device, no_throttle):
    client.get("/accounts/login/?next=/sharing/records/")
    log_in(client, "af_officer", next="/sharing/records/")
    assert client.post("/accounts/login/verify/", {"otp_token": code_for(device)})["Location"] == "/sharing/records/"
    client.post("/accounts/logout/")
    log_in(client, "af_officer", next="https://evil.example/")
    assert client.post("/accounts/login/verify/", {"otp_token": code_for(device, 1)})["Location"] == "/"


def test_verify_without_a_password_step_goes_back_to_login(client, officer, device):
    response = client.post("/accounts/login/verify/", {"otp_token": code_for(device)})
    assert response["Location"] == "/accounts/login/"
    assert not is_logged_in(client)


def test_logout_only_by_post(client, demo_user):
    log_in(client, "af_demo")
    assert client.get("/accounts/logout/").status_code == 405
    assert is_logged_in(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not is_logged_in(client)
    assert AuditEntry.objects.filter(action="logout", actor=demo_user).count() == 1


def test_audit_entries_for_login_and_failed_login(client, officer, device):
    log_in(client, "af_officer", "wrong password")
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor is None and failed.detail["username"] == "af_officer"
    log_in(client, "af_officer")
    assert not AuditEntry.objects.filter(action="login").exists()  # the password alone is not a log-in
    client.post("/accounts/login/verify/", {"otp_token": code_for(device)})
    login = AuditEntry.objects.get(action="login")
    assert login.actor == officer and login.actor_agency == "AF-CNPA"


def test_audit_entry_for_demo_login(client, demo_user):
    log_in(client, "af_demo")
    assert AuditEntry.objects.filter(action="login", actor=demo_user).count() == 1
