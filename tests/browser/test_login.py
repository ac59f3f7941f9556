"""Log-in through the browser: password then second factor, and lock-out after repeated wrong passwords."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import (
    PASSWORD,
    VERIFY_PATH,
    current_totp,
    fill_login_form,
    home_status,
    submit,
    wait_until_device_accepts_tries,
    wrong_totp,
)
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LOCKED = re.compile(r"\blocked\b", re.IGNORECASE)
ERROR = ".errorlist, .errors, .error, [role=alert], .msg-error"


@pytest.fixture
def officer_with_device(af_agency):
    user = make_user("farid", af_agency, ["analyst"], is_demo=False)
    user.first_name, user.last_name = "Farid", "Ahmadi"
    user.save(update_fields=["first_name", "last_name"])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def test_password_then_totp_logs_in_and_a_wrong_code_does_not(live_server, page, officer_with_device):
    user, device = officer_with_device

    fill_login_form(page, user.username, PASSWORD)
    expect(page).to_have_url(VERIFY_PATH)
    expect(page.locator("input[name=otp_token]")).to_be_visible()
    assert home_status(page.context) != 200, "the password alone must not open the platform"

    page.locator("input[name=otp_token]").fill(wrong_totp(device))
    submit(page, "form:has(input[name=otp_token])")
    expect(page).to_have_url(VERIFY_PATH)
    expect(page.locator(ERROR).first).to_be_visible()
    assert home_status(page.context) != 200, "a wrong code must not log in"

    assert wait_until_device_accepts_tries(device), "the device stayed throttled after one wrong code"
    page.locator("input[name=otp_token]").fill(current_totp(device))
    submit(page, "form:has(input[name=otp_token])")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text("Farid Ahmadi")
    assert home_status(page.context) == 200
    assert not page.log.asset_failures() and not page.log.page_errors, page.log


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(live_server, page, af_agency):
    user = make_user("locked_out_officer", af_agency, ["analyst"])  # a demo user: the password alone would do

    for attempt in range(1, 6):
        fill_login_form(page, user.username, f"wrong password {attempt}")
        assert home_status(page.context) != 200
        if attempt < 5:  # not locked yet: the log-in page again, with an error
            expect(page.locator(ERROR).first).to_be_visible()
            expect(page.locator("h1")).not_to_contain_text(LOCKED)

    fill_login_form(page, user.username, PASSWORD)
    expect(page.locator("h1")).to_contain_text(LOCKED)
    assert home_status(page.context) != 200, "a locked-out account must not be logged in by the right password"


def test_first_log_in_without_a_device_sets_up_the_authenticator(live_server, page, af_agency):
    user = make_user("new_officer", af_agency, ["analyst"], is_demo=False)

    fill_login_form(page, user.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/otp/setup/"))
    expect(page.get_by_role("img", name=re.compile("QR", re.IGNORECASE))).to_be_visible()
    assert home_status(page.context) != 200, "the password alone must not open the platform"

    device = TOTPDevice.objects.get(user=user, confirmed=False)  # the key the QR code carries
    page.locator("input[name=otp_token]").fill(current_totp(device))
    submit(page, "form:has(input[name=otp_token])")
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|otp/setup)/"))
    device.refresh_from_db()
    assert device.confirmed
    assert home_status(page.context) == 200
    page.goto("/")
    expect(page.locator("main")).to_contain_text(user.username)
