"""Authentication endpoints and /me."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_otp import match_token
from ninja import Schema, Status
from ninja.errors import HttpError

from zhengxie.accounts.gate import requires_two_factor
from zhengxie.accounts.models import ApiToken, User
from zhengxie.accounts.services import api_token_revoke
from zhengxie.accounts.tokens import api_token_create
from zhengxie.audit.services import record
from zhengxie.org.models import Committee, HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments

from .router import api


class TokenIn(Schema):
    username: str
    password: str
    otp_code: str | None = None
    name: str = "API"


class TokenOut(Schema):
    token: str
    name: str
    prefix: str


class TokenInfo(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class CommitteeOut(Schema):
    id: int
    name: str
    level: str


class RoleOut(Schema):
    code: str
    label: str
    handling_unit: str | None = None


class CommitteeRoles(Schema):
    committee: CommitteeOut
    roles: list[RoleOut]


class MeOut(Schema):
    username: str
    display_name: str
    phone: str
    committees: list[CommitteeRoles]
    current_committee_id: int | None


@api.post(
    "/auth/token", auth=None, response={200: TokenOut}, tags=["认证"], summary="用用户名/手机号和密码换取令牌"
)
def create_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        record(action="auth.login_failed", success=False, actor_name=payload.username, data={"via": "api"})
        raise HttpError(401, "用户名/手机号或密码不正确")
    assert isinstance(user, User)
    if requires_two_factor(user) and (not payload.otp_code or match_token(user, payload.otp_code) is None):
        record(action="auth.otp_failed", obj=user, by=user, success=False, data={"via": "api"})
        raise HttpError(401, "需要有效的双因素验证码（otp_code）")
    if user.must_change_password:
        raise HttpError(403, "请先登录网页修改初始密码")
    token, value = api_token_create(user=user, name=payload.name)
    record(action="auth.token_login", obj=user, by=user, data={"token": token.pk})
    return TokenOut(token=value, name=token.name, prefix=token.prefix)


@api.get("/auth/tokens", response=list[TokenInfo], tags=["认证"], summary="我的令牌")
def list_tokens(request: HttpRequest) -> list[TokenInfo]:
    return [
        TokenInfo(
            id=t.pk,
            name=t.name,
            prefix=t.prefix,
            created_at=t.created_at,
            last_used_at=t.last_used_at,
            revoked=t.revoked_at is not None,
        )
        for t in ApiToken.objects.filter(user_id=request.user.pk or 0)
    ]


@api.delete("/auth/tokens/{token_id}", response={204: None}, tags=["认证"], summary="撤销令牌")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    token = get_object_or_404(ApiToken, pk=token_id, user_id=request.user.pk)
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
    from zhengxie.org.middleware import current_committee_id

    return MeOut(
        username=user.username,
        display_name=user.display_name,
        phone=user.phone_masked,
        committees=[
            CommitteeRoles(committee=CommitteeOut(id=c.pk, name=c.name, level=c.level), roles=grouped[c.pk])
            for c in sorted(committees.values(), key=lambda c: c.code)
        ],
        current_committee_id=current_committee_id(request),
    )
