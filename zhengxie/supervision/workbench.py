"""Supervision's pending items on the home page: drafts to approve (leader), items to issue,
returns and extensions to decide and completion reports to verify (office), items to sign for,
overdue reports and red items (units). A fixed number of queries whatever the counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in, unit_ids

from .models import Colour, Extension, Item
from .permissions import UNIT_ROLES, items_visible

S = Item.State


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    board = reverse("supervision:board")
    if roles & {Role.LEADER, Role.SUPERVISION_STAFF}:
        counts = Item.objects.filter(committee_id=committee_id).aggregate(
            draft=Count("id", filter=Q(state=S.DRAFT)),
            registered=Count("id", filter=Q(state=S.REGISTERED)),
            returns=Count("id", filter=Q(state=S.RETURN_REVIEW)),
            verifying=Count("id", filter=Q(state=S.VERIFYING)),
            red=Count("id", filter=Q(colour=Colour.RED)),
        )
        if Role.LEADER in roles and counts["draft"]:
            result.append(PendingItem("待审核的督办事项", counts["draft"], f"{board}?state=draft"))
        if Role.SUPERVISION_STAFF in roles:
            extensions = Extension.objects.filter(
                committee_id=committee_id, state=Extension.State.PENDING
            ).count()
            for label, key, state in (
                ("待下发的督办事项", "registered", "registered"),
                ("退办申请待处理", "returns", "return_review"),
                ("办结报告待核实", "verifying", "verifying"),
            ):
                if counts[key]:
                    result.append(PendingItem(label, counts[key], f"{board}?state={state}"))
            if extensions:
                result.append(PendingItem("延期申请待审批", extensions, f"{board}?state=in_progress"))
        if counts["red"]:
            result.append(PendingItem("亮红灯的督办事项", counts["red"], f"{board}?colour=red", urgent=True))
    if roles & UNIT_ROLES:
        # Work to do: only the items the unit leads (co-operating units read, but do not act).
        mine = items_visible(user, Item.objects.filter(committee_id=committee_id)).filter(
            lead_unit_id__in=unit_ids(user, committee_id)
        )
        counts = mine.aggregate(
            to_sign=Count("id", filter=Q(state=S.ISSUED)),
            report_due=Count("id", filter=Q(state=S.IN_PROGRESS, next_report_on__lte=timezone.localdate())),
            red=Count("id", filter=Q(colour=Colour.RED)),
        )
        inbox = reverse("supervision:inbox")
        if counts["to_sign"]:
            result.append(PendingItem("待签收的督办事项", counts["to_sign"], f"{inbox}?bucket=to_sign"))
        if counts["report_due"]:
            result.append(
                PendingItem("应报送进度的督办事项", counts["report_due"], f"{inbox}?bucket=in_progress")
            )
        if counts["red"]:
            result.append(
                PendingItem("逾期亮红灯的督办事项", counts["red"], f"{inbox}?bucket=in_progress", urgent=True)
            )
    return result
