import pytest

from tests.incidents.exports.world import build_world


@pytest.fixture
def world(db):
    return build_world()
