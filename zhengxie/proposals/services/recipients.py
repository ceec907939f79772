"""Who is told about a proposal: a unit's clerks and leaders, the committee's proposal staff."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import UNIT_ROLES, Role


def unit_users(committee_id: int, unit_ids: Iterable[int]) -> QuerySet[Any]:
    """The active clerks and leaders of the units, each user once."""
    user_ids = RoleAssignment.objects.filter(
        committee_id=committee_id, handling_unit_id__in=list(unit_ids), role__in=UNIT_ROLES
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def staff_users(committee_id: int) -> QuerySet[Any]:
    """The committee's active proposal staff."""
    user_ids = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.PROPOSAL_STAFF).values(
        "user_id"
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def tell_staff(*, committee_id: int, key: str, title: str, body: str = "", url: str = "") -> None:
    """A notice to every proposal staff member of the committee (once per key and person)."""
    for user in staff_users(committee_id):
        notify(
            recipient=user, key=key, title=title[:200], body=body[:1000], url=url, committee_id=committee_id
        )
