"""One error body for every API error ({"code", "message", "fields"}) and the status a client can
act on: 401 for any bad token (also on a POST), 409 for a lost race, 415 for an unreadable body,
422 naming each invalid field in Chinese, JSON even for an address or a failure nobody planned."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client

from tests.api.helpers import bearer
from tests.personas import PASSWORD, Personas
from zhengxie.accounts.tokens import api_token_create
from zhengxie.lib.errors import Conflict

TOKEN_URL = "/api/v1/auth/token"


def _shape(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == code
    assert body["message"] and not body["message"].isascii()  # Chinese, for people
    return body


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_a_bad_bearer_token_is_401_whatever_the_method(client: Client, p: Personas, method: str) -> None:
    headers = {"Authorization": "Bearer not-a-real-token"}
    url = {"get": "/api/v1/me", "post": "/api/v1/proposals/", "delete": "/api/v1/auth/tokens/1"}[method]
    response = getattr(client, method)(url, content_type="application/json", headers=headers)
    _shape(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_session_post_without_csrf_token_is_403_csrf_failed(p: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(p.member_wang)
    response = client.post("/api/v1/proposals/", {}, content_type="application/json")
    _shape(response, 403, "csrf_failed")


def test_a_lost_race_is_409_conflict(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    token, _ = api_token_create(user=p.member_wang, name="另一个")
    with mock.patch("zhengxie.api.core.api_token_revoke", side_effect=Conflict()):
        response = client.delete(f"/api/v1/auth/tokens/{token.pk}", headers=headers)
    body = _shape(response, 409, "conflict")
    assert body["message"] == "此事项已被他人处理，请刷新"


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=xx"],
)
def test_a_malformed_content_type_on_the_token_endpoint_is_a_client_error(
    client: Client, p: Personas, content_type: str
) -> None:
    response = client.post(TOKEN_URL, '{"username": "wang", "password": "x"}', content_type=content_type)
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"code", "message", "fields"}


def test_a_malformed_content_type_on_an_upload_is_415(client: Client, p: Personas) -> None:
    response = client.post(
        "/api/v1/duty/reports/upload",
        b"--xx\r\nbroken",
        content_type="multipart/form-data",
        headers=bearer(p.member_wang),
    )
    _shape(response, 415, "unsupported_media_type")


def test_invalid_input_names_each_field_in_chinese(client: Client, p: Personas) -> None:
    response = client.post(
        "/api/v1/proposals/",
        {"title": "x" * 201},
        content_type="application/json",
        headers=bearer(p.member_wang),
    )
    body = _shape(response, 422, "invalid")
    assert body["fields"] == {"committee": "缺少字段", "title": "不能超过200个字符"}
    assert body["message"] == "输入有误：缺少字段：committee；title：不能超过200个字符"


def test_invalid_query_parameter_is_named_without_its_location(client: Client, p: Personas) -> None:
    response = client.get("/api/v1/org/members", {"committee": "x"}, headers=bearer(p.proposal_staff))
    assert _shape(response, 422, "invalid")["fields"] == {"committee": "应为整数"}


def test_malformed_json_is_400(client: Client, p: Personas) -> None:
    response = client.post(TOKEN_URL, "{not json", content_type="application/json")
    _shape(response, 400, "bad_request")


def test_lockout_is_429(client: Client, p: Personas) -> None:
    for _ in range(5):
        client.post(TOKEN_URL, {"username": "wang", "password": "wrong"}, content_type="application/json")
    response = client.post(
        TOKEN_URL, {"username": "wang", "password": PASSWORD}, content_type="application/json"
    )
    _shape(response, 429, "locked_out")
    assert response["Retry-After"]


def test_unknown_api_address_is_a_json_404(client: Client, db: Any) -> None:
    _shape(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_an_unplanned_failure_is_a_json_500(p: Personas) -> None:
    client = Client(raise_request_exception=False)
    with mock.patch("zhengxie.api.core.assignments", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/me", headers=bearer(p.member_wang))
    body = _shape(response, 500, "server_error")
    assert "boom" not in body["message"]


def test_a_number_past_the_databases_range_is_a_client_error(client: Client, p: Personas) -> None:
    # SQLite cannot bind it (422); PostgreSQL compares it and finds no such committee (400).
    response = client.post(
        "/api/v1/opinions/items",
        {"committee": 10**30, "title": "标题", "body": "内容"},
        content_type="application/json",
        headers=bearer(p.member_wang),
    )
    expected = (422, "invalid") if response.status_code == 422 else (400, "refused")
    _shape(response, *expected)
