from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache

from .models import Notice


def unread_cache_key(user_id: int) -> str:
    return f"zx:unread:{user_id}"


def unread_count(user: Any) -> int:
    """The user's unread notices: counted once per request (kept on the user object, which lives
    as long as the request) and, with UNREAD_CACHE_SECONDS, once per user until a notice is
    created or read (services.forget_unread)."""
    memo: int | None = getattr(user, "_zx_unread", None)
    if memo is not None:
        return memo
    seconds = settings.UNREAD_CACHE_SECONDS
    count: int | None = cache.get(unread_cache_key(user.pk)) if seconds else None
    if count is None:
        count = Notice.objects.filter(recipient=user, read_at__isnull=True).count()
        if seconds:
            cache.set(unread_cache_key(user.pk), count, seconds)
    user._zx_unread = count
    return count
