from django.conf import settings

from tests.accounts.conftest import log_in, wrong_code_for


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account(client, officer):
    for _ in range(4):
        assert log_in(client, "af_officer", "wrong password").status_code == 200
    fifth = log_in(client, "af_officer", "wrong password")
    assert fifth.status_code == 429
    response = log_in(client, "af_officer")  # even the right password is now refused
    body = response.content.decode()
    assert response.status_code == 429
    assert "Account locked" in body
    assert f"locked for {round(settings.AXES_COOLOFF_TIME * 60)} minutes" in body
    assert "af_officer" not in body
    assert not is_logged_in(client)
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"


def test_lock_out_does_not_reveal_whether_the_username_exists(client, officer):
    for name in ("af_officer", "no_such_user"):
        for _ in range(5):
            log_in(client, name, "wrong password")
    real, unknown = log_in(client, "af_officer"), log_in(client, "no_such_user")
    assert real.status_code == unknown.status_code == 429
    strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(real) == strip(unknown)


def test_repeated_wrong_codes_lock_the_account(client, officer, device):
    log_in(client, "af_officer")
    wrong = wrong_code_for(device)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/verify/", {"otp_token": wrong}).status_code == 200
    locked = client.post("/accounts/login/verify/", {"otp_token": wrong})
    assert locked.status_code == 429
    assert "Account locked" in locked.content.decode()
    # The half-finished log-in is gone and the password is refused until the cool-off ends.
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"
    assert log_in(client, "af_officer").status_code == 429


def test_a_new_password_step_does_not_forgive_earlier_wrong_codes(client, officer, device):
    wrong = wrong_code_for(device)
    log_in(client, "af_officer")
    for _ in range(3):
        client.post("/accounts/login/verify/", {"otp_token": wrong})
    log_in(client, "af_officer")  # the right password again
    client.post("/accounts/login/verify/", {"otp_token": wrong})
    assert client.post("/accounts/login/verify/", {"otp_token": wrong}).status_code == 429


def test_wrong_codes_count_for_an_unverified_session_too(client, officer, device):
    client.force_login(officer)
    wrong = wrong_code_for(device)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/verify/", {"otp_token": wrong})
    assert client.post("/accounts/login/verify/", {"otp_token": wrong}).status_code == 429
    assert not is_logged_in(client)
