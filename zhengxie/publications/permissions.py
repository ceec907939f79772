"""Who sees the publications: activity staff (who edit them) and leaders of the committee.
Anyone else gets 404."""

from __future__ import annotations

from typing import Any

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.org.roles import Role
from zhengxie.org.scope import get_for_user, has_role

from .models import Issue, IssueItem


def is_staff(user: Any, committee_id: int | None) -> bool:
    return has_role(user, committee_id, Role.ACTIVITY_STAFF)


def get_issue_for_user(user: Any, pk: Any) -> Issue:
    return get_for_user(Issue.objects.select_related("series"), user, pk, OFFICE_ROLES)


def get_item_for_staff(user: Any, pk: Any) -> IssueItem:
    return get_for_user(IssueItem.objects.select_related("issue"), user, pk, [Role.ACTIVITY_STAFF])
