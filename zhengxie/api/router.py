"""/api/v1/: one NinjaAPI; each app adds its router under /api/v1/<app>/."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from zhengxie.lib.errors import DomainError

from .auth import BearerTokenAuth, SessionAuth

api = NinjaAPI(
    title="智慧政协 API",
    version="1",
    description="掌上履职与承办单位系统对接接口。认证：浏览器会话，或 `Authorization: Bearer <token>`"
    "（令牌由 `POST /api/v1/auth/token` 创建）。",
    auth=[BearerTokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # A business rule refused the action: the service's Chinese message is the answer.
    return api.create_response(request, {"detail": exc.message}, status=400)


def _field_problem(error: dict[str, Any]) -> str:
    field = ".".join(str(part) for part in error.get("loc", ())[2:]) or "请求"
    if error.get("type") == "missing":
        return f"缺少“{field}”"
    return f"“{field}”的值不符合要求"


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Machines read `detail` (pydantic's list, with each field's location); people read `message`.
    problems = "；".join(dict.fromkeys(_field_problem(e) for e in exc.errors)) or "请求格式不正确"
    return api.create_response(
        request, {"detail": exc.errors, "message": f"输入有误：{problems}"}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Outside the caller's reach and non-existent look the same (DESIGN §4, committee scope).
    return api.create_response(request, {"detail": "未找到该记录"}, status=404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "未登录，或令牌无效、已撤销"}, status=401)


from . import consultations, core, duty, opinions, org, proposals, supervision  # noqa: E402  (the routers need `api` to exist)

api.add_router("/org/", org.router)
api.add_router("/supervision/", supervision.router)
api.add_router("/duty/", duty.router)
api.add_router("/proposals/", proposals.router)
api.add_router("/opinions/", opinions.router)
api.add_router("/consultations/", consultations.router)
__all__ = ["api", "core"]
