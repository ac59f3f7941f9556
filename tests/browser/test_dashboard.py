"""The dashboard in a browser: charts drawn, a filter changed (the URL keeps it), a table view toggled, the CSV
link following the filters, and the same page right to left in Dari."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in_by_cookie, submit
from tests.insights.dashboard_world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(af_agency, pk_agency):
    return build(af_agency, pk_agency)


def test_filter_toggle_and_csv(live_server, page, world, af_analyst):
    log_in_by_cookie(page.context, af_analyst, live_server.url)
    page.goto("/insights/?date_from=2023-01-01")
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.locator("#total-cases")).to_have_text("8")
    chart = page.locator("#chart-by_country")
    # With JavaScript the chart is drawn and its table hidden behind the toggle.
    expect(chart.locator("canvas")).to_be_visible()
    expect(chart.locator(".chart-table")).to_be_hidden()

    page.locator("#id_country").select_option("PK")
    submit(page, "#dashboard-filters")
    expect(page).to_have_url(re.compile(r"[?&]country=PK(&|$)"))
    expect(page).to_have_url(re.compile(r"date_from=2023-01-01"))
    expect(page.locator("#id_country")).to_have_value("PK")
    expect(page.locator("#total-cases")).to_have_text("2")
    csv_link = page.locator("#by_substance-csv")
    expect(csv_link).to_have_attribute("href", re.compile(r"/insights/csv/by_substance/\?.*country=PK"))

    chart = page.locator("#chart-by_substance")
    toggle = chart.locator("[data-toggle-table]")
    expect(toggle).to_have_text("Table view")
    toggle.click()
    expect(chart.locator(".chart-table")).to_be_visible()
    expect(chart.locator(".chart-table")).to_contain_text("Heroin")
    expect(chart.locator("canvas")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(chart.locator("canvas")).to_be_visible()

    response = page.request.get(csv_link.get_attribute("href"))
    assert response.status == 200 and "Heroin" in response.text()
    assert not page.log.page_errors and not page.log.asset_failures(), page.log


def test_bad_filter_shows_an_error(live_server, page, world, af_analyst):
    log_in_by_cookie(page.context, af_analyst, live_server.url)
    response = page.goto("/insights/?date_from=not-a-date")
    assert response.status == 400
    expect(page.locator("#filter-errors")).to_be_visible()
    expect(page.locator(".has-error .errorlist")).to_be_visible()


def test_dari_reads_right_to_left(live_server, new_page, world, af_analyst):
    page = new_page(locale="fa-AF")
    log_in_by_cookie(page.context, af_analyst, live_server.url)
    page.goto("/insights/?date_from=2023-01-01")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#total-cases")).to_have_text("۸")  # Dari digits
    chart = page.locator("#chart-over_time")
    expect(chart.locator("canvas")).to_be_visible()
    chart.locator("[data-toggle-table]").click()
    expect(chart.locator(".chart-table")).to_be_visible()
    # The first column (months) sits on the right in a right-to-left table.
    first = chart.locator(".chart-table thead th").first.bounding_box()
    last = chart.locator(".chart-table thead th").last.bounding_box()
    assert first["x"] > last["x"]
    page.set_viewport_size({"width": 380, "height": 800})  # a phone: nothing wider than the screen
    # Charts redraw for the new width on their resize observer, a moment later: poll (the page's Content Security
    # Policy forbids wait_for_function's string evaluation).
    for _ in range(50):
        if page.evaluate("document.documentElement.scrollWidth") <= 400:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert not page.log.page_errors and not page.log.asset_failures(), page.log
