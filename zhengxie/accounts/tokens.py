"""Personal API tokens: created once, stored as an SM3 digest, listed and revoked by their owner."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.crypto import sm3_hex

from .models import ApiToken, User


def user_for_token(token: str) -> User | None:
    if not token:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=sm3_hex(token.encode()), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    # Touch at most once a minute so reads do not each cost a write.
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the plain value is returned once and never stored."""
    value = "zx_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:50] or "API", prefix=value[:8], digest=sm3_hex(value.encode())
        )
        record(action="api_token.created", obj=user, by=user, data={"token": token.pk, "name": token.name})
    return token, value
