from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD
from zhengxie.audit.models import AuditEvent

LOGIN = reverse("accounts:login")


def _login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_member_logs_in_with_username_and_is_audited(client, p):
    response = _login(client, "wang")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=p.member_wang, success=True).exists()


def test_member_logs_in_with_phone_number(client, p):
    p.member_wang.refresh_from_db()
    assert p.member_wang.phone == ""  # the persona's account has no login phone yet
    from zhengxie.org.services import person_update

    person_update(person=p.member_wang.person, by=p.member_wang, changes={"phone": "13800138001"})
    response = _login(client, "138 0013 8001")
    assert response.status_code == 302


def test_wrong_password_is_refused_and_audited_without_the_password(client, p):
    response = _login(client, "wang", "wrong-password")
    assert response.status_code == 400
    assert "用户名/手机号或密码不正确" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.success, event.actor_name) == (False, "wang")
    assert "wrong-password" not in str(event.data)


def test_five_failures_lock_the_username_and_ip_for_fifteen_minutes(client, p):
    for _ in range(5):
        _login(client, "wang", "wrong-password")
    locked = _login(client, "wang")  # even the right password is refused now
    assert locked.status_code == 403
    assert "锁定15分钟" in locked.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_name="wang").exists()
    assert "_auth_user_id" not in client.session

    # The same username from another address is not locked (lockout is per username + IP).
    assert _login(client, "wang", ip="10.0.0.2").status_code == 302
    client.logout()

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _login(client, "wang").status_code == 302


def test_logout_is_post_only_and_audited(client, p):
    client.force_login(p.member_wang)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=p.member_wang).exists()
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(client, p):
    response = client.post(
        LOGIN + "?next=https://evil.example.com/", {"username": "wang", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_idle_timeout_is_a_sliding_thirty_minute_session(settings):
    assert settings.SESSION_COOKIE_AGE == settings.IDLE_TIMEOUT_MINUTES * 60 == 30 * 60
    # Slid by the session middleware at most once a minute instead of a save on every request.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_RENEW_SECONDS == 60


def _session_writes(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith('UPDATE "django_session"')]


def test_pages_within_a_minute_write_the_session_once_and_later_pages_slide_the_expiry(client, p):
    client.force_login(p.member_wang)
    _session_writes(client, "/")  # stamps the login's start and the first renewal
    session = Session.objects.get()
    first_expiry = session.expire_date
    assert _session_writes(client, "/") == []  # a page a few seconds later writes nothing
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert len(_session_writes(client, "/")) == 1
    assert Session.objects.get().expire_date > first_expiry
