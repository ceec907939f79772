"""/api/v1/: one NinjaAPI; each app adds its router under /api/v1/<app>/.

Every error answers one body, `{"code", "message", "fields"}` (docs/api.md): the handlers below
turn each kind of failure into it, and the schema documents it as every operation's `default`
response, so a client (and the schema test) can rely on it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig
from django.core.signals import got_request_exception
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zhengxie.lib.errorpages import (
    BY_STATUS,
    RETRY_AFTER_SECONDS,
    error_response,
    is_database_unavailable,
    outage_response,
)
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed

from .auth import BearerTokenAuth, SessionAuth
from .fields import invalid_input_fields, invalid_input_message
from .parsing import CleanParser

logger = logging.getLogger("django.request")

ERRORS_DESCRIPTION = f"""

**错误**：所有错误的响应体形如 `{{"code": "...", "message": "中文说明", "fields": {{"字段": "问题"}}}}`。
`code` 供程序判断，`message` 供人阅读，`fields` 仅在输入有误时列出各字段的问题。

| 状态 | code | 含义 |
|---|---|---|
| 400 | `refused`、`bad_request` | 业务规则不允许（说明见 message）；请求体无法解析 |
| 401 | `unauthenticated` | 缺少令牌，或令牌无效、已过期、已撤销 |
| 403 | `forbidden`、`csrf_failed` | 角色无权执行；浏览器会话缺少 CSRF 令牌 |
| 404 | `not_found` | 记录不存在或不在您的范围内（两者不作区分） |
| 409 | `conflict` | 记录已被他人处理（并发修改），请重新读取后再试 |
| 415 | `unsupported_media_type` | 内容类型不受支持或格式错误（JSON 接口须 `application/json`） |
| 422 | `invalid` | 输入有误，`fields` 逐项说明 |
| 429 | `locked_out` | 登录失败次数过多，暂时锁定 |
| 503 | `unavailable` | 数据库暂时不可用，按 `Retry-After`（{RETRY_AFTER_SECONDS} 秒）后重试 |

输入中的控制字符（制表符、换行、回车除外）会被删除。"""


class ZhengxieAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        # Document the error body as every operation's `default` response.
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"].setdefault("schemas", {})["Error"] = {
            "title": "Error",
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {
                    "type": "string",
                    "enum": sorted({*(c for c, _ in BY_STATUS.values()), "refused", "csrf_failed", "error"}),
                },
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
        error = {
            "description": "错误（见接口说明中的“错误”）",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault("default", error)
        return schema


api = ZhengxieAPI(
    title="智慧政协 API",
    version="1",
    description="掌上履职与承办单位系统对接接口。认证：浏览器会话，或 `Authorization: Bearer <token>`"
    "（令牌由 `POST /api/v1/auth/token` 创建）。" + ERRORS_DESCRIPTION,
    auth=[BearerTokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=CleanParser(),
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # A business rule refused the action: the service's Chinese message is the answer.
    if isinstance(exc, Conflict):
        return error_response(409, code="conflict", message=exc.message)
    if isinstance(exc, NotAllowed):
        return error_response(403, code="forbidden", message=exc.message)
    return error_response(400, code="refused", message=exc.message)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = invalid_input_fields(exc.errors)
    return error_response(422, message=f"输入有误：{invalid_input_message(fields)}", fields=fields)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if message == "CSRF check Failed":
        return error_response(
            403, code="csrf_failed", message="请求缺少有效的 CSRF 令牌：请刷新页面，或改用令牌认证"
        )
    if message == "Cannot parse request body":
        return error_response(400, message="请求内容无法解析，应为 JSON")
    if exc.status_code == 429:
        response = error_response(429, message=message)
        response["Retry-After"] = str(getattr(exc, "retry_after", RETRY_AFTER_SECONDS))
        return response
    return error_response(exc.status_code, message=message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Outside the caller's reach and non-existent look the same (DESIGN §4, committee scope).
    return error_response(404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403)


@api.exception_handler(MultiPartParserError)
def malformed_upload(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # e.g. multipart/form-data without a boundary: the body cannot be read as what it claims to be.
    return error_response(415, message="内容类型格式错误，无法读取请求内容")


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(413)


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
    return error_response(400, message="请求格式不正确")


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A number past the database's integer range, a text past its column: the input is at fault.
    return error_response(422, message="输入有误：数值或文本超出允许的范围")


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if is_database_unavailable(exc):
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exc)
        return outage_response(request)
    # What Django does for an unhandled error: log it, tell listeners (the test client re-raises).
    logger.error("Internal Server Error: %s", request.path, exc_info=exc)
    got_request_exception.send(sender=None, request=request)
    return error_response(500)


from . import (  # noqa: E402  (the routers need `api` to exist)
    assessment,
    consultations,
    core,
    duty,
    grassroots,
    groups,
    joint,
    learning,
    materials,
    news,
    notices,
    opinions,
    org,
    participation,
    plenary,
    proposals,
    regulations,
    reports,
    search,
    supervision,
    surveys,
)
from . import schedule as schedule_api  # noqa: E402
from . import workplans as workplans_api  # noqa: E402

api.add_router("/org/", org.router)
api.add_router("/supervision/", supervision.router)
api.add_router("/duty/", duty.router)
api.add_router("/proposals/", search.similar_router)
api.add_router("/proposals/", proposals.router)
api.add_router("/opinions/", opinions.router)
api.add_router("/consultations/", consultations.router)
api.add_router("/learning/", learning.router)
api.add_router("/participation/", participation.router)
api.add_router("/notices/", notices.router)
api.add_router("/reports/", reports.router)
api.add_router("/joint/", joint.router)
api.add_router("/grassroots/", grassroots.router)
api.add_router("/plenary/", plenary.router)
api.add_router("/regulations/", regulations.router)
api.add_router("/assessment/", assessment.router)
api.add_router("/consultations/materials/", materials.router)
api.add_router("/groups/", groups.router)
api.add_router("/surveys/", surveys.router)
api.add_router("/search", search.router)
api.add_router("/news/", news.router)
api.add_router("/workplans/", workplans_api.router)
api.add_router("/schedule/", schedule_api.router)

__all__ = ["api", "core"]

from . import exchange  # noqa: E402

api.add_router("/exchange/", exchange.router)
api.add_router("/contacts/", exchange.contacts_router)
