"""Every API response the API tests receive is checked against the published OpenAPI schema: the
documented body for its status, or the error body (`default`). A schema that drifts from what the
endpoints answer fails the test that saw the answer."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema_rs
import pytest
from django.test import Client

from zhengxie.api.router import api


@cache
def _schema() -> dict[str, Any]:
    return api.get_openapi_schema()


@cache
def _operations() -> list[tuple[re.Pattern[str], str, str]]:
    found: list[tuple[re.Pattern[str], str, str]] = []
    for template, operations in _schema()["paths"].items():
        pattern = re.compile(
            "^"
            + re.sub(r"\{[^}]+\}", "[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
            + "$"
        )
        found.extend((pattern, method.upper(), template) for method in operations)
    # A literal segment wins over a parameter (/proposals/inbox before /proposals/{proposal_id}).
    return sorted(found, key=lambda row: row[2].count("{"))


@cache
def _validator(method: str, template: str, status: int) -> Any:
    responses = _schema()["paths"][template][method.lower()]["responses"]
    response = responses.get(str(status)) or responses.get(status) or responses["default"]
    body = response.get("content", {}).get("application/json", {}).get("schema")
    if body is None:
        return None
    return jsonschema_rs.validator_for({**body, "components": _schema()["components"]})


def check_against_schema(method: str, path: str, response: Any) -> None:
    operation = next(((m, t) for pattern, m, t in _operations() if m == method and pattern.match(path)), None)
    if operation is None or not response.content:
        return
    validator = _validator(*operation, response.status_code)
    if validator is None:
        return
    instance = json.loads(response.content)
    errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, f"{method} {path} → {response.status_code} differs from the schema: {errors}"


@pytest.fixture(autouse=True)
def _responses_follow_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Client.request

    def request(self: Client, **request: Any) -> Any:
        response = original(self, **request)
        path = request.get("PATH_INFO", "")
        if path.startswith("/api/v1/") and "json" in response.get("Content-Type", ""):
            check_against_schema(request["REQUEST_METHOD"], path, response)
        return response

    monkeypatch.setattr(Client, "request", request)
