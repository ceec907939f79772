from __future__ import annotations

from typing import Any

from .models import Notice


def unread_count(user: Any) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
