"""URL guessing: another country's national record answers 404, exactly like a record that does not exist."""

import pytest
from playwright.sync_api import expect

from hamkari.sharing.models import Handling
from tests.browser.helpers import log_in_by_cookie
from tests.specimens.models import Specimen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Heroin seizure at Torkham crossing"


def test_national_record_of_another_country_is_404_by_url(live_server, new_page, pk_agency, af_analyst, pk_analyst):
    record = Specimen.objects.create(owner_agency=pk_agency, handling=Handling.NATIONAL, title=TITLE,
                                     body="Reported by the Anti-Narcotics Force.")
    missing_pk = Specimen.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000

    afghan = new_page()
    log_in_by_cookie(afghan.context, af_analyst, live_server.url)
    hidden = afghan.goto(f"/sharing/records/specimens/{record.pk}/")
    assert hidden.status == 404
    hidden_body = afghan.locator("body").inner_text()
    assert TITLE not in afghan.content() and "Anti-Narcotics" not in afghan.content()

    missing = afghan.goto(f"/sharing/records/specimens/{missing_pk}/")
    assert missing.status == 404
    assert afghan.locator("body").inner_text() == hidden_body, "a hidden record must look exactly like none"

    pakistani = new_page()
    log_in_by_cookie(pakistani.context, pk_analyst, live_server.url)
    shown = pakistani.goto(f"/sharing/records/specimens/{record.pk}/")
    assert shown.status == 200
    expect(pakistani.locator("h1")).to_have_text(TITLE)
