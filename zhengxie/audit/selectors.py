"""What an audit administrator may read of the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .models import AuditEvent


def events_for_committee(committee_id: int) -> QuerySet[AuditEvent]:
    """Events of the committee's records, plus events without a committee (logins, failures,
    account changes) of accounts that hold a role in the committee, matched by login name so that
    failed logins, which have no actor, are included."""
    usernames = (
        get_user_model().objects.filter(role_assignments__committee_id=committee_id).values("username")
    )
    return AuditEvent.objects.filter(
        Q(committee_id=committee_id) | Q(committee_id__isnull=True, actor_name__in=usernames)
    )


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
