"""Personal API tokens: created once, stored as an SM3 digest, listed and revoked by their owner,
valid for settings.API_TOKEN_DAYS."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.crypto import sm3_hex

from .models import ApiToken, User

# A token's last use is written at most this often, so reads do not each cost a write.
TOUCH_INTERVAL = timedelta(minutes=1)


def user_for_token(token: str) -> User | None:
    """The token's owner, or None for an unknown, revoked or expired token or an inactive owner."""
    if not token:
        return None
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=sm3_hex(token.encode()),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_INTERVAL:
        # Conditional, so concurrent requests with one token write once.
        ApiToken.objects.filter(pk=row.pk, last_used_at=row.last_used_at).update(last_used_at=now)
    return row.user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the plain value is returned once and never stored."""
    value = "zx_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:50] or "API",
            prefix=value[:8],
            digest=sm3_hex(value.encode()),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        )
        record(
            action="api_token.created",
            obj=user,
            by=user,
            data={"token": token.pk, "name": token.name, "expires_at": token.expires_at},
        )
    return token, value
