"""社情民意's pending items on the home page: incoming items to accept, items being edited and
signed items to publish (information centre), items awaiting sign-off (leader), items to screen
(a unit's liaison officer) and returned items (authors). A fixed number of queries; the
liaison's and the authors' items are `Task`s whose list is exactly the rows counted."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import ADMIN_ROLES, Role
from zhengxie.org.scope import roles_in

from .models import Opinion
from .permissions import liaison_units

S = Opinion.State


def _unit_review(user: Any, committee_id: int) -> QuerySet[Opinion]:
    return Opinion.objects.filter(unit_id__in=liaison_units(user), state=S.UNIT_REVIEW)


def _returned(user: Any, committee_id: int) -> QuerySet[Opinion]:
    return Opinion.objects.filter(committee_id=committee_id, created_by_id=user.pk, state=S.RETURNED)


# Opened on 我的社情民意 (`?task=`), which then lists exactly these rows.
MINE_TASKS = TaskList(
    Task("unit_review", "待本单位审核的社情民意信息", "opinions:mine", _unit_review),
    Task("returned", "被退回修改的社情民意信息", "opinions:mine", _returned, urgent=True),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    queue = reverse("opinions:queue")
    if roles & {Role.INFO_STAFF, Role.LEADER}:
        counts = Opinion.objects.filter(committee_id=committee_id).aggregate(
            received=Count("id", filter=Q(state=S.RECEIVED)),
            editing=Count("id", filter=Q(state=S.EDITING)),
            signoff=Count("id", filter=Q(state=S.SIGNOFF)),
            signed=Count("id", filter=Q(state=S.SIGNED)),
        )
        if Role.INFO_STAFF in roles:
            for label, key in (
                ("待受理的社情民意信息", "received"),
                ("编辑中的社情民意信息", "editing"),
                ("已签发待编发的社情民意信息", "signed"),
            ):
                if counts[key]:
                    result.append(PendingItem(label, counts[key], f"{queue}?state={key}"))
        if Role.LEADER in roles and counts["signoff"]:
            result.append(PendingItem("待签发的社情民意信息", counts["signoff"], f"{queue}?state=signoff"))
    # 三员 administrators hold no business role, so they are never a unit's liaison officer.
    if not roles & ADMIN_ROLES and liaison_units(user):
        result += MINE_TASKS.pending(user, committee_id, ["unit_review"])
    if Role.MEMBER in roles:
        result += MINE_TASKS.pending(user, committee_id, ["returned"])
    return result
