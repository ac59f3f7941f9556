"""Personas and helpers shared by every test (healthchecks-style: officers of two countries, a regional
analyst, a programme officer, ...). Built with the same services the platform uses."""

import pytest

from tests.factories import make_agency, make_user


@pytest.fixture
def af_agency(db):
    return make_agency("AF-CNPA", "AF", name="Counter Narcotics Police of Afghanistan", acronym="CNPA")


@pytest.fixture
def pk_agency(db):
    return make_agency("PK-ANF", "PK", name="Anti-Narcotics Force", acronym="ANF")


@pytest.fixture
def caricc(db):
    return make_agency("CARICC", None, name="Central Asian Regional Information and Coordination Centre",
                       acronym="CARICC", kind="international")


@pytest.fixture
def af_analyst(af_agency):
    return make_user("af_analyst", af_agency, ["analyst"])


@pytest.fixture
def pk_analyst(pk_agency):
    return make_user("pk_analyst", pk_agency, ["analyst"])


@pytest.fixture(autouse=True)
def _reset_language():
    """A test that switches the interface language must not change the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _var_dir(tmp_path_factory, settings):
    """Files a test writes (imports, demo log-ins) go to a temporary folder, never the checkout's var/."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")
