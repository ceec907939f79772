"""Login lockout on top of django-axes, counted per account and per client address.

django-axes counts failures per key and client address. Its key is the account a typed identifier
resolves to (`wang`, `13582094348`, `135 8209 4348` and `+86 135-8209-4348` are one account), so
switching between username and phone forms gains an attacker nothing. An identifier that matches
no account counts under its normalised form, so locking out looks the same for existing and
unknown accounts. Besides that, one client address may fail at most `LOCKOUT_IP_FAILURES` times
across all identifiers within the cool-off time (password spraying)."""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from .backends import find_account, phone_or_none
from .models import User

# Which lock refused the request: the account's (per account and address) or the address's.
ACCOUNT = "account"
ADDRESS = "address"


def _identifier(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    if credentials:
        raw = credentials.get("username")
    else:
        raw = request.POST.get("username") if request is not None else None
    return (raw or "").strip() if isinstance(raw, str) else ""


def account_for(request: HttpRequest | None, identifier: str) -> User | None:
    """find_account, remembered on the request: axes asks for the key several times per attempt."""
    if request is None:
        return find_account(identifier)
    memo: dict[str, User | None] = request.__dict__.setdefault("_zx_accounts", {})
    if identifier not in memo:
        memo[identifier] = find_account(identifier)
    return memo[identifier]


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account's username, or the normalised unknown identifier."""
    identifier = _identifier(request, credentials)
    if not identifier:
        return None
    user = account_for(request, identifier)
    if user is not None:
        return user.username
    return phone_or_none(identifier) or identifier


def address_failures(request: HttpRequest) -> int:
    """Failures from the request's client address within the cool-off time, whatever the key."""
    ip = getattr(request, "axes_ip_address", None)
    if not ip:
        return 0
    total = (
        AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=get_cool_off_threshold(request))
        .aggregate(n=Sum("failures_since_start"))
        .get("n")
    )
    return total or 0


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the per-address limit added (AXES_HANDLER)."""

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            request.zx_lockout = ACCOUNT
            return True
        if address_failures(request) >= settings.LOCKOUT_IP_FAILURES:
            request.zx_lockout = ADDRESS
            return True
        return False

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        if getattr(request, "axes_locked_out", False):
            request.zx_lockout = getattr(request, "zx_lockout", None) or ACCOUNT
        elif address_failures(request) >= settings.LOCKOUT_IP_FAILURES:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.zx_lockout = ADDRESS


def locked_message(request: HttpRequest | None = None) -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if getattr(request, "zx_lockout", None) == ADDRESS:
        return f"该网络地址登录失败次数过多，已暂停登录{minutes}分钟，请稍后再试"
    return f"登录失败次数过多，账号已锁定{minutes}分钟，请稍后再试"


def lockout_audit_data(request: HttpRequest, identifier: str, via: str) -> dict[str, Any]:
    """What the `auth.locked_out` event says: which lock, and the account an identifier resolved to."""
    user = account_for(request, identifier.strip())
    return {
        "via": via,
        "lock": getattr(request, "zx_lockout", None) or ACCOUNT,
        "account": user.username if user is not None else None,
    }
