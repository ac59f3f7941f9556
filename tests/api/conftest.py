"""A small world for the API tests: officers of Afghanistan and Pakistan, their tokens, a few incidents made
through the same service the form, the importer and the API use."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hamkari.accounts import tokens
from hamkari.incidents import services
from tests.factories import make_agency, make_user

API = "/api/v1"


def bearer_client(token: str) -> Client:
    """A client that sends the token on every request, and no session cookie."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def token_for(user, scope="write", **kwargs) -> str:
    return tokens.create_token(user=user, name=f"test {scope}", scope=scope, **kwargs)[1]


@pytest.fixture
def af_reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


@pytest.fixture
def af_focal(af_agency):
    return make_user("af_focal", af_agency, ["focal_point"])


@pytest.fixture
def af_customs(db):
    return make_agency("AF-CUSTOMS", "AF", name="Afghan Customs")


@pytest.fixture
def af_customs_analyst(af_customs):
    return make_user("af_customs_analyst", af_customs, ["analyst"])


@pytest.fixture
def af_api(af_analyst):
    """The Afghan analyst's write token, as a client."""
    return bearer_client(token_for(af_analyst, "write"))


@pytest.fixture
def pk_api(pk_analyst):
    return bearer_client(token_for(pk_analyst, "write"))


def report(agency, *, handling="national", reference="AF-2024-001", occurred_on=date(2024, 3, 14), country="AF",
           seizures=(("heroin", "12.5", "kg"),), involvements=(), **data):
    """An incident made by the system (by=None) through the incident service."""
    return services.incident_create(
        by=None, agency=agency, handling=handling,
        data={"national_reference": reference, "occurred_on": occurred_on, "country_id": country, **data},
        seizures=[{"substance": s, "amount": Decimal(a), "unit": u} for s, a, u in seizures],
        transits=[], involvements=list(involvements))


@pytest.fixture
def af_incidents(af_agency):
    """Three Afghan incidents: national heroin, national opium (older), regional methamphetamine."""
    return [
        report(af_agency, reference="AF-HER-1", occurred_on=date(2024, 3, 14),
               involvements=[{"kind": "person", "role": "suspect",
                              "data": {"name": "Ahmad Khan", "nationality_id": "AF", "aliases": ["Ahmad Khaan"]}}]),
        report(af_agency, reference="AF-OPI-2", occurred_on=date(2023, 1, 2), seizures=[("opium", "300", "kg")]),
        report(af_agency, reference="AF-MET-3", occurred_on=date(2024, 6, 1), handling="regional",
               seizures=[("methamphetamine", "4", "kg"), ("heroin", "1", "kg")]),
    ]


@pytest.fixture
def pk_incident(pk_agency):
    return report(pk_agency, reference="PK-HASH-1", country="PK", occurred_on=date(2024, 2, 2),
                  seizures=[("cannabis_resin", "800", "kg")])
