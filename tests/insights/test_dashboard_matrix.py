"""The dashboard in the access-control matrix (DESIGN.md rules 1 and 2): for every viewer of the matrix (every
agency position, every role, an inactive user, a user without an agency, an anonymous visitor), the figures of
the dashboard, of its page and of its CSV downloads count exactly the records the matrix's oracle says the
viewer may see, and nothing for those who may see nothing.

The world: one incident per (owner, handling code) of the matrix, each with one seizure line of a distinct power
of two kilograms, so a kilogram total names exactly the set of records counted. The viewers, their agencies,
the sharing group and the oracle are the matrix's own (tests/sharing/test_access_matrix.py), imported, not
copied.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from hamkari.incidents.models import Incident, Seizure
from hamkari.insights.selectors import dashboard_data
from hamkari.sharing.models import SharingGroup
from hamkari.tenancy.roles import Perm
from tests.factories import make_agency, make_user
from tests.sharing.test_access_matrix import (AGENCIES, GROUP_AGENCIES, GROUP_COUNTRIES, HANDLINGS, OWNERS, VIEWERS,
                                              logged_out, oracle_visible, perms_of)
from tests.sharing.world import REMEMBERING_BACKEND, logged_in_client, many_requests

CASES = [(owner, handling) for owner in OWNERS for handling in HANDLINGS]
KG = {case: Decimal(2 ** i) for i, case in enumerate(CASES)}
DAY = date(2024, 5, 10)
QUERY = {"date_from": "2024-01-01"}

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        self.agencies = {code: make_agency(code, country, kind="international" if country is None else "police")
                         for code, (country, _active) in AGENCIES.items()}
        for code, (_country, active) in AGENCIES.items():
            if not active:
                self.agencies[code].is_active = False
                self.agencies[code].save()
        for owner, handling in CASES:
            agency = self.agencies[owner]
            group = None
            if handling == "restricted":
                group = SharingGroup.objects.create(name=f"Dashboard group of {owner}", owner_agency=agency)
                group.countries.set(GROUP_COUNTRIES)
                group.agencies.set([self.agencies[c] for c in GROUP_AGENCIES])
            incident = Incident.objects.create(
                owner_agency=agency, handling=handling, sharing_group=group, occurred_on=DAY,
                country_id=agency.country_id or "TJ", national_reference=f"Dash {owner} {handling}")
            Seizure.objects.create(incident=incident, owner_agency=agency, handling=handling, sharing_group=group,
                                   substance="heroin", substance_group="opiates", amount=KG[(owner, handling)],
                                   unit="kg", amount_kg=KG[(owner, handling)])
        self.users, self.clients = {}, {}
        for viewer in VIEWERS:
            if viewer.anonymous:
                self.users[viewer.key] = AnonymousUser()
                continue
            user = make_user(f"d-{viewer.key}".lower()[:150], self.agencies.get(viewer.agency), [viewer.role.value])
            if not viewer.active:
                user.is_active = False
                user.save()
            self.users[viewer.key] = user

    @staticmethod
    def expected_kg(viewer) -> Decimal:
        return sum((KG[(owner, handling)] for owner, handling in CASES
                    if oracle_visible(personal=Incident.PERSONAL_DATA, owner=owner, handling=handling, viewer=viewer)),
                   Decimal(0))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), many_requests():
        try:
            yield World()
        finally:
            transaction.set_rollback(True)


def describe(kg: Decimal) -> str:
    return ", ".join(f"{o} {h}" for (o, h), v in KG.items() if int(kg) & int(v)) or "nothing"


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.key)
def test_dashboard_counts_what_the_viewer_may_see(world, viewer):
    expected = world.expected_kg(viewer)
    data = dashboard_data(world.users[viewer.key], QUERY)
    assert data.total_kg == expected, f"counts {describe(data.total_kg)}; may see {describe(expected)}"
    assert data.total_cases == bin(int(expected)).count("1")
    assert sum(r.kg for r in data.by_country) == expected
    assert sum(r.kg for r in data.over_time) == expected


def may_aggregate(viewer) -> bool:
    return Perm.STATS_AGGREGATE in perms_of(viewer)


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.key)
def test_dashboard_page_and_csv(world, viewer):
    from django.test import Client

    client = Client() if viewer.anonymous else logged_in_client(world.users[viewer.key], REMEMBERING_BACKEND)
    page = client.get("/insights/", QUERY)
    download = client.get("/insights/csv/by_substance/", QUERY)
    if logged_out(viewer):
        assert page.status_code == 302 and download.status_code == 302
        return
    if not may_aggregate(viewer):
        assert page.status_code == 403 and download.status_code == 403
        return
    expected = world.expected_kg(viewer)
    assert page.status_code == 200
    assert page.context["data"].total_kg == expected
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))[1:]
    assert sum((Decimal(r[2]) for r in rows), Decimal(0)) == expected
    for (owner, handling), kg in KG.items():
        if not int(expected) & int(kg):
            assert f"Dash {owner} {handling}".encode() not in page.content
