"""社情民意's pending items on the home page: incoming items to accept, items being edited and
signed items to publish (information centre), items awaiting sign-off (leader), items to screen
(a unit's liaison officer) and returned items (authors). A fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import ADMIN_ROLES, Role
from zhengxie.org.scope import roles_in

from .models import Opinion
from .permissions import liaison_units

S = Opinion.State


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
    mine = reverse("opinions:mine")
    # 三员 administrators hold no business role, so they are never a unit's liaison officer.
    units = set() if roles & ADMIN_ROLES else liaison_units(user)
    if units:
        screening = Opinion.objects.filter(unit_id__in=units, state=S.UNIT_REVIEW).count()
        if screening:
            result.append(PendingItem("待本单位审核的社情民意信息", screening, mine))
    if Role.MEMBER in roles:
        returned = Opinion.objects.filter(
            committee_id=committee_id, created_by_id=user.pk, state=S.RETURNED
        ).count()
        if returned:
            result.append(PendingItem("被退回修改的社情民意信息", returned, mine, urgent=True))
    return result
