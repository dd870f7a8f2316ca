"""Schemathesis against the app's own OpenAPI spec: no input gives a 5xx, no response breaks
the spec. Bounded: a few examples per operation, no deadline (a replay fits a model)."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.predictor.api.conftest import TOKEN

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SKIPPED = {"POST /v1/model/reload"}
"""Reloading loads the model again (seconds a call); tests/predictor/api/test_routes.py has it."""


def test_no_input_gives_a_server_error_or_breaks_the_spec(client: TestClient) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    tested = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        if operation.label in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def call(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS, timeout=120
            )

        call()
        tested.append(operation.label)
    assert sorted(tested) == [
        "GET /v1/health",
        "GET /v1/model",
        "GET /v1/weeks",
        "GET /v1/weeks/{wednesday}",
        "POST /v1/predictions",
        "POST /v1/programmes",
    ]
