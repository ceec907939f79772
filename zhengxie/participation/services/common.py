"""What the services share: text checks, who is told, points through the duty rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import QuerySet

from zhengxie.duty.services import record_points
from zhengxie.lib.controlchars import CONTROL_CHARACTERS
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import UNIT_ROLES


def control_problem(*texts: str) -> str | None:
    if any(CONTROL_CHARACTERS.search(t or "") for t in texts):
        return "内容含有不可见的控制字符，请删除后重新提交"
    return None


def users_with(committee_id: int, roles: Iterable[str]) -> QuerySet[Any]:
    ids = RoleAssignment.objects.filter(committee_id=committee_id, role__in=list(roles)).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def unit_users(committee_id: int, unit_id: int) -> QuerySet[Any]:
    ids = RoleAssignment.objects.filter(
        committee_id=committee_id, handling_unit_id=unit_id, role__in=UNIT_ROLES
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def tell(
    users: Iterable[Any], *, committee_id: int, key: str, title: str, body: str = "", url: str = ""
) -> None:
    """A notice to each user after commit (once per user and key)."""
    recipients = list(users)

    def send() -> None:
        for user in recipients:
            notify(
                recipient=user,
                key=key,
                title=title[:200],
                body=body[:1000],
                url=url,
                committee_id=committee_id,
            )

    transaction.on_commit(send)


def member_of(user: Any, committee_id: int) -> Member | None:
    return (
        Member.objects.filter(committee_id=committee_id, person__user_id=user.pk, is_active=True)
        .select_related("person")
        .first()
    )


def award(*, member: Member, code: str, source: models.Model, by: Any, note: str) -> bool:
    """Points by the committee's duty rule `code`; a committee that has no such rule this year
    (or stopped it) scores nothing, which is its choice, not an error."""
    try:
        with transaction.atomic():
            record_points(member=member, code=code, source=source, by=by, note=note[:200])
    except DomainError:
        return False
    return True
