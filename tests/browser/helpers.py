"""Steps the browser tests share: log in through the form, log in by session cookie, TOTP codes."""

import re
import time

from django.conf import settings
from playwright.sync_api import Page, expect

PASSWORD = "correct horse battery staple"  # tests.factories.make_user's default
LOGIN_URL = "/accounts/login/"
VERIFY_PATH = re.compile(r"/accounts/login/verify/")


def submit(page: Page, form_selector: str):
    """Click the submit button of the form matching `form_selector` and wait for the next page to load."""
    form = page.locator(form_selector)
    with page.expect_navigation(wait_until="load") as navigation:
        form.locator("button[type=submit], input[type=submit], button:not([type])").first.click()
    return navigation.value


def fill_login_form(page: Page, username: str, password: str):
    """Open the log-in page, type the credentials, submit; returns the response of the page it lands on."""
    page.goto(LOGIN_URL)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    return submit(page, "form:has(input[name=password])")


def log_in(page: Page, user, password: str = PASSWORD):
    """Log a demo user in through the form and check that they land logged in."""
    fill_login_form(page, user.username, password)
    expect(page).not_to_have_url(re.compile(r"/accounts/"))
    assert home_status(page.context) == 200, "the demo user is not logged in"


def log_in_by_cookie(context, user, base_url: str):
    """Give the browser context a logged-in session without going through the form (tests not about log-in).

    Only for demo users: they are fully logged in after the password, with no second factor.
    """
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])


def home_status(context) -> int:
    """Status of GET / with the context's cookies, redirects not followed: 200 only when fully logged in."""
    response = context.request.get("/", max_redirects=0)
    return response.status


def totp_codes(device, spread=3) -> set[str]:
    """The codes the device accepts now and a few steps around it (wider than its tolerance)."""
    from django_otp.oath import TOTP

    codes = set()
    for offset in range(-spread, spread + 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
        codes.add(f"{totp.token():0{device.digits}d}")
    return codes


def current_totp(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_totp(device) -> str:
    """A well-formed code that the device cannot accept now."""
    near = totp_codes(device)
    return next(code for code in ("000000", "111111", "222222", "333333", "444444") if code not in near)


def wait_until_device_accepts_tries(device, timeout=10.0):
    """django-otp throttles a device after a wrong code (1 s, doubling); wait it out as a person would."""
    deadline = time.monotonic() + timeout
    while True:
        device.refresh_from_db()
        allowed, _ = device.verify_is_allowed()
        if allowed or time.monotonic() > deadline:
            return allowed
        time.sleep(0.2)
