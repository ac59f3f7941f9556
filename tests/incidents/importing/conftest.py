"""Fixtures of the import tests: uploads go to a temporary VAR_DIR, and officers who may import."""

import pytest

from tests.factories import make_agency, make_user


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """Each test keeps its uploads in its own VAR_DIR, never in the checkout's var/."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def af_reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


@pytest.fixture
def pk_reporter(pk_agency):
    return make_user("pk_reporter", pk_agency, ["reporter"])


@pytest.fixture
def af_trainer(af_agency):
    return make_user("af_trainer", af_agency, ["trainer"])


@pytest.fixture
def de_agency(db):
    return make_agency("DE-BKA", "DE", name="Bundeskriminalamt", acronym="BKA")
