"""/api/v1/auth/…, /api/v1/me, the schema and docs page, and the error shapes."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api.helpers import bearer
from tests.personas import PASSWORD, Personas
from zhengxie.accounts.models import ApiToken
from zhengxie.accounts.tokens import api_token_create, user_for_token
from zhengxie.audit.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token"


def _post_token(client: Client, **body: Any) -> Any:
    return client.post(TOKEN_URL, body, content_type="application/json")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


# --- schema and docs ---------------------------------------------------------------------------


def test_openapi_schema_lists_the_endpoints(client: Client, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "智慧政协 API"
    for path in (
        "/api/v1/auth/token",
        "/api/v1/auth/tokens",
        "/api/v1/auth/tokens/{token_id}",
        "/api/v1/me",
        "/api/v1/org/committees",
        "/api/v1/org/members",
        "/api/v1/org/members/{member_id}",
        "/api/v1/org/units",
        "/api/v1/org/units/{unit_id}",
        "/api/v1/consultations/invitations",
        "/api/v1/consultations/sign-in",
        "/api/v1/consultations/activities/{activity_id}/attendance",
    ):
        assert path in schema["paths"], path


def test_docs_page_loads_swagger_only_from_local_static_files(client: Client, db: Any) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
    assert "cdn" not in html.lower()
    assert "//" not in "".join(assets)


# --- token creation --------------------------------------------------------------------------


def test_member_gets_a_token_that_authenticates(client: Client, p: Personas) -> None:
    response = _post_token(client, username="wang", password=PASSWORD, name="手机")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "手机" and body["token"].startswith(body["prefix"])
    # Only the digest is stored; the plain value is never in the database.
    stored = ApiToken.objects.get(user=p.member_wang)
    assert stored.digest != body["token"] and body["token"] not in stored.digest
    assert AuditEvent.objects.filter(action="auth.token_login", actor=p.member_wang).exists()
    assert AuditEvent.objects.filter(action="api_token.created", actor=p.member_wang).exists()

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["username"] == "wang"


def test_login_by_phone_number_works_for_tokens(client: Client, p: Personas) -> None:
    from zhengxie.lib.crypto import search_hash

    p.member_wang.phone = "13800138000"
    p.member_wang.phone_hash = search_hash("13800138000")
    p.member_wang.save()
    assert _post_token(client, username="13800138000", password=PASSWORD).status_code == 200


def test_wrong_password_is_refused_and_audited(client: Client, p: Personas) -> None:
    response = _post_token(client, username="wang", password="wrong-password")
    assert response.status_code == 401
    assert response.json()["message"] == "用户名/手机号或密码不正确"
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_name="wang", success=False).exists()
    assert not ApiToken.objects.exists()


def test_unknown_user_gets_the_same_answer(client: Client, p: Personas) -> None:
    response = _post_token(client, username="nobody", password="whatever")
    assert response.status_code == 401
    assert response.json()["message"] == "用户名/手机号或密码不正确"


def test_five_failures_lock_out_the_api_too(client: Client, p: Personas) -> None:
    for _ in range(5):
        _post_token(client, username="wang", password="wrong-password")
    locked = _post_token(client, username="wang", password=PASSWORD)
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"
    assert locked["Content-Type"].startswith("application/json")
    assert "锁定" in locked.json()["message"]
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_name="wang").exists()
    assert not ApiToken.objects.exists()


def test_user_with_initial_password_must_change_it_on_the_web_first(client: Client, p: Personas) -> None:
    type(p.member_wang).objects.filter(pk=p.member_wang.pk).update(must_change_password=True)
    response = _post_token(client, username="wang", password=PASSWORD)
    assert response.status_code == 403
    assert response.json()["message"] == "请先登录网页修改初始密码"
    assert not ApiToken.objects.exists()


def test_enrolled_user_needs_a_valid_otp_code(client: Client, p: Personas) -> None:
    device = TOTPDevice.objects.create(user=p.leader, name="phone", confirmed=True)
    missing = _post_token(client, username="leader", password=PASSWORD)
    assert missing.status_code == 401 and "otp_code" in missing.json()["message"]
    wrong = "000000" if _code(device) != "000000" else "111111"
    bad = _post_token(client, username="leader", password=PASSWORD, otp_code=wrong)
    assert bad.status_code == 401
    assert AuditEvent.objects.filter(action="auth.otp_failed", actor=p.leader, success=False).exists()
    assert not ApiToken.objects.exists()

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a failure; the test need not wait
    good = _post_token(client, username="leader", password=PASSWORD, otp_code=_code(device))
    assert good.status_code == 200


def test_staff_without_a_device_is_sent_to_enrol_when_2fa_is_required(
    client: Client, p: Personas, settings: Any
) -> None:
    settings.REQUIRE_2FA = True
    response = _post_token(client, username="proposal", password=PASSWORD, otp_code="123456")
    assert response.status_code == 401
    assert "双因素" in response.json()["message"]
    # A member's role does not require the second factor.
    assert _post_token(client, username="wang", password=PASSWORD).status_code == 200


def test_missing_fields_are_a_422_with_field_info(client: Client, p: Personas) -> None:
    response = _post_token(client, username="wang")
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "输入有误：缺少字段：password",
        "fields": {"password": "缺少字段"},
    }


def test_malformed_json_is_a_client_error_not_a_crash(client: Client, p: Personas) -> None:
    response = client.post(TOKEN_URL, "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


# --- listing and revoking tokens ------------------------------------------------------------


def test_tokens_list_shows_only_my_tokens(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    api_token_create(user=p.leader, name="别人的")
    rows = client.get("/api/v1/auth/tokens", headers=headers).json()
    assert [r["name"] for r in rows] == ["测试"]
    assert set(rows[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked",
        "expired",
    }
    assert rows[0]["revoked"] is False and rows[0]["last_used_at"] is not None


def test_revoked_token_no_longer_authenticates(client: Client, p: Personas) -> None:
    token, value = api_token_create(user=p.member_wang, name="旧手机")
    headers = {"Authorization": f"Bearer {value}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    response = client.delete(f"/api/v1/auth/tokens/{token.pk}", headers=headers)
    assert response.status_code == 204
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=p.member_wang).exists()
    assert user_for_token(value) is None
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated" and refused["WWW-Authenticate"] == "Bearer"


def test_revoking_twice_is_a_400_with_the_service_message(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    old, _ = api_token_create(user=p.member_wang, name="旧手机")
    assert client.delete(f"/api/v1/auth/tokens/{old.pk}", headers=headers).status_code == 204
    again = client.delete(f"/api/v1/auth/tokens/{old.pk}", headers=headers)
    assert again.status_code == 400
    assert again.json()["message"] == "该令牌已撤销"


def test_cannot_revoke_someone_elses_token(client: Client, p: Personas) -> None:
    others, _ = api_token_create(user=p.leader, name="领导的")
    response = client.delete(f"/api/v1/auth/tokens/{others.pk}", headers=bearer(p.member_wang))
    assert response.status_code == 404
    others.refresh_from_db()
    assert others.revoked_at is None


def test_inactive_users_token_stops_working(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    type(p.member_wang).objects.filter(pk=p.member_wang.pk).update(is_active=False)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_garbage_bearer_token_is_401(client: Client, p: Personas) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer zx_not-a-real-token"})
    assert response.status_code == 401


def test_anonymous_request_is_401(client: Client, p: Personas) -> None:
    assert client.get("/api/v1/me").status_code == 401


# --- /me ---------------------------------------------------------------------------------------


def test_me_shows_roles_grouped_by_committee_with_masked_phone(client: Client, p: Personas) -> None:
    from zhengxie.lib.crypto import search_hash

    p.unit_clerk.phone = "13700137000"
    p.unit_clerk.phone_hash = search_hash("13700137000")
    p.unit_clerk.save()
    body = client.get("/api/v1/me", headers=bearer(p.unit_clerk)).json()
    assert body["username"] == "clerk" and body["display_name"] == "住建局经办人"
    assert "13700137000" not in body["phone"] and body["phone"].startswith("137")
    assert body["current_committee_id"] == p.city.pk
    assert body["committees"] == [
        {
            "committee": {"id": p.city.pk, "name": "测试市政协", "level": "city"},
            "roles": [
                {"code": "unit_clerk", "label": "承办单位经办人", "handling_unit": "市住房和城乡建设局"}
            ],
        }
    ]


def test_me_lists_every_committee_a_person_serves(client: Client, p: Personas) -> None:
    from zhengxie.org.services import role_grant

    role_grant(user=p.member_wang, committee=p.province, role="member", by=None)
    body = client.get("/api/v1/me", headers=bearer(p.member_wang)).json()
    assert [c["committee"]["name"] for c in body["committees"]] == ["测试省政协", "测试市政协"]
    assert all(c["roles"][0]["handling_unit"] is None for c in body["committees"])


# --- session authentication --------------------------------------------------------------------


def test_browser_session_works_for_reads(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    assert client.get("/api/v1/me").json()["username"] == "wang"


def test_unsafe_session_request_needs_csrf(p: Personas) -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(p.member_wang)
    token, _ = api_token_create(user=p.member_wang, name="旧手机")
    refused = csrf_client.delete(f"/api/v1/auth/tokens/{token.pk}")
    assert refused.status_code in (401, 403)
    token.refresh_from_db()
    assert token.revoked_at is None

    csrf_client.get("/")  # the home page has a form (logout), so it sets the CSRF cookie
    csrf = csrf_client.cookies["csrftoken"].value
    accepted = csrf_client.delete(f"/api/v1/auth/tokens/{token.pk}", headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 204


def test_session_that_has_not_passed_the_gates_is_refused(client: Client, p: Personas) -> None:
    type(p.member_wang).objects.filter(pk=p.member_wang.pk).update(must_change_password=True)
    client.force_login(p.member_wang)
    assert client.get("/api/v1/me").status_code == 401


def test_changing_the_password_revokes_api_tokens(client, p):
    from zhengxie.accounts.services import password_set

    token = client.post(
        "/api/v1/auth/token", {"username": "wang", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    password_set(user=p.member_wang, password="Brand-New-Pass-1", by=p.member_wang)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_token_stops_working_when_the_password_must_be_changed(client, p):
    from zhengxie.accounts.models import User

    token = client.post(
        "/api/v1/auth/token", {"username": "wang", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    User.objects.filter(pk=p.member_wang.pk).update(must_change_password=True)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


# --- token expiry and last use -----------------------------------------------------------------


def test_a_token_expires_after_the_configured_days(client: Client, p: Personas, settings: Any) -> None:
    import time_machine
    from django.utils import timezone

    settings.API_TOKEN_DAYS = 30
    body = _post_token(client, username="wang", password=PASSWORD).json()
    stored = ApiToken.objects.get(user=p.member_wang)
    assert abs((stored.expires_at - timezone.now()).total_seconds() - 30 * 86400) < 60
    assert body["expires_at"]
    headers = {"Authorization": f"Bearer {body['token']}"}

    with time_machine.travel(timezone.now() + timedelta(days=29, hours=23)):
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        refused = client.get("/api/v1/me", headers=headers)
        assert refused.status_code == 401
        assert user_for_token(body["token"]) is None
        rows = client.get("/api/v1/auth/tokens", headers=bearer(p.member_wang)).json()
        assert {r["name"]: r["expired"] for r in rows} == {"API": True, "测试": False}


def test_tokens_default_to_ninety_days(p: Personas, settings: Any) -> None:
    from django.utils import timezone

    assert settings.API_TOKEN_DAYS == 90
    token, _ = api_token_create(user=p.member_wang, name="手机")
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_last_use_is_written_at_most_once_a_minute(client: Client, p: Personas) -> None:
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    token, value = api_token_create(user=p.member_wang, name="手机")
    assert token.last_used_at is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert user_for_token(value) == p.member_wang
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        with CaptureQueriesContext(connection) as queries:
            assert user_for_token(value) == p.member_wang
        assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        user_for_token(value)
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


def test_profile_page_lists_expiry_and_last_use(client: Client, p: Personas, settings: Any) -> None:
    import time_machine
    from django.utils import timezone

    settings.PASSWORD_MAX_AGE_DAYS = 0  # the page, not the password's age, is under test
    token, value = api_token_create(user=p.member_wang, name="手机")
    user_for_token(value)
    client.force_login(p.member_wang)
    page = client.get("/accounts/profile/").content.decode()
    assert "有效期至 " + timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in page
    assert "最近使用 " + timezone.localtime().strftime("%Y-%m-%d") in page
    assert "有效期 90 天" in page
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        client.force_login(p.member_wang)
        assert "已过期" in client.get("/accounts/profile/").content.decode()
