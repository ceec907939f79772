"""A login session ends SESSION_MAX_HOURS after it began, however active it has been."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD, Personas
from zhengxie.audit.models import AuditEvent

LOGIN = reverse("accounts:login")


def test_default_lifetime_is_twelve_hours(settings: Any) -> None:
    assert settings.SESSION_MAX_HOURS == 12


def test_an_active_session_still_ends_after_the_absolute_lifetime(
    client: Client, p: Personas, settings: Any
) -> None:
    settings.SESSION_MAX_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.post(LOGIN, {"username": "wang", "password": PASSWORD}).status_code == 302
    # Used every 20 minutes, so the 30-minute idle timeout never strikes.
    for minutes in (20, 40, 59):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        expired = client.get("/proposals/")
        assert expired.status_code == 302
        assert expired["Location"] == f"{LOGIN}?next=/proposals/"
        page = client.get(expired["Location"]).content.decode()
        assert "登录已超过1小时，请重新登录" in page
        assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="auth.session_expired")
    assert event.actor == p.member_wang and event.data == {"hours": 1}


def test_a_new_login_starts_a_new_lifetime(client: Client, p: Personas, settings: Any) -> None:
    settings.SESSION_MAX_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(LOGIN, {"username": "wang", "password": PASSWORD})
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert client.get("/").status_code == 302
        assert client.post(LOGIN, {"username": "wang", "password": PASSWORD}).status_code == 302
    with time_machine.travel(start + timedelta(minutes=85), tick=False):  # within idle time
        assert client.get("/").status_code == 200


def test_the_api_answers_an_expired_session_401(client: Client, p: Personas, settings: Any) -> None:
    settings.SESSION_MAX_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(p.member_wang)
        assert client.get("/api/v1/me").status_code == 200  # the first request stamps the session
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get("/api/v1/me").status_code == 200
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get("/api/v1/me").status_code == 200
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        response = client.get("/api/v1/me")
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")


def test_token_calls_create_no_sessions(client: Client, p: Personas) -> None:
    from tests.api.helpers import bearer

    headers = bearer(p.member_wang)
    for _ in range(3):
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert not Session.objects.exists()
