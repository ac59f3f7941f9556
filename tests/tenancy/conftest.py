import sys
import types

import pytest

from tests.factories import make_agency, make_user


@pytest.fixture
def unodc(db):
    return make_agency("UNODC", None, name="United Nations Office on Drugs and Crime", acronym="UNODC",
                       kind="international")


@pytest.fixture
def admin_user(unodc):
    return make_user("root", unodc, ["administrator"])


@pytest.fixture
def af_focal(af_agency):
    return make_user("af_focal", af_agency, ["focal_point"])


@pytest.fixture
def af_reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


@pytest.fixture
def pk_reporter(pk_agency):
    return make_user("pk_reporter", pk_agency, ["reporter"])


@pytest.fixture
def var_dir(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def fake_reset(monkeypatch):
    """Stands in for hamkari.accounts.services.reset_second_factor, written elsewhere."""
    calls = []
    module = types.ModuleType("hamkari.accounts.services")
    module.reset_second_factor = lambda *, user, by, request=None: calls.append((user, by))
    monkeypatch.setitem(sys.modules, "hamkari.accounts.services", module)
    import hamkari.accounts

    monkeypatch.setattr(hamkari.accounts, "services", module, raising=False)
    return calls


