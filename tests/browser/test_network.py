"""The link chart in a real browser: opened from an entity page, a tap brings in neighbours (the node count
grows), the table under the chart follows; the Dari page is right-to-left and its chart draws."""

import re

import pytest
from playwright.sync_api import expect

from hamkari.entities import services
from hamkari.incidents.models import Incident
from hamkari.sharing.models import Handling
from tests.browser.helpers import log_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _world(agency):
    """A courier in one incident with a phone; the phone used in a second incident by another courier."""
    regional = Handling.REGIONAL
    phone = services.entity_for("phone", {"number": "+93 70 123 4567"}, owner_agency=agency, handling=regional)
    couriers = [services.entity_for("person", {"name": name}, owner_agency=agency, handling=regional)
                for name in ("Courier One", "Courier Two")]
    for n, courier in enumerate(couriers, start=1):
        incident = Incident.objects.create(owner_agency=agency, handling=regional, national_reference=f"REG-{n}")
        services.involvement_add(incident, "person", courier, "courier")
        services.involvement_add(incident, "phone", phone, "phone_used")
    return couriers[0], phone


def _node_count(page) -> int:
    return int(page.locator("#network").get_attribute("data-node-count"))


def _tap(page, node_id):
    """Tap a node of the chart where Cytoscape drew it (its rendered position inside the canvas)."""
    point = page.evaluate("""id => {
        const cy = document.getElementById('network').cy;
        const p = cy.getElementById(id).renderedPosition();
        const box = document.getElementById('network-canvas').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node_id)
    page.mouse.click(point["x"], point["y"])


def test_open_from_entity_page_and_expand_a_node(live_server, new_page, af_agency, af_analyst):
    courier, _phone = _world(af_agency)
    page = new_page()
    log_in_by_cookie(page.context, af_analyst, live_server.url)
    page.goto(f"/entities/person/{courier.pk}/")
    page.locator("#link-chart").click()
    expect(page).to_have_url(re.compile(r"/insights/network/\?start=person"))
    chart = page.locator("#network")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("data-node-count", re.compile(r"\d+"))
    before = _node_count(page)
    assert before >= 3  # the courier, the incident, the courier who shares the phone
    expect(page.locator("#network-edges")).to_contain_text("shares phone")

    incident_id = page.evaluate("() => document.getElementById('network').cy.nodes('[kind = \"incident\"]')[0].id()")
    _tap(page, incident_id)
    expect(page.locator("#network-status")).to_contain_text("new nodes:", timeout=15_000)
    # Wait for the communities that follow each expand: the test must not end with a request in flight.
    expect(chart).to_have_attribute("data-busy", "0")
    page.wait_for_load_state("networkidle")
    after = _node_count(page)
    assert after > before, (before, after)
    expect(page.locator("#network-nodes tbody tr")).to_have_count(after)
    expect(page.locator("#network-nodes")).to_contain_text("+93701234567")
    assert not page.log.page_errors and not page.log.asset_failures(), page.log
    assert not [e for e in page.log.console_errors if "Content Security Policy" in e], page.log


def test_dari_link_chart_is_rtl_and_draws(live_server, new_page, af_agency, af_analyst):
    courier, _phone = _world(af_agency)
    page = new_page(locale="fa-AF")
    log_in_by_cookie(page.context, af_analyst, live_server.url)
    page.context.add_cookies([{"name": "django_language", "value": "fa-af", "url": live_server.url}])
    response = page.goto(f"/insights/network/?start=person:{courier.pk}")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#network")).to_be_visible()
    expect(page.locator("#network canvas").first).to_be_visible()
    assert _node_count(page) >= 3
    page.wait_for_load_state("networkidle")
    assert not page.log.page_errors and not page.log.asset_failures(), page.log

