"""The gates, the absolute session lifetime, and the audit of refused state-changing requests."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.crypto import sm3_hex
from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments

from .gate import pending_step

logger = logging.getLogger(__name__)

# When the login session began (seconds since the epoch), for the absolute lifetime.
SESSION_STARTED = "zx_session_started"
# When the idle expiry was last moved on (seconds since the epoch).
SESSION_RENEWED = "zx_session_renewed"
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
REFUSED_WINDOW_SECONDS = 60
REFUSED_PER_MINUTE = 20

# Pages a user can reach before passing the gates (the gates themselves, logout, static files).
_OPEN_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:password_change",
    "accounts:privacy",
}
_OPEN_PREFIXES = ("/static/", "/api/", "/healthz")


class SecurityGateMiddleware:
    """Sends a logged-in user to the first unfinished gate (2FA, password change, privacy notice)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            if self._open_paths is None:
                self._open_paths = {reverse(name) for name in _OPEN_NAMES}
            if request.path not in self._open_paths:
                step = pending_step(request.user)
                if step is not None:
                    return redirect(step)
        return self.get_response(request)


class RaterOnlyMiddleware:
    """A third party's rater-only account (第三方评议员) reaches only its rating pages, its notices,
    the rating API and the account gates: every other page answers 404 as if it did not exist, and
    the home page opens its rating tasks. The paths live in settings (RATER_ONLY_PATHS,
    RATER_HOME) because the assessment pages sit in an app below this one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and rater_only(request.user):
            if request.path == "/":
                return redirect(settings.RATER_HOME)
            if not rater_may_open(request.path):
                raise Http404
        return self.get_response(request)


def rater_only(user: object) -> bool:
    """The account holds the external rater role and no other."""
    held = {role for _, role, _ in assignments(user)}
    return bool(held) and held <= {Role.EXTERNAL_RATER}


def rater_may_open(path: str) -> bool:
    open_paths = {reverse(name) for name in _OPEN_NAMES}
    return path in open_paths or path.startswith((*settings.RATER_ONLY_PATHS, "/static/", "/healthz"))


class SessionLifetimeMiddleware:
    """Ends a login session SESSION_MAX_HOURS after it began, however active it has been, and
    keeps the idle timeout sliding.

    The idle timeout (SESSION_COOKIE_AGE) alone would let a session that is used every few minutes
    live for ever. It slides by a save of the session, made at most once every
    SESSION_RENEW_SECONDS: saving it on every request (SESSION_SAVE_EVERY_REQUEST) would make every
    page, and every poll of a page, a database write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = request.session.get(SESSION_STARTED)
        if SESSION_KEY in request.session and started is not None:
            limit = settings.SESSION_MAX_HOURS * 3600
            if timezone.now().timestamp() - started > limit and request.user.is_authenticated:
                user = request.user
                record(
                    action="auth.session_expired",
                    obj=user,
                    by=user,
                    data={"hours": settings.SESSION_MAX_HOURS},
                )
                logout(request)
                if not request.path.startswith("/api/"):  # the API answers the now anonymous call 401
                    messages.info(request, f"登录已超过{settings.SESSION_MAX_HOURS}小时，请重新登录")
                    return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        # Stamped on the login's own request (and on sessions older than this rule). Only a session
        # that carries a login: a bearer-token call must not create a session row.
        if SESSION_KEY in request.session:
            now = int(timezone.now().timestamp())
            if SESSION_STARTED not in request.session:
                request.session[SESSION_STARTED] = now
            renewed = request.session.get(SESSION_RENEWED)
            if renewed is None or now - renewed >= settings.SESSION_RENEW_SECONDS:
                request.session[SESSION_RENEWED] = now  # saves the session: a new idle expiry
        return response


class RefusedAccessAuditMiddleware:
    """Audits state-changing requests of a logged-in user that were refused (404 outside scope,
    403 for a role or a failed CSRF check), as `access.refused`.

    Probing can repeat such requests quickly, so the log gets at most one event per user and path
    a minute, and at most REFUSED_PER_MINUTE per user: it records the probing without letting it
    flood the audit chain."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method in _UNSAFE_METHODS and response.status_code in (403, 404):
            user = getattr(request, "user", None)  # an API token's user is set by its authentication
            if user is not None and user.is_authenticated and _first_this_minute(user.pk, request.path):
                try:
                    record(
                        action="access.refused",
                        by=user,
                        success=False,
                        committee_id=getattr(request, "committee_id", None),
                        data={
                            "path": request.path[:300],
                            "method": request.method,
                            "status": response.status_code,
                        },
                    )
                except DatabaseError:
                    # The refusal stands; an audit write that fails must not turn it into a 500.
                    logger.exception("access.refused could not be audited")
        return response


def _first_this_minute(user_id: int, path: str) -> bool:
    path_key = f"zx:refused:{user_id}:{sm3_hex(path.encode())}"
    if not cache.add(path_key, 1, REFUSED_WINDOW_SECONDS):
        return False
    count_key = f"zx:refused:{user_id}"
    cache.add(count_key, 0, REFUSED_WINDOW_SECONDS)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.add(count_key, 1, REFUSED_WINDOW_SECONDS)
        count = 1
    return count <= REFUSED_PER_MINUTE
