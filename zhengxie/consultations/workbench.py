"""Consultations' pending items on the home page: overdue steps, leave requests to decide and
standalone trips' reports to submit (activity staff), reviews waiting for a named reviewer
(leaders and activity staff), a plan awaiting approval (leader), invitations to answer and open
online deliberations (member).

Each list item is a `Task`: the page its link opens (`?task=`) lists exactly the counted rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .models import Activity, Consultation, Deliberation, Invitation, Plan, Review, Step, TripReport
from .permissions import my_member_ids
from .services.reviews import pending_for


def _overdue(user: Any, committee_id: int) -> QuerySet[Consultation]:
    return Consultation.objects.filter(committee_id=committee_id, due_on__lt=timezone.localdate()).exclude(
        state=Step.ARCHIVED
    )


def _leave(user: Any, committee_id: int) -> QuerySet[Activity]:
    """Activities still to come with a member's leave request waiting for a decision."""
    asking = Invitation.objects.filter(
        committee_id=committee_id,
        reply=Invitation.Reply.LEAVE_REQUESTED,
        activity__starts_at__gte=timezone.now(),
    )
    return Activity.objects.filter(pk__in=asking.values("activity_id"))


def _to_answer(user: Any, committee_id: int) -> QuerySet[Invitation]:
    # By the member's committee: a co-organising committee's member is invited to the host's
    # activity (joint app) and sees the invitation on his own committee's home page.
    return Invitation.objects.filter(
        member__committee_id=committee_id,
        member_id__in=my_member_ids(user),
        reply=Invitation.Reply.INVITED,
        activity__state=Activity.State.PLANNED,
        activity__starts_at__gte=timezone.now(),
    )


def _open_deliberations(user: Any, committee_id: int) -> QuerySet[Deliberation]:
    now = timezone.now()
    invited = Deliberation.objects.filter(members__in=my_member_ids(user)).values("pk")
    return Deliberation.objects.filter(
        committee_id=committee_id, pk__in=invited, opens_at__lte=now, closes_at__gte=now
    )


def _trip_reports(user: Any, committee_id: int) -> QuerySet[TripReport]:
    """Standalone inspections and research trips whose report is still to be submitted."""
    return TripReport.objects.filter(committee_id=committee_id, submitted_at__isnull=True)


def _to_review(user: Any, committee_id: int) -> QuerySet[Review]:
    return pending_for(user, committee_id)


STAFF_TASKS = TaskList(
    Task("overdue", "步骤逾期的协商", "consultations:index", _overdue, urgent=True),
    Task("leave", "有请假待审批的会议活动", "consultations:activity_list", _leave),
)
TRIP_TASKS = TaskList(
    Task("trip_reports", "待提交的视察调研报告", "consultations:trip_report_list", _trip_reports),
)
# Named reviewers (leaders and activity staff) of 开题、方案 and 报告评审.
REVIEWER_TASKS = TaskList(
    Task(
        "to_review",
        "待评审的协商开题报告、方案和调研报告",
        "consultations:review_list",
        _to_review,
        urgent=True,
    ),
)
MEMBER_TASKS = TaskList(
    Task("to_answer", "待回复的活动邀请", "consultations:my_activities", _to_answer),
    Task("open", "正在进行的网络议政", "consultations:deliberation_list", _open_deliberations),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if Role.ACTIVITY_STAFF in roles:
        result += STAFF_TASKS.pending(user, committee_id, ["overdue", "leave"])
        result += TRIP_TASKS.pending(user, committee_id, ["trip_reports"])
    if Role.ACTIVITY_STAFF in roles or Role.LEADER in roles:
        result += REVIEWER_TASKS.pending(user, committee_id, ["to_review"])
    if Role.LEADER in roles:
        submitted = Plan.objects.filter(committee_id=committee_id, state=Plan.State.SUBMITTED).first()
        if submitted is not None:
            result.append(
                PendingItem(
                    "待审定的年度协商计划", 1, reverse("consultations:plan_detail", args=[submitted.pk])
                )
            )
    if Role.MEMBER in roles:
        result += MEMBER_TASKS.pending(user, committee_id, ["to_answer", "open"])
    return result
