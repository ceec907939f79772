from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from zhengxie.accounts.models import ApiToken, User
from zhengxie.audit.models import AuditEvent
from zhengxie.org.models import Member, Person

TOKEN = "/api/v1/auth/token"


def _token(client: Client, username: str, **extra) -> str:
    response = client.post(
        TOKEN, {"username": username, "password": PASSWORD, **extra}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_schema_and_docs_use_local_assets_only(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"] and "/api/v1/org/members" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"#]+)"', docs)
    assert assets and all(a.startswith("/static/") for a in assets), assets


def test_token_login_then_me_with_roles_by_committee(client, p):
    token = _token(client, "clerk")
    me = client.get("/api/v1/me", **_bearer(token)).json()
    assert me["username"] == "clerk"
    [entry] = me["committees"]
    assert entry["committee"]["name"] == "测试市政协"
    assert entry["roles"] == [
        {"code": "unit_clerk", "label": "承办单位经办人", "handling_unit": "市住房和城乡建设局"}
    ]
    assert AuditEvent.objects.filter(action="auth.token_login", actor=p.unit_clerk).exists()
    stored = ApiToken.objects.get(user=p.unit_clerk)
    assert token not in (stored.digest, stored.prefix) and token.startswith(stored.prefix)


def test_wrong_password_gets_401_and_is_audited(client, p):
    response = client.post(TOKEN, {"username": "wang", "password": "x"}, content_type="application/json")
    assert response.status_code == 401 and response.json()["detail"] == "用户名/手机号或密码不正确"
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_name="wang", success=False).exists()


def test_missing_field_gets_422(client, p):
    assert client.post(TOKEN, {"username": "wang"}, content_type="application/json").status_code == 422


def test_two_factor_users_need_the_code(client, p):
    device = TOTPDevice.objects.create(user=p.leader, name="phone", confirmed=True)
    response = client.post(
        TOKEN, {"username": "leader", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 401 and "otp_code" in response.json()["detail"]
    _token(client, "leader", otp_code=f"{totp(device.bin_key):06d}")


def test_initial_password_must_be_changed_first(client, p):
    User.objects.filter(pk=p.member_wang.pk).update(must_change_password=True)
    response = client.post(TOKEN, {"username": "wang", "password": PASSWORD}, content_type="application/json")
    assert response.status_code == 403


def test_tokens_are_listed_and_revoked_by_their_owner_only(client, p):
    token = _token(client, "wang")
    other = _token(client, "leader")
    mine = client.get("/api/v1/auth/tokens", **_bearer(token)).json()
    assert len(mine) == 1
    other_id = ApiToken.objects.get(user=p.leader).pk
    assert client.delete(f"/api/v1/auth/tokens/{other_id}", **_bearer(token)).status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{mine[0]['id']}", **_bearer(token)).status_code == 204
    assert client.get("/api/v1/me", **_bearer(token)).status_code == 401
    assert client.get("/api/v1/me", **_bearer(other)).status_code == 200


def test_no_credentials_get_401(client, p):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer zx_nonsense").status_code == 401


def test_session_works_for_reads_and_needs_csrf_for_writes(p):
    client = Client(enforce_csrf_checks=True)
    client.force_login(p.member_wang)
    assert client.get("/api/v1/me").status_code == 200
    token = ApiToken.objects.create(user=p.member_wang, name="x", prefix="zx_x", digest="d" * 64)
    assert client.delete(f"/api/v1/auth/tokens/{token.pk}").status_code == 403


def test_county_staff_sees_nothing_of_the_city(client, p):
    token = _token(client, "county_b")
    headers = _bearer(token)
    assert client.get(f"/api/v1/org/members/{p.member_wang_record.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/org/members?committee={p.city.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/org/units/{p.unit.pk}", **headers).status_code == 404
    assert [c["name"] for c in client.get("/api/v1/org/committees", **headers).json()] == ["乙县政协"]


def test_city_staff_reads_the_directory_with_masked_phones(client, p):
    token = _token(client, "proposal")
    data = client.get(f"/api/v1/org/members?committee={p.city.pk}", **_bearer(token)).json()
    assert [m["name"] for m in data["items"]] == ["王建国"]
    assert data["items"][0]["phone"] == "138****8000"
    assert "id_number" not in data["items"][0]
    detail = client.get(f"/api/v1/org/members/{p.member_wang_record.pk}", **_bearer(token)).json()
    assert detail["sector"] == "经济界"


def test_clerk_sees_only_his_unit(client, p):
    token = _token(client, "clerk")
    data = client.get(f"/api/v1/org/units?committee={p.city.pk}", **_bearer(token)).json()
    assert [u["name"] for u in data["items"]] == ["市住房和城乡建设局"]
    assert client.get(f"/api/v1/org/members?committee={p.city.pk}", **_bearer(token)).status_code == 404


def test_limit_is_validated(client, p):
    token = _token(client, "proposal")
    assert (
        client.get(f"/api/v1/org/members?committee={p.city.pk}&limit=1000", **_bearer(token)).status_code
        == 422
    )


@pytest.mark.parametrize("rows", [2, 50])
def test_member_api_query_count_does_not_grow(client, p, rows, django_assert_num_queries):
    for i in range(rows):
        person = Person.objects.create(name=f"委员{i}", gender="F", affiliation="群众")
        Member.objects.create(committee=p.city, person=person, sector=p.sector)
    token = _token(client, "proposal")
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/org/members?committee={p.city.pk}&limit=100", **_bearer(token))
    assert len(response.json()["items"]) == rows + 1
