"""Supervision's pending items on the home page: drafts to approve (leader), items to issue,
returns and extensions to decide and completion reports to verify (office), items to sign for,
overdue reports and red items (units).

Each is a `Task` whose selector the list it opens shows as it is (the board or the unit's inbox
with `?task=`), so the count and the list are the same rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in, unit_ids

from .models import Colour, Extension, Item
from .permissions import UNIT_ROLES, items_visible

S = Item.State


def _office(**filters: Any) -> Any:
    def select(user: Any, committee_id: int) -> QuerySet[Item]:
        return Item.objects.filter(committee_id=committee_id, **filters)

    return select


def _extensions(user: Any, committee_id: int) -> QuerySet[Item]:
    pending = Extension.objects.filter(committee_id=committee_id, state=Extension.State.PENDING)
    return Item.objects.filter(committee_id=committee_id, pk__in=pending.values("item_id"))


def _led(**filters: Any) -> Any:
    """The unit's work: only the items it leads (co-operating units read, but do not act)."""

    def select(user: Any, committee_id: int) -> QuerySet[Item]:
        return items_visible(user, Item.objects.filter(committee_id=committee_id, **filters)).filter(
            lead_unit_id__in=unit_ids(user, committee_id)
        )

    return select


def _report_due(user: Any, committee_id: int) -> QuerySet[Item]:
    return _led(state=S.IN_PROGRESS, next_report_on__lte=timezone.localdate())(user, committee_id)


OFFICE_TASKS = TaskList(
    Task("draft", "待审核的督办事项", "supervision:board", _office(state=S.DRAFT)),
    Task("registered", "待下发的督办事项", "supervision:board", _office(state=S.REGISTERED)),
    Task("return_review", "退办申请待处理", "supervision:board", _office(state=S.RETURN_REVIEW)),
    Task("verifying", "办结报告待核实", "supervision:board", _office(state=S.VERIFYING)),
    Task("extensions", "延期申请待审批", "supervision:board", _extensions),
    Task("red", "亮红灯的督办事项", "supervision:board", _office(colour=Colour.RED), urgent=True),
)

UNIT_TASKS = TaskList(
    Task("to_sign", "待签收的督办事项", "supervision:inbox", _led(state=S.ISSUED)),
    Task("report_due", "应报送进度的督办事项", "supervision:inbox", _report_due),
    Task("red", "逾期亮红灯的督办事项", "supervision:inbox", _led(colour=Colour.RED), urgent=True),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    keys: list[str] = []
    if Role.LEADER in roles:
        keys.append("draft")
    if Role.SUPERVISION_STAFF in roles:
        keys += ["registered", "return_review", "verifying", "extensions"]
    if roles & {Role.LEADER, Role.SUPERVISION_STAFF}:
        keys.append("red")
    result = OFFICE_TASKS.pending(user, committee_id, keys)
    if roles & UNIT_ROLES:
        result += UNIT_TASKS.pending(user, committee_id, ["to_sign", "report_due", "red"])
    return result
