"""The published OpenAPI schema describes every operation's own models: no two schema classes
share a name (ninja keys components by class name, so a second `ReportOut` silently replaced the
first and clients were told the wrong fields), and each component has its model's fields."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict
from typing import Any

from django.test import Client
from ninja import Schema

import zhengxie.api
from tests.api.conftest import check_against_schema
from zhengxie.api.router import api


def _schema_classes() -> dict[str, set[type[Schema]]]:
    by_name: dict[str, set[type[Schema]]] = defaultdict(set)
    for module_info in pkgutil.iter_modules(zhengxie.api.__path__):
        module = importlib.import_module(f"zhengxie.api.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__.startswith("zhengxie."):
                by_name[cls.__name__].add(cls)
    return by_name


def test_no_two_schema_classes_share_a_name() -> None:
    classes = _schema_classes()
    assert len(classes) > 50
    duplicates = {
        name: sorted(c.__module__ for c in found) for name, found in classes.items() if len(found) > 1
    }
    assert duplicates == {}


def test_each_component_has_the_fields_of_its_own_model() -> None:
    components = api.get_openapi_schema()["components"]["schemas"]
    checked = 0
    for name, found in _schema_classes().items():
        if name not in components:
            continue  # query and form parameters are spread into parameters, not components
        for cls in found:
            assert set(components[name].get("properties", {})) == set(cls.model_fields), name
            checked += 1
    assert checked > 40


def test_every_operation_documents_the_error_body() -> None:
    schema = api.get_openapi_schema()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message", "fields"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"]["default"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }, f"{method} {path}"
    assert "409" in schema["info"]["description"] and "Retry-After" in schema["info"]["description"]


class _Answer:
    def __init__(self, status: int, body: bytes) -> None:
        self.status_code, self.content = status, body


def test_the_schema_check_sees_a_response_that_differs(client: Client, db: Any) -> None:
    """Guard: the check that every API test runs can fail."""
    try:
        check_against_schema("GET", "/api/v1/me", _Answer(200, b'{"username": 3}'))
    except AssertionError as exc:
        assert "differs from the schema" in str(exc)
    else:
        raise AssertionError("a wrong /me body passed the schema check")
    check_against_schema(
        "GET", "/api/v1/me", _Answer(401, b'{"code": "unauthenticated", "message": "x", "fields": {}}')
    )
