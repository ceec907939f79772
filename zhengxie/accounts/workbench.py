from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    """The security administrator is told about accounts locked out right now."""
    if not has_role(user, committee_id, Role.SECADMIN):
        return []
    count = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).count()
    return [PendingItem("被锁定的账号", count, reverse("accounts:security"), urgent=True)] if count else []
