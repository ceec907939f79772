"""Consultations' pending items on the home page: overdue steps and leave requests to decide
(activity staff), a plan awaiting approval (leader), invitations to answer and open online
deliberations (member). A fixed number of queries whatever the counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .models import Consultation, Deliberation, Invitation, Plan, Step
from .permissions import my_member_ids


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    now, today = timezone.now(), timezone.localdate()
    if Role.ACTIVITY_STAFF in roles:
        overdue = (
            Consultation.objects.filter(committee_id=committee_id, due_on__lt=today)
            .exclude(state=Step.ARCHIVED)
            .count()
        )
        if overdue:
            url = reverse("consultations:index") + "?state=overdue"
            result.append(PendingItem("步骤逾期的协商", overdue, url, urgent=True))
        leave = Invitation.objects.filter(
            committee_id=committee_id, reply=Invitation.Reply.LEAVE_REQUESTED, activity__starts_at__gte=now
        ).count()
        if leave:
            result.append(
                PendingItem("待审批的请假", leave, reverse("consultations:activity_list") + "?upcoming=1")
            )
    if Role.LEADER in roles:
        submitted = Plan.objects.filter(committee_id=committee_id, state=Plan.State.SUBMITTED).first()
        if submitted is not None:
            result.append(
                PendingItem(
                    "待审定的年度协商计划", 1, reverse("consultations:plan_detail", args=[submitted.pk])
                )
            )
    if Role.MEMBER in roles:
        members = my_member_ids(user)
        counts = Invitation.objects.filter(member_id__in=members, activity__starts_at__gte=now).aggregate(
            unanswered=Count("id", filter=Q(reply=Invitation.Reply.INVITED, activity__state="planned"))
        )
        if counts["unanswered"]:
            result.append(
                PendingItem("待回复的活动邀请", counts["unanswered"], reverse("consultations:my_activities"))
            )
        open_now = Deliberation.objects.filter(
            members__in=members, opens_at__lte=now, closes_at__gte=now, committee_id=committee_id
        ).count()
        if open_now:
            result.append(
                PendingItem("正在进行的网络议政", open_now, reverse("consultations:deliberation_list"))
            )
    return result
