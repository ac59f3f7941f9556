import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user

PASSWORD = "correct horse battery staple"


def code_for(device, offset=0) -> str:
    """The code the authenticator app shows now (offset in steps)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def wrong_code_for(device) -> str:
    right = {code_for(device, o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def log_in(client, username, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


@pytest.fixture
def officer(af_agency):
    """A real (non-demo) account."""
    return make_user("af_officer", af_agency, ["analyst"], is_demo=False)


@pytest.fixture
def demo_user(af_agency):
    return make_user("af_demo", af_agency, ["analyst"], is_demo=True)


@pytest.fixture
def device(officer):
    return TOTPDevice.objects.create(user=officer, name="default", confirmed=True)


@pytest.fixture
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
