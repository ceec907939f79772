"""The audit administrator's part of the home page (工作台)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .selectors import events_for_committee


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    if not has_role(user, committee_id, Role.AUDITADMIN):
        return []
    since = timezone.now() - timedelta(hours=24)
    count = (
        events_for_committee(committee_id)
        .filter(action="auth.login_failed", created_at__gte=since)
        .order_by()
        .values("id")[:1000]
        .count()
    )
    url = reverse("audit:event_list") + "?action=auth.login_failed"
    return [PendingItem("近24小时登录失败", count, url)] if count else []
