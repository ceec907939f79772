"""/api/v1/: one NinjaAPI; each app adds its router under /api/v1/<app>/."""

from __future__ import annotations

from ninja import NinjaAPI

from .auth import BearerTokenAuth, SessionAuth

api = NinjaAPI(
    title="智慧政协 API",
    version="1",
    description="掌上履职与承办单位系统对接接口。认证：会话，或 `Authorization: Bearer <token>`。",
    auth=[BearerTokenAuth(), SessionAuth()],
    urls_namespace="api",
)

from . import core  # noqa: E402,F401  (registers /auth and /me)
