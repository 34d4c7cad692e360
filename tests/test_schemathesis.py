"""The JSON API against its own OpenAPI document: schemathesis generates requests from
GET /api/openapi.json and sends them to the real server (waitress on a loopback port).

No server error, and every answer as described: status, content type, headers, body.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

LONG = os.environ.get("SOLSEARCH_LONG_TESTS") == "1"
EXAMPLES = 1000 if LONG else 100
# Not positive_data_acceptance: a filter value is checked against the values that exist
# (a region by code or by name, in any case, with or without accents), which no JSON schema
# can list, so a schema-valid "theme=xyz" is rightly answered 400, as documented.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


# schemathesis.pytest.from_fixture() fails under pytest 9 (it sets Function._nodeid), and
# loading the schema at import would need a server at import: the documented alternative,
# schema.as_strategy() under hypothesis's @given, is used instead.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_answers_as_its_openapi_document_says(live, mode):
    schema = schemathesis.openapi.from_url(f"{live}/api/openapi.json")

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(schema.as_strategy(generation_mode=mode))
    def call(case):
        case.call_and_validate(checks=CHECKS)

    call()
