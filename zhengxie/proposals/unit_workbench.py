"""Proposal handling's pending items on the home page: assignments to sign for, replies due
soon or overdue, lead replies to co-sign (units); filed proposals to assign, objections, extension
requests and replies to review (proposal staff).

The units' items are `Task`s: the unit's inbox opened with `?task=` lists exactly the rows
counted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import roles_in

from . import selectors
from .models import Assignment, InspectionVisit, Reply
from .permissions import user_units

A = Assignment.State
# How far ahead a reply deadline counts as "due soon".
DUE_SOON_DAYS = 15
OPEN_STATES = (A.PENDING, A.OBJECTING, A.HANDLING)


def _mine(user: Any, committee_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.filter(committee_id=committee_id, unit_id__in=user_units(user, committee_id))


def _to_sign(user: Any, committee_id: int) -> QuerySet[Assignment]:
    return _mine(user, committee_id).filter(state=A.PENDING)


def _due_soon(user: Any, committee_id: int) -> QuerySet[Assignment]:
    today = timezone.localdate()
    return _mine(user, committee_id).filter(
        state__in=OPEN_STATES, due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    )


def _overdue(user: Any, committee_id: int) -> QuerySet[Assignment]:
    return _mine(user, committee_id).filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate())


def _to_cosign(user: Any, committee_id: int) -> QuerySet[Assignment]:
    """The unit's 会办 shares whose lead reply of the current round waits for its co-signature.
    Who has signed is a JSON list on the reply, read here (few replies wait at once)."""
    rows = (
        _mine(user, committee_id)
        .filter(role=Assignment.Role.CO)
        .exclude(state=A.WITHDRAWN)
        .filter(
            proposal__replies__state=Reply.State.COSIGNING,
            proposal__replies__round=F("proposal__round"),
            proposal__replies__assignment__role=Assignment.Role.LEAD,
        )
        .values_list("pk", "unit_id", "proposal__replies__cosigned_by")[:200]
    )
    waiting = [pk for pk, unit_id, signed in rows if unit_id not in (signed or [])]
    return Assignment.objects.filter(pk__in=waiting)


def _reply_returned(user: Any, committee_id: int) -> QuerySet[Assignment]:
    """Shares whose reply of the current round staff returned for rewriting."""
    return _mine(user, committee_id).filter(
        state=A.HANDLING,
        replies__state=Reply.State.RETURNED,
        replies__round=F("proposal__round"),
    )


UNIT_TASKS = TaskList(
    Task("to_sign", "待签收的提案", "proposals:unit_inbox", _to_sign),
    Task("due_soon", f"{DUE_SOON_DAYS}天内到期的提案", "proposals:unit_inbox", _due_soon),
    Task("overdue", "已逾期未答复的提案", "proposals:unit_inbox", _overdue, urgent=True),
    Task("to_cosign", "待会签的提案答复", "proposals:unit_inbox", _to_cosign),
    Task("reply_returned", "答复被退回待修改的提案", "proposals:unit_inbox", _reply_returned, urgent=True),
)


def _staff(select: Any) -> Any:
    """A staff list: the committee's rows the list page shows (its selector, by committee)."""
    return lambda user, committee_id: select(committee_id)


# The staff's lists show these selectors as they are.
STAFF_TASKS = TaskList(
    Task("to_assign", "待交办的提案", "proposals:assign_batch", _staff(selectors.filed_to_assign)),
    Task("objections", "待审核的改办申请", "proposals:objection_list", _staff(selectors.pending_objections)),
    Task(
        "extensions", "待审批的提案延期申请", "proposals:extension_list", _staff(selectors.pending_extensions)
    ),
    Task("replies", "待审核的提案答复", "proposals:reply_list", _staff(selectors.replies_to_review)),
)


def _inspection_to_reply(user: Any, committee_id: int) -> QuerySet[InspectionVisit]:
    """督导组 findings about the user's units that wait for the unit's reply."""
    return InspectionVisit.objects.filter(
        committee_id=committee_id,
        unit_id__in=user_units(user, committee_id),
        state=InspectionVisit.State.AWAITING,
    )


def _inspection_to_record(user: Any, committee_id: int) -> QuerySet[InspectionVisit]:
    """Visits already made whose findings the office has not written down yet."""
    return InspectionVisit.objects.filter(
        committee_id=committee_id, state=InspectionVisit.State.PLANNED, visit_on__lte=timezone.localdate()
    )


# The 督导组 lists open with `?task=`: the unit's findings to reply to, the office's visits to record.
INSPECTION_TASKS = TaskList(
    Task("to_reply", "督导组反馈待回复", "proposals:inspection_unit", _inspection_to_reply, urgent=True),
    Task("to_record", "待记录督导意见的督导", "proposals:inspections", _inspection_to_record),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if roles & UNIT_ROLES:
        result += UNIT_TASKS.pending(
            user, committee_id, ["to_sign", "due_soon", "overdue", "to_cosign", "reply_returned"]
        )
        result += INSPECTION_TASKS.pending(user, committee_id, ["to_reply"])
    if Role.PROPOSAL_STAFF in roles:
        result += STAFF_TASKS.pending(
            user, committee_id, ["to_assign", "objections", "extensions", "replies"]
        )
        result += INSPECTION_TASKS.pending(user, committee_id, ["to_record"])
    return result
