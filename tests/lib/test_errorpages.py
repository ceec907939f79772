"""Error pages: Chinese, in the layout, with a way back; the 500 and 503 pages need neither the
database nor the user; a database outage answers 503 with Retry-After, pages and API alike."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.lib import errorpages

ENGLISH = re.compile(r"Not Found|Server Error|Forbidden|Bad Request|Traceback|Page not found")


@contextmanager
def database_away(error: Exception | None = None) -> Iterator[None]:
    """Every query fails the way a restarting PostgreSQL makes it fail."""
    failure = error or OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(CursorWrapper, "execute", side_effect=failure):
        yield


def _page(response: Any) -> str:
    html = response.content.decode()
    assert not ENGLISH.search(html), html
    assert 'href="/"' in html and "返回工作台" in html  # the way back
    assert "智慧政协" in html and "<header" in html  # the layout
    return html


def test_unknown_address_is_a_chinese_page_for_visitors_and_users(client: Client, p: Personas) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in _page(response)
    client.force_login(p.member_wang)
    response = client.get("/no/such/page/")
    html = _page(response)
    assert response.status_code == 404 and "页面不存在" in html and "主菜单" in html  # with the menu


def test_a_record_outside_the_users_reach_is_the_same_page(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.get(reverse("proposals:detail", args=[999999]))
    assert response.status_code == 404 and "页面不存在" in _page(response)


def test_an_id_past_the_databases_range_is_not_a_server_error(p: Personas) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(p.member_wang)
    response = client.get(f"/proposals/{10**30}/")
    assert response.status_code in (400, 404)
    _page(response)


def test_a_form_sent_without_its_csrf_token_gets_the_chinese_403(p: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(p.member_wang)
    response = client.post(reverse("proposals:create"), {"title": "x"})
    assert (
        response.status_code == 403 and "无权访问" in _page(response) and "刷新" in response.content.decode()
    )


def test_permission_denied_is_the_chinese_403(p: Personas) -> None:
    request = RequestFactory().get("/proposals/")
    request.user = p.member_wang
    response = errorpages.permission_denied(request, Exception())
    assert response.status_code == 403 and "无权访问" in _page(response)


def _unreachable_user() -> Any:
    raise AssertionError("the 500 page must not read the user")


def test_the_500_page_needs_neither_the_database_nor_the_user(
    django_assert_num_queries: Any, db: Any
) -> None:
    request = RequestFactory().get("/proposals/")
    request.user = SimpleLazyObject(_unreachable_user)  # type: ignore[assignment]
    with django_assert_num_queries(0):
        response = errorpages.server_error(request)
    assert response.status_code == 500 and "系统出错" in _page(response)


def test_a_crashing_page_shows_the_chinese_500(p: Personas) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(p.member_wang)
    with mock.patch("zhengxie.reports.views.render", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500 and "系统出错" in _page(response)


def test_database_outage_is_a_503_maintenance_page_with_retry_after(p: Personas) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(p.member_wang)
    with database_away():
        response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == str(errorpages.RETRY_AFTER_SECONDS)
    html = _page(response)
    assert "系统维护中" in html and "主菜单" not in html  # no menu: it needs the database


def test_database_outage_in_a_view_is_a_503_too(client: Client, db: Any) -> None:
    # The login page's view reads the database only when the form is posted.
    with database_away(InterfaceError("connection already closed")):
        response = Client(raise_request_exception=False).post(
            reverse("accounts:login"), {"username": "wang", "password": "x"}
        )
    assert response.status_code == 503 and "Retry-After" in response


def test_database_outage_answers_the_api_in_json(client: Client, p: Personas) -> None:
    headers = bearer(p.member_wang)
    with database_away():
        response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 503 and response["Retry-After"] == str(errorpages.RETRY_AFTER_SECONDS)
    assert response.json() == {"code": "unavailable", "message": "数据库暂时不可用，请稍后再试", "fields": {}}


def test_sqlite_lock_past_its_timeout_is_an_outage_but_a_missing_table_is_a_defect() -> None:
    import sqlite3

    def wrapped(message: str) -> OperationalError:
        error = OperationalError(message)
        error.__cause__ = sqlite3.OperationalError(message)
        return error

    assert errorpages.is_database_unavailable(wrapped("database is locked"))
    assert not errorpages.is_database_unavailable(wrapped("no such table: proposals_proposal"))
    assert not errorpages.is_database_unavailable(ValueError("x"))


def test_healthz_is_cheap_and_healthz_db_checks_the_database(client: Client, db: Any) -> None:
    with database_away():
        assert client.get("/healthz").status_code == 200
        away = client.get("/healthz", {"db": "1"})
    assert away.status_code == 503 and away["Retry-After"]
    assert client.get("/healthz", {"db": "1"}).content == b"ok"


# --- a peak past what the platform can serve: shed at the door ----------------------------------


def _waited(seconds: float) -> str:
    return f"t={time.time() - seconds:.3f}"  # nginx's $msec


def test_a_request_that_waited_too_long_in_the_queue_is_answered_503_at_once(settings, client, p: Personas):
    settings.MAX_QUEUE_MS = 2000
    client.force_login(p.member_wang)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/", HTTP_X_REQUEST_START=_waited(5))
        api = client.get(f"/api/v1/proposals/mine?committee={p.city.pk}", HTTP_X_REQUEST_START=_waited(5))
    assert page.status_code == api.status_code == 503
    assert page["Retry-After"] == api["Retry-After"] == str(errorpages.OVERLOAD_RETRY_SECONDS)
    assert "访问人数较多" in page.content.decode() and not ENGLISH.search(page.content.decode())
    assert api.json() == {"code": "unavailable", "message": "访问人数较多，请稍后再试", "fields": {}}
    assert not queries.captured_queries  # neither the session nor anything else was read


def test_a_request_taken_in_time_or_without_the_header_is_served(settings, client, p: Personas):
    settings.MAX_QUEUE_MS = 2000
    client.force_login(p.member_wang)
    for header in (_waited(0.1), "", "t=garbage", f"t={int((time.time() - 0.1) * 1_000_000)}"):
        assert client.get("/", HTTP_X_REQUEST_START=header).status_code == 200
    settings.MAX_QUEUE_MS = 0  # the default: never shed
    assert client.get("/", HTTP_X_REQUEST_START=_waited(60)).status_code == 200


def test_the_queue_time_reads_seconds_milliseconds_and_microseconds():
    now = 1_800_000_000.0
    for header in ("t=1799999998.5", "t=1799999998500", "t=1799999998500000", "1799999998.5"):
        assert errorpages.queued_ms(header, now) == pytest.approx(1500)
    assert errorpages.queued_ms("t=1800000005", now) == 0  # a proxy clock ahead is no wait
    assert errorpages.queued_ms("t=", now) is None
