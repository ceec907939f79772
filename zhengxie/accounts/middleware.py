from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .gate import pending_step

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
