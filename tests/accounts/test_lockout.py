"""Lockout counts failures per account, whatever form of identifier is typed, and per address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD, Personas
from zhengxie.accounts.models import ApiToken
from zhengxie.audit.models import AuditEvent
from zhengxie.org.services import person_update

LOGIN = reverse("accounts:login")
TOKEN_URL = "/api/v1/auth/token"
PHONE_FORMS = ["13582094348", "135 8209 4348", "135-8209-4348", "wang", "+86 135 8209 4348"]


@pytest.fixture
def wang_phone(p: Personas) -> Personas:
    person_update(person=p.member_wang.person, by=p.member_wang, changes={"phone": "13582094348"})
    return p


def _login(client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _token(client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1") -> Any:
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_every_form_of_the_phone_number_logs_in(client: Client, wang_phone: Personas) -> None:
    for form in PHONE_FORMS:
        assert _login(client, form).status_code == 302, form
        client.logout()


def test_alternating_phone_forms_and_username_lock_the_account(client: Client, wang_phone: Personas) -> None:
    for form in PHONE_FORMS:  # five failures, each under a different spelling of the same account
        _login(client, form, "wrong-password")
    for form in PHONE_FORMS:
        locked = _login(client, form)  # the right password, in any form, is refused now
        assert locked.status_code == 403, form
        assert "登录失败次数过多，账号已锁定15分钟" in locked.content.decode()
        assert "_auth_user_id" not in client.session

    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.success is False
    assert event.data["account"] == "wang" and event.data["lock"] == "account"
    assert event.data["via"] == "web"

    # The per account + address lock stays: the owner elsewhere still gets in.
    assert _login(client, "135 8209 4348", ip="10.0.0.2").status_code == 302


def test_the_api_counts_per_account_too(client: Client, wang_phone: Personas) -> None:
    for form in PHONE_FORMS:
        assert _token(client, form, "wrong-password").status_code in (401, 429)
    for form in PHONE_FORMS:
        locked = _token(client, form)
        assert locked.status_code == 429, form
        assert locked["Content-Type"].startswith("application/json")
        assert "账号已锁定" in locked.json()["message"]
    assert not ApiToken.objects.exists()
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.data == {"via": "api", "lock": "account", "account": "wang"}


def test_web_and_api_failures_add_up(client: Client, wang_phone: Personas) -> None:
    for form in PHONE_FORMS[:3]:
        _login(client, form, "wrong-password")
    for form in PHONE_FORMS[3:]:
        _token(client, form, "wrong-password")
    assert _token(client, "wang").status_code == 429
    assert _login(client, "13582094348").status_code == 403


def test_unknown_identifiers_lock_like_accounts(client: Client, p: Personas) -> None:
    # A number that belongs to nobody behaves as one that does, so lockouts reveal nothing.
    for form in ["13900001111", "139 0000 1111", "139-0000-1111", "+8613900001111"]:
        assert _login(client, form, "guess").status_code == 400
    locked = _login(client, "139 0000 1111", "guess")  # the fifth failure locks
    assert locked.status_code == 403
    assert "账号已锁定" in locked.content.decode()
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.data["account"] is None


def test_spraying_many_usernames_from_one_address_is_stopped(
    client: Client, p: Personas, settings: Any
) -> None:
    settings.LOCKOUT_IP_FAILURES = 12
    names = [f"user{i}" for i in range(6)] + ["wang", "leader", "proposal", "clerk", "sysadmin", "secadmin"]
    for name in names:  # one guess per name: no account reaches its own limit
        _login(client, name, "Spring2026!")
    refused = _login(client, "info", ip="10.0.0.1")  # a correct password, but from the sprayer's address
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "该网络地址登录失败次数过多，已暂停登录15分钟" in body
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.data["lock"] == "address"

    # The API answers the same address the same way, in JSON.
    api = _token(client, "info")
    assert api.status_code == 429 and "该网络地址" in api.json()["message"]

    # Other addresses are not affected.
    assert _login(client, "info", ip="10.0.0.9").status_code == 302


def test_the_address_limit_is_its_own_setting(client: Client, p: Personas, settings: Any) -> None:
    settings.LOCKOUT_IP_FAILURES = 30
    for i in range(12):
        _login(client, f"user{i}", "guess")
    assert _login(client, "info").status_code == 302
