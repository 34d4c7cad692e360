"""The OpenAPI description is valid 3.1 and real responses match it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

QUERIES = [
    ("/api/search", "get", "200", {"q": "garage solidaire"}),
    ("/api/search", "get", "200", {"q": "", "region": "Bretagne", "per_page": "50"}),
    ("/api/search", "get", "200", {"q": "teatre"}),
    ("/api/search", "get", "200", {"q": "zzzz"}),
    ("/api/search", "get", "400", {"page": "0"}),
    ("/api/solutions/{id}", "get", "200", "chacasol"),
    ("/api/solutions/{id}", "get", "404", "nope"),
    ("/api/suggest", "get", "200", {"q": "recy"}),
    ("/api/suggest", "get", "200", {"q": ""}),
]


@pytest.fixture(scope="module")
def document(app):
    return app.test_client().get("/api/openapi.json").get_json()


def test_document_is_valid_openapi_31(document):
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/search",
        "/api/solutions/{id}",
        "/api/suggest",
        "/api/openapi.json",
    }


@pytest.mark.parametrize(("path", "method", "status", "params"), QUERIES)
def test_real_responses_match_the_description(client, document, path, method, status, params):
    if isinstance(params, str):
        response = client.get(path.replace("{id}", params))
    else:
        response = client.get(path, query_string=params)
    assert str(response.status_code) == status
    spec = document["paths"][path][method]["responses"][status]
    schema = dict(spec["content"]["application/json"]["schema"])
    schema["components"] = document["components"]
    errors = list(Draft202012Validator(schema).iter_errors(response.get_json()))
    assert errors == []
