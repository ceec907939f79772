"""API authentication: a personal token in the Authorization header, or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from zhengxie.accounts.gate import password_expired, pending_step
from zhengxie.accounts.middleware import rater_may_open, rater_only
from zhengxie.accounts.tokens import user_for_token


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        # A token does not outlive a password that must be changed (initial or expired).
        if user is None or user.must_change_password or password_expired(user):
            return None
        request.user = user
        if rater_only(user) and not rater_may_open(request.path):
            # A third party's rater-only token reaches the rating API and nothing else.
            raise Http404
        return user


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session (ninja checks CSRF for unsafe methods). A session that has not
    passed the gates (second factor, initial password) is not enough for the API either."""

    def __call__(self, request: HttpRequest) -> Any:
        # A client that sent a token is judged by its token alone: a bad token is a 401, not a
        # session's CSRF failure (403).
        if "authorization" in request.headers:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or pending_step(user) is not None:
            return None
        return user
