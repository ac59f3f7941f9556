"""Schemathesis against the OpenAPI document (issue 3): for every operation, generated requests, valid and
invalid, must never get a 5xx, and every answer must match the document (its status code is declared and its
body fits the declared schema).

The schema is loaded from the running application (WSGI, in-process, on the test database) and the requests
carry the write token of an Afghan analyst whose agency holds a few incidents, with seizure lines, a person and
a phone, next to a Pakistani incident the analyst may not see, and an import with a problem report.
Generation is derandomized, so a run is repeatable in CI, and small enough to stay around a minute.
"""

import pytest
import schemathesis
from hypothesis import strategies as st
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.api.conftest import report, token_for
from tests.api.test_files import IDS_CSV
from tests.factories import make_agency, make_user

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
MAX_EXAMPLES = 15

# Repeatable and small: derandomized, no example database, and no "coverage" phase (it tries every boundary
# of every field, hundreds of requests per operation); the fuzzing phase, valid and invalid data, stays on.
CONFIG = SchemathesisConfig.from_str(f"""
[generation]
deterministic = true
database = "none"
max-examples = {MAX_EXAMPLES}

[phases.coverage]
enabled = false
""")

# Loaded at collection, through the application itself: the document needs no database. (The lazy
# `schemathesis.pytest.from_fixture` loader does not work with pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


# Ids of the world's records by the path that reads them (filled by the `world` fixture). Random ids would
# almost always be missing ones: half of the generated requests use a real id instead (one of them invisible
# to the caller), so the answers for real records are checked against the document too.
KNOWN_IDS: dict[str, list[int]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    path = context.operation.path
    if "id" in path_parameters:
        ids = next((v for prefix, v in KNOWN_IDS.items() if path.startswith(prefix + "/{id}")), [])
        choices = [{**path_parameters, "id": pk} for pk in ids]
    elif "slug" in path_parameters:
        choices = [{**path_parameters, "slug": slug, **({"pk": pk} if "pk" in path_parameters else {})}
                   for slug, prefix in (("incidents", "/api/v1/incidents"), ("seizures", "/api/v1/seizures"),
                                        ("persons", "/api/v1/entities/person"))
                   for pk in KNOWN_IDS.get(prefix, [])]
    else:
        choices = []
    return st.one_of(st.just(path_parameters), st.sampled_from(choices)) if choices else st.just(path_parameters)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for every operation's test and rolled back at the end (each test's own writes, such as
    incidents that generated POSTs create, are rolled back after it as usual)."""
    from hamkari.incidents.importing import services as importing

    with django_db_blocker.unblock(), transaction.atomic():
        af, pk = make_agency("AF-CNPA", "AF"), make_agency("PK-ANF", "PK")
        analyst = make_user("af_analyst", af, ["analyst"])
        report(af, reference="AF-1", involvements=[
            {"kind": "person", "role": "suspect", "data": {"name": "Ahmad Khan", "aliases": ["Ahmad Khaan"]}},
            {"kind": "phone", "role": "phone_used", "data": {"number": "+93 70 123 4567"}}])
        report(af, reference="AF-2", handling="regional", seizures=[("opium", "300", "kg")])
        report(pk, reference="PK-1", country="PK")
        batch = importing.create_batch(user=analyst, agency=af, source=SimpleUploadedFile("s.csv", IDS_CSV),
                                       filename="s.csv", fmt="ids", handling="national")
        importing.run_batch(batch)
        from hamkari.entities import models as entities
        from hamkari.incidents.models import Incident, Seizure

        KNOWN_IDS.update({"/api/v1/incidents": list(Incident.objects.values_list("pk", flat=True)),
                          "/api/v1/seizures": list(Seizure.objects.values_list("pk", flat=True)),
                          "/api/v1/imports": [batch.pk]})
        for kind, model in entities.ENTITY_FIELDS.items():
            KNOWN_IDS[f"/api/v1/entities/{kind}"] = list(model.objects.values_list("pk", flat=True))
        try:
            yield {"token": token_for(analyst, "write")}
        finally:
            KNOWN_IDS.clear()
            transaction.set_rollback(True)


@pytest.fixture
def keep_connection():
    """Django closes the database connection when a request ends; its test client switches that off, and so
    must this test, whose requests go through the WSGI application: on PostgreSQL closing it would end the
    test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_connection")
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case, world):
    case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS)
