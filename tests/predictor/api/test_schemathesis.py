"""Schemathesis against the app's own OpenAPI spec: no input gives a 5xx, no response breaks
the spec. Bounded: a few examples per operation, no deadline (a replay fits a model)."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation
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


def _fuzz(operation: APIOperation[Any, Any, Any, Any], calls: dict[str, int]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: schemathesis.Case[Any]) -> None:
        calls[operation.label] = calls.get(operation.label, 0) + 1
        case.call_and_validate(
            headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS, timeout=120
        )

    call()


def test_no_input_gives_a_server_error_or_breaks_the_spec(client: TestClient) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    calls: dict[str, int] = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        if result.ok().label not in SKIPPED:
            _fuzz(result.ok(), calls)
    assert sorted(calls) == [
        "GET /v1/health",
        "GET /v1/model",
        "GET /v1/weeks",
        "GET /v1/weeks/{wednesday}",
        "POST /v1/actuals",
        "POST /v1/predictions",
        "POST /v1/programmes",
        "POST /v1/rules/learned",
    ]
    # every operation with inputs ran its whole budget of generated cases
    assert all(count >= MAX_EXAMPLES for label, count in calls.items() if "health" not in label)
