"""Home-page items of duty records: reports awaiting review (staff); returned reports and a missing
standing member's annual report (members). A fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .models import ActivityReport, StandingReport, YearSettings
from .roles import DUTY_STAFF
from .selectors import member_minimums, member_of


def _returned(user: Any, committee_id: int) -> QuerySet[ActivityReport]:
    return ActivityReport.objects.filter(
        member=member_of(user, committee_id), state=ActivityReport.State.RETURNED
    )


# Opened on 我的履职活动申报 (`?task=`), which then lists exactly these rows.
MEMBER_TASKS = TaskList(Task("returned", "被退回的履职活动申报", "duty:my_reports", _returned, urgent=True))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    items: list[PendingItem] = []
    if has_role(user, committee_id, *DUTY_STAFF):
        waiting = ActivityReport.objects.filter(
            committee_id=committee_id, state=ActivityReport.State.SUBMITTED
        )
        count = waiting.order_by().values("id")[:1000].count()
        if count:
            items.append(PendingItem("待审核的履职活动申报", count, reverse("duty:review_queue")))
    if has_role(user, committee_id, Role.MEMBER):
        member = member_of(user, committee_id)
        if member is None:
            return items
        items += MEMBER_TASKS.pending(user, committee_id, ["returned"])
        short = [m for m in member_minimums(member, timezone.localdate().year) if not m.met]
        if short:
            # What is still missing of the year's minimum duties (五个一 and the rest): 我的履职
            # lists each with 申报 where the member reports it.
            items.append(
                PendingItem(
                    "本年度尚未达到的基本履职要求", len(short), reverse("duty:my_record") + "#minimums"
                )
            )
        if member.is_standing:
            today = timezone.localdate()
            settings = YearSettings.objects.filter(committee_id=committee_id, year=today.year).first()
            due = settings.standing_report_due if settings else None
            if (
                due is not None
                and (due - today).days <= settings.reminder_days  # type: ignore[union-attr]
                and not StandingReport.objects.filter(member=member, year=today.year).exists()
            ):
                label = f"常委年度履职报告待提交（{due:%m月%d日}截止）"
                items.append(PendingItem(label, 1, reverse("duty:standing_report"), urgent=due <= today))
    return items
