"""The OpenAPI document and its page: where they are, that they declare every route and its errors, that the
page needs nothing from outside the platform, and that every route over shareable records is in the
access-control matrix."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from hamkari.sharing.registry import all_specs

RECORD_PREFIXES = ("/api/v1/incidents", "/api/v1/seizures", "/api/v1/entities/")


def document():
    return Client().get("/api/v1/openapi.json").json()


def test_the_docs_are_at_api_docs_and_load_nothing_from_outside(client):
    for path in ("/api/docs", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/api/v1/docs"
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/v1/openapi.json" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the page loads something from outside"
    if "ninja" in settings.INSTALLED_APPS:
        for asset in re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html):
            assert finders.find(asset), asset


def test_every_route_is_documented_with_its_errors():
    doc = document()
    paths = doc["paths"]
    expected = {
        ("get", "/api/v1/incidents"), ("post", "/api/v1/incidents"), ("get", "/api/v1/incidents/{id}"),
        ("patch", "/api/v1/incidents/{id}"), ("get", "/api/v1/incidents/{id}/seizures"),
        ("get", "/api/v1/incidents/{id}/history"), ("get", "/api/v1/seizures"), ("get", "/api/v1/seizures/{id}"),
        ("post", "/api/v1/imports"), ("get", "/api/v1/imports"), ("get", "/api/v1/imports/{id}"),
        ("get", "/api/v1/imports/{id}/problems.csv"), ("get", "/api/v1/exports/{fmt}"),
        *((method, f"/api/v1/entities/{kind}{suffix}") for kind in
          ("person", "organization", "vehicle", "phone", "document", "account", "address")
          for method, suffix in (("get", ""), ("get", "/{id}"))),
    }
    assert expected <= {(method, path) for path, ops in paths.items() for method in ops}
    assert doc["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for path, ops in paths.items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert {"401", "422"} <= codes, (method, path)
            assert ("404" in codes) == ("{" in path), (method, path)
            assert op.get("security"), (method, path)
    assert "202" in paths["/api/v1/imports"]["post"]["responses"]
    assert "201" in paths["/api/v1/incidents"]["post"]["responses"]
    assert "409" in paths["/api/v1/incidents/{id}"]["patch"]["responses"]
    assert set(paths["/api/v1/exports/{fmt}"]["get"]["responses"]["200"]["content"]) == {
        "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/geo+json",
        "application/x-ndjson"}


def test_every_route_over_shareable_records_is_in_the_access_matrix():
    """A new record route must be registered (api_detail_paths / api_list_paths) so that the matrix checks it."""
    details = {p.replace("{pk}", "{id}") for spec in all_specs() for p in spec.api_detail_paths}
    lists = {p for spec in all_specs() for p in spec.api_list_paths}
    for path, ops in document()["paths"].items():
        if "get" not in ops or not path.startswith(RECORD_PREFIXES):
            continue
        assert path in (details if "{" in path else lists), f"{path} is not in the access-control matrix"
