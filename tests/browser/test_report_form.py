"""The report form in a real browser: one seizure line, one person added inline with htmx, submit, the detail
page. In English on a desktop, and in Dari (right to left, Persian digits) on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from hamkari.entities.models import Person
from hamkari.incidents.models import Incident
from tests.browser.helpers import log_in_by_cookie
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


def fill_and_submit(page, *, day, amount, name):
    page.goto("/incidents/new/")
    page.locator("#id_occurred_on").fill(day)
    page.locator("#id_admin1").fill("Nangarhar")
    page.locator("#id_seizure-0-substance").select_option("heroin")
    page.locator("#id_seizure-0-amount").fill(amount)
    page.locator("#id_seizure-0-unit").select_option("kg")

    # "Add a person" fetches one more sub-form with htmx: no page load, and the formset's total follows.
    page.evaluate("window.reportFormMarker = 'still here'")
    with page.expect_response(re.compile(r"/incidents/new/row/person/\?person-TOTAL_FORMS=1")):
        page.locator("#add-person").click()
    expect(page.locator("#id_person-1-name")).to_be_visible()
    expect(page.locator("#id_person-TOTAL_FORMS")).to_have_value("2")
    assert page.evaluate("window.reportFormMarker") == "still here", "the add button reloaded the page"
    page.locator("#id_person-1-name").fill(name)
    page.locator("#id_person-1-role").select_option("courier")

    with page.expect_navigation(wait_until="load"):
        page.locator("#submit-report").click()


def test_report_with_a_seizure_and_a_person_added_inline(live_server, page, reporter):
    log_in_by_cookie(page.context, reporter, live_server.url)
    fill_and_submit(page, day="15/03/2024", amount="12.5", name="Gul Mohammad")

    incident = Incident.objects.get()
    expect(page).to_have_url(re.compile(rf"/incidents/{incident.pk}/$"))
    expect(page.locator("#seizure-table")).to_contain_text("Heroin")
    expect(page.locator("#seizure-table")).to_contain_text("12.5")
    person = Person.objects.get()
    expect(page.locator("#involvements")).to_contain_text("Gul Mohammad")
    expect(page.locator(f'#involvements a[href="/entities/person/{person.pk}/"]')).to_be_visible()
    assert incident.occurred_on.isoformat() == "2024-03-15" and incident.seizures.get().substance == "heroin"
    assert not page.log.page_errors and not page.log.console_errors and not page.log.asset_failures(), page.log


def test_report_in_dari_on_a_phone(live_server, new_page, reporter):
    page = new_page(locale="fa-AF", viewport=PHONE)
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto("/incidents/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "form wider than a phone"

    # Persian digits and the Arabic decimal separator, as a Dari keyboard types them.
    fill_and_submit(page, day="۱۵/۰۳/۲۰۲۴", amount="۱۲٫۵", name="گل محمد")

    incident = Incident.objects.get()
    expect(page).to_have_url(re.compile(rf"/incidents/{incident.pk}/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#involvements")).to_contain_text("گل محمد")
    assert str(incident.seizures.get().amount_kg) == "12.5000"
    assert incident.occurred_on.isoformat() == "2024-03-15"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "page wider than a phone"
    assert not page.log.page_errors and not page.log.console_errors and not page.log.asset_failures(), page.log
