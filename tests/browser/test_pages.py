"""Every page gets its own assets (htmx, the style sheet) and fits a phone screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LOGIN_URL, log_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def test_login_page_loads_htmx_and_css_from_the_platform(live_server, page):
    loaded = []
    page.on("response", lambda response: "/static/" in response.url and loaded.append((response.status, response.url)))
    response = page.goto(LOGIN_URL)
    assert response.status == 200
    page.wait_for_load_state("load")

    assert any(url.endswith("/htmx.min.js") and status == 200 for status, url in loaded), loaded
    assert any(url.endswith("/hamkari.css") and status == 200 for status, url in loaded), loaded
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    sheet_rules = page.evaluate(
        "Array.from(document.styleSheets).filter(s => (s.href || '').endsWith('/hamkari.css'))"
        ".map(s => s.cssRules.length)")
    assert sheet_rules and sheet_rules[0] > 0, "the style sheet did not load"
    # Everything comes from the platform itself: no CDN, nothing refused by the content security policy.
    origins = page.evaluate("performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
    assert set(origins) <= {live_server.url}, origins
    assert page.log.bad_responses == [], page.log
    assert page.log.console_errors == [] and page.log.page_errors == [], page.log


@pytest.mark.parametrize("language", ["en", "fa-af"])
def test_home_page_has_no_horizontal_scroll_on_a_phone(live_server, new_page, af_analyst, language):
    page = new_page(**PHONE)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in_by_cookie(page.context, af_analyst, live_server.url)
    response = page.goto("/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_be_visible()

    widths = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["inner"] == 390, widths
    assert widths["scroll"] <= widths["inner"], f"the home page scrolls sideways on a phone: {widths}"
    assert not page.log.bad_responses and not page.log.console_errors and not page.log.page_errors, page.log


def test_login_page_has_no_horizontal_scroll_on_a_phone(live_server, new_page):
    page = new_page(**PHONE)
    page.goto(LOGIN_URL)
    expect(page.locator("input[name=password]")).to_be_visible()
    widths = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], f"the log-in page scrolls sideways on a phone: {widths}"
