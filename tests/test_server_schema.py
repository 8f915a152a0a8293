"""Property-based tests from the OpenAPI document (schemathesis): every endpoint, generated requests, no server error.

The app serves the fixture corpus with ingest on (so the write endpoint is exercised past its token check), in a
store of the test's own that the generated documents may fill.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from server_helpers import build_corpus

from eventwire.server.app import create_app

TOKEN = "schema-token"
EXAMPLES = 25
"""Generated requests per operation."""


@pytest.fixture(scope="module")
def app(pipeline, tmp_path_factory):
    db = build_corpus(pipeline, tmp_path_factory.mktemp("schema") / "schema.duckdb")
    return create_app(db, allow_ingest=True, token=TOKEN, pipeline=pipeline)


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_generated_request_makes_a_server_error(api_schema):
    """Each operation in turn (schemathesis's pytest plugin does not run under this pytest, so Hypothesis drives
    each operation's strategy directly)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)
        def call(case):
            headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        call()
