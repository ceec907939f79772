"""Work plans' pending items on the home page: the year's plans awaiting a leader's approval, and,
for activity staff, planned items whose month has come and that are not yet arranged."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import roles_in, unit_ids

from . import selectors
from .models import Finding, Supervisor, SupervisorReport, YearPlan
from .supervisor_reports import appointments_of


def _to_approve(user: Any, committee_id: int) -> QuerySet[YearPlan]:
    return YearPlan.objects.filter(committee_id=committee_id, state=YearPlan.State.SUBMITTED)


def _to_arrange(user: Any, committee_id: int) -> QuerySet[YearPlan]:
    return YearPlan.objects.filter(pk__in=selectors.due_unarranged(committee_id).values("year_plan_id"))


def _to_reply(user: Any, committee_id: int) -> QuerySet[Finding]:
    return Finding.objects.filter(
        committee_id=committee_id, unit_id__in=unit_ids(user, committee_id), state=Finding.State.SENT
    )


def _to_rate(user: Any, committee_id: int) -> QuerySet[Finding]:
    return Finding.objects.filter(committee_id=committee_id, state=Finding.State.REPLIED)


def _to_write(user: Any, committee_id: int) -> QuerySet[Supervisor]:
    """A supervisor's departments he or she has not reported on yet this year."""
    return appointments_of(user, committee_id).exclude(
        own_reports__submitted_at__year=timezone.localdate().year
    )


def _to_revise(user: Any, committee_id: int) -> QuerySet[SupervisorReport]:
    return SupervisorReport.objects.filter(
        committee_id=committee_id,
        supervisor__member__person__user=user,
        state=SupervisorReport.State.RETURNED,
    )


def _to_review(user: Any, committee_id: int) -> QuerySet[SupervisorReport]:
    return SupervisorReport.objects.filter(committee_id=committee_id, state=SupervisorReport.State.SUBMITTED)


SUPERVISOR_TASKS = TaskList(
    Task("to_write", "本年度待报送的特约监督报告", "workplans:supervise", _to_write),
    Task("to_revise", "退回修改的特约监督报告", "workplans:supervise", _to_revise, urgent=True),
)

REPORT_TASKS = TaskList(
    Task("to_review", "待审阅的特约监督员报告", "workplans:reports", _to_review),
)

FINDING_TASKS = TaskList(
    Task("to_reply", "待答复的民主监督意见", "workplans:findings", _to_reply, urgent=True),
    Task("to_rate", "待评价的民主监督答复", "workplans:findings", _to_rate),
)

TASKS = TaskList(
    Task("to_approve", "待审定的视察调研和民主监督计划", "workplans:index", _to_approve),
    Task("to_arrange", "到期未安排的计划项目", "workplans:index", _to_arrange, urgent=True),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    keys = []
    if Role.LEADER in roles:
        keys.append("to_approve")
    if Role.ACTIVITY_STAFF in roles:
        keys.append("to_arrange")
    items = TASKS.pending(user, committee_id, keys)
    if Role.ACTIVITY_STAFF in roles:
        items += FINDING_TASKS.pending(user, committee_id, ["to_rate"])
    if roles & UNIT_ROLES:
        items += FINDING_TASKS.pending(user, committee_id, ["to_reply"])
    if Role.ACTIVITY_STAFF in roles:
        items += REPORT_TASKS.pending(user, committee_id, ["to_review"])
    if Role.MEMBER in roles:
        items += SUPERVISOR_TASKS.pending(user, committee_id, ["to_revise", "to_write"])
    return items
