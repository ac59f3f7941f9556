"""A fixture other test packages may import (`from tests.places.fixtures import gazetteer  # noqa: F401`).

The data migration loads the gazetteer into every test database, so ordinary tests need nothing. A
transactional test (`django_db(transaction=True)`) ends by emptying every table, and the gazetteer is too big
to ride along in `serialized_rollback` (tens of thousands of rows, restored one by one before every test), so a
transactional test that needs places asks for this fixture: it reloads them when they are missing (a few
seconds), and does nothing otherwise.
"""

import pytest

from hamkari.places.loader import ensure_loaded
from hamkari.places.models import Place, PlaceName


@pytest.fixture
def gazetteer(db):
    ensure_loaded(Place, PlaceName)
