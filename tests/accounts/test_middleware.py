from django.conf import settings

from tests.accounts.conftest import code_for


def test_unverified_session_is_sent_to_verify(client, officer, device):
    client.force_login(officer)  # e.g. through the admin's password-only log-in page
    response = client.get("/sharing/records/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/verify/?next=%2Fsharing%2Frecords%2F"
    assert client.get("/accounts/profile/").status_code == 302
    assert client.get("/django-admin/").status_code == 302


def test_unverified_session_without_device_is_sent_to_setup(client, officer):
    client.force_login(officer)
    assert client.get("/")["Location"].startswith("/accounts/otp/setup/")
    assert client.get("/accounts/otp/setup/").status_code == 200


def test_unverified_api_request_gets_401_json(client, officer, device):
    client.force_login(officer)
    response = client.get("/api/v1/records/specimen")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "second factor" in response.json()["detail"]


def test_open_paths_stay_open(client, officer, device):
    client.force_login(officer)
    assert client.get("/health").status_code == 200
    assert client.get("/accounts/login/verify/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "ru", "next": "/accounts/login/verify/"}).status_code == 302


def test_verifying_an_unverified_session_opens_everything(client, officer, device):
    client.force_login(officer)
    response = client.post("/accounts/login/verify/?next=/sharing/records/", {"otp_token": code_for(device)})
    assert response["Location"] == "/sharing/records/"
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/records/specimen").status_code != 401


def test_demo_accounts_are_not_held(client, demo_user):
    client.force_login(demo_user)
    assert client.get("/").status_code == 200


def test_security_headers_and_cookies(client, demo_user):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    response = client.post("/accounts/login/", {"username": "af_demo", "password": "correct horse battery staple"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 4 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
