"""The language switcher in the top bar: Dari turns the page right-to-left, English turns it back."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import home_status, log_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def switch_language(page, code):
    page.locator("#lang-select").select_option(code)
    return submit(page, "form.langform")


def test_switching_to_dari_makes_the_page_rtl_and_back(live_server, page, af_analyst):
    log_in(page, af_analyst)
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")

    switch_language(page, "fa-af")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "fa-af")
    expect(page.locator("#lang-select")).to_have_value("fa-af")
    assert home_status(page.context) == 200, "switching the language must not log out"

    switch_language(page, "en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    assert not page.log.asset_failures() and not page.log.page_errors, page.log
