"""Error answers for pages and the API, and the database outage.

Pages get Chinese 403/404/500/503 pages in the layout with a way back; anything under /api/ gets
the API's one error body (`{"code", "message", "fields"}`, see docs/api.md). When the database is
away (a restart, a lost connection, SQLite's write lock held past its timeout) the answer is 503
with `Retry-After`, not a 500: a load balancer or a client can wait and retry. The 500 and 503
pages are rendered without the request, so neither the database nor the request's user (the
layout's menu and committee switch read both) is needed to answer.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# A request shed at a peak is worth retrying soon: the queue drains in seconds.
OVERLOAD_RETRY_SECONDS = 5

# Status -> (code, default message), for errors raised without a code of their own.
BY_STATUS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求无法处理"),
    401: ("unauthenticated", "未登录，或令牌无效、已过期、已撤销"),
    403: ("forbidden", "您没有执行此操作的权限"),
    404: ("not_found", "未找到该记录"),
    405: ("method_not_allowed", "不支持此请求方法"),
    409: ("conflict", "此事项已被他人处理，请刷新"),
    413: ("too_large", "请求内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    422: ("invalid", "输入有误"),
    429: ("locked_out", "尝试次数过多，请稍后再试"),
    500: ("server_error", "服务器内部错误，请稍后再试"),
    503: ("unavailable", "系统维护中，请稍后再试"),
}

# SQLite reports a missing table or a syntax error as OperationalError too; those are defects
# (500), not an outage. These are SQLite's words for "the database is there but not usable now".
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error", "database is busy")


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_body(
    status: int, *, code: str = "", message: str = "", fields: dict[str, str] | None = None
) -> dict[str, Any]:
    default_code, default_message = BY_STATUS.get(status, ("error", "请求未能完成"))
    return {"code": code or default_code, "message": message or default_message, "fields": fields or {}}


def error_response(
    status: int, *, code: str = "", message: str = "", fields: dict[str, str] | None = None
) -> JsonResponse:
    """The API's error body as a response, with the headers its status calls for."""
    response = JsonResponse(
        error_body(status, code=code, message=message, fields=fields),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    elif status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for a database that cannot be reached or used right now (worth a retry), False for
    anything else, including SQL the database refuses (a defect, answered 500)."""
    if isinstance(exc, InterfaceError):
        return True  # the connection is closed or unusable
    if not isinstance(exc, OperationalError):
        return False
    if isinstance(exc.__cause__, sqlite3.Error) or "sqlite" in type(exc.__cause__).__module__:
        return str(exc).lower().startswith(_SQLITE_UNAVAILABLE)
    # psycopg raises OperationalError for a refused or lost connection, a server shutting down or
    # starting up, a cancelled statement and a lost serialisation race: all pass with time.
    return True


def outage_response(request: HttpRequest | None, *, busy: bool = False) -> HttpResponse:
    """503 + Retry-After: the database is away, or (`busy`) the platform is past its peak load."""
    retry_after = OVERLOAD_RETRY_SECONDS if busy else RETRY_AFTER_SECONDS
    response: HttpResponse
    if request is not None and is_api_request(request):
        message = "访问人数较多，请稍后再试" if busy else "数据库暂时不可用，请稍后再试"
        response = error_response(503, message=message)
    else:
        context = {"retry_after": retry_after, "busy": busy}
        response = HttpResponse(render_to_string("503.html", context), status=503)  # no request: no database
    response["Retry-After"] = str(retry_after)
    return response


def queued_ms(header: str, now: float) -> float | None:
    """How long a request waited before a worker took it, from the front proxy's
    `X-Request-Start: t=<time>` (nginx's `$msec`: seconds with milliseconds; milliseconds and
    microseconds are read too). None when absent or unreadable."""
    value = header.strip().removeprefix("t=")
    try:
        started = float(value)
    except ValueError:
        return None
    while started > 1e11:  # milliseconds or microseconds since the epoch
        started /= 1000
    return max(0.0, (now - started) * 1000)


class OverloadMiddleware:
    """Sheds load at the door: a request that already waited longer than ZHENGXIE_MAX_QUEUE_MS in
    the front proxy and the server's backlog (a plenary peak past what the database can write) is
    answered 503 with a short `Retry-After` at once, instead of joining a queue in which every
    request waits many seconds. Off unless the setting is given and the proxy sends the header
    (docs/deploy.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_QUEUE_MS
        if limit:
            waited = queued_ms(request.META.get("HTTP_X_REQUEST_START", ""), time.time())
            if waited is not None and waited > limit:
                logger.warning("shed after %.0f ms in the queue: %s %s", waited, request.method, request.path)
                return outage_response(request, busy=True)
        return self.get_response(request)


class DatabaseOutageMiddleware:
    """A view that fails because the database is away answers 503 (also with DEBUG on); failures
    outside views reach `server_error` below, which answers the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
            return outage_response(request)
        if isinstance(exception, OverflowError | DataError):
            # A number past the database's integer range (an id in the address, a form field), a
            # text past its column: the request is at fault, not the platform.
            logger.warning("out of range: %s %s: %s", request.method, request.path, exception)
            return bad_request(request, exception)
        return None


# --- handler400/403/404/500 (zhengxie/urls.py) ----------------------------------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(400, message="请求格式不正确")
    return HttpResponse(render_to_string("400.html"), status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(403)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its token (a page left open too long, a stale tab)."""
    return render(request, "403.html", {"csrf_failed": True}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(404, message="未找到该地址或记录")
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except`, so the failure is at hand: an outage that struck a
    # middleware (the session, the user, the current committee) is still a 503.
    if is_database_unavailable(sys.exc_info()[1]):
        return outage_response(request)
    if is_api_request(request):
        return error_response(500)
    return HttpResponse(render_to_string("500.html"), status=500)
