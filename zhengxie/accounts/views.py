from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest) -> HttpResponse:
    return HttpResponse("todo")


login_view = logout_view = otp_setup = otp_verify = password_change = privacy = profile = security = _todo


def lockout_response(request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("locked", status=403)
