"""Authentication endpoints and /me."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_otp import match_token, user_has_device
from ninja import Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.accounts.gate import requires_two_factor
from zhengxie.accounts.lockout import locked_message, lockout_audit_data
from zhengxie.accounts.models import ApiToken, User
from zhengxie.accounts.services import api_token_revoke
from zhengxie.accounts.tokens import api_token_create
from zhengxie.audit.services import record
from zhengxie.org.middleware import current_committee_id
from zhengxie.org.models import Committee, HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments

from .router import api

BAD_CREDENTIALS = "用户名/手机号或密码不正确"


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150, description="用户名或登录手机号")
    password: str = Field(min_length=1, max_length=256)
    otp_code: str | None = Field(None, max_length=12, description="双因素动态验证码（已启用时必填）")
    name: str = Field("API", max_length=50, description="令牌名称，便于日后识别和撤销")


class TokenOut(Schema):
    token: str
    name: str
    prefix: str
    expires_at: datetime = Field(description="有效期至；过期后须重新申请")


class TokenInfo(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = Field(description="最近使用时间（每分钟至多记录一次）")
    revoked: bool
    expired: bool


class MyCommitteeOut(Schema):
    id: int
    name: str
    level: str


class RoleOut(Schema):
    code: str
    label: str
    handling_unit: str | None = None


class CommitteeRoles(Schema):
    committee: MyCommitteeOut
    roles: list[RoleOut]


class MeOut(Schema):
    username: str
    display_name: str
    phone: str
    committees: list[CommitteeRoles]
    current_committee_id: int | None


@api.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut},
    tags=["认证"],
    summary="用用户名/手机号和密码换取令牌",
    description="令牌只在此返回一次。已启用双因素认证的账号须同时提交 `otp_code`（动态验证码）。",
)
def create_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    found = authenticate(request, username=payload.username, password=payload.password)
    if found is None:
        if getattr(request, "axes_locked_out", False):
            record(
                action="auth.locked_out",
                success=False,
                actor_name=payload.username,
                data=lockout_audit_data(request, payload.username, "api"),
            )
            # AxesMiddleware would swap our answer for the HTML login page; an API client gets JSON.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            raise HttpError(429, locked_message(request))
        record(action="auth.login_failed", success=False, actor_name=payload.username, data={"via": "api"})
        raise HttpError(401, BAD_CREDENTIALS)
    assert isinstance(found, User)
    user = found
    if requires_two_factor(user):
        if not user_has_device(user):
            # Required by role but not enrolled yet: enrolment needs the web page (QR code).
            raise HttpError(401, "请先登录网页设置双因素认证，再申请令牌")
        if not payload.otp_code or match_token(user, payload.otp_code.strip()) is None:
            record(action="auth.otp_failed", obj=user, by=user, success=False, data={"via": "api"})
            raise HttpError(401, "需要有效的双因素动态验证码（otp_code）")
    if user.must_change_password:
        raise HttpError(403, "请先登录网页修改初始密码")
    with transaction.atomic():
        token, value = api_token_create(user=user, name=payload.name)
        record(action="auth.token_login", obj=user, by=user, data={"token": token.pk})
    return TokenOut(token=value, name=token.name, prefix=token.prefix, expires_at=token.expires_at)


@api.get("/auth/tokens", response=list[TokenInfo], tags=["认证"], summary="我的令牌")
def list_tokens(request: HttpRequest) -> list[TokenInfo]:
    return [
        TokenInfo(
            id=t.pk,
            name=t.name,
            prefix=t.prefix,
            created_at=t.created_at,
            expires_at=t.expires_at,
            last_used_at=t.last_used_at,
            revoked=t.revoked_at is not None,
            expired=t.is_expired,
        )
        for t in ApiToken.objects.filter(user_id=request.user.pk or 0)
    ]


@api.delete("/auth/tokens/{token_id}", response={204: None}, tags=["认证"], summary="撤销令牌")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    # Another user's token is answered like one that does not exist.
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id, user_id=request.user.pk)
    api_token_revoke(token=token, by=request.user)
    return Status(204, None)


@api.get("/me", response=MeOut, tags=["认证"], summary="当前用户、角色和所属政协")
def me(request: HttpRequest) -> MeOut:
    user: User = request.user  # type: ignore[assignment]
    rows = assignments(user)
    committees = {c.pk: c for c in Committee.objects.filter(pk__in={c for c, _, _ in rows})}
    units = dict(HandlingUnit.objects.filter(pk__in={u for _, _, u in rows if u}).values_list("pk", "name"))
    grouped: dict[int, list[RoleOut]] = {}
    for committee_id, role, unit_id in rows:
        grouped.setdefault(committee_id, []).append(
            RoleOut(code=role, label=Role(role).label, handling_unit=units.get(unit_id) if unit_id else None)
        )
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        phone=user.phone_masked,
        committees=[
            CommitteeRoles(committee=MyCommitteeOut(id=c.pk, name=c.name, level=c.level), roles=grouped[c.pk])
            for c in sorted(committees.values(), key=lambda c: c.code)
        ],
        current_committee_id=current_committee_id(request),
    )
