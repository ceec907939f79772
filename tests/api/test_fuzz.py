"""Schemathesis over the whole API (CI runs it in `make test`, on SQLite and on PostgreSQL alike):
every operation of the published schema gets generated input, valid and invalid, sent as a
member with a token; no answer may be a 5xx or differ from the schema, error bodies included
(every operation documents the error body as its `default` response).

Bounded and derandomised so that CI is quick and repeatable; set ZHENGXIE_FUZZ_EXAMPLES higher
for a deeper local run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.wsgi import application

# Valid input finds the crashes (8 found an id past SQLite's integer range); invalid input mostly
# checks the 422 body, which needs fewer examples.
EXAMPLES = int(os.environ.get("ZHENGXIE_FUZZ_EXAMPLES", "8"))
NEGATIVE_EXAMPLES = max(EXAMPLES // 2, 1)
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def _connection_kept_across_requests() -> Iterator[None]:
    """The WSGI client sends request_started/finished, whose close_old_connections would close the
    test's connection (it is inside the test's transaction); Django's own test client unhooks it the
    same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept_across_requests")
def test_every_operation_answers_generated_input_without_5xx_and_per_schema(p: Personas) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema fails right here
        operations += 1
        # A fresh token per operation: revoking tokens is one of the operations.
        headers = bearer(p.member_wang)
        for mode, examples in (
            (GenerationMode.POSITIVE, EXAMPLES),
            (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ):

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(mode))
            def answers_per_schema(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)  # noqa: B023 (run right here)

            try:
                answers_per_schema()
            except Exception as exc:  # collect every operation's failure, not only the first
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert operations >= 50
    assert not failures, "\n\n".join(failures)
