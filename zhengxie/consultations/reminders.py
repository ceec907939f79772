"""Deadline reminders. Each row is claimed with a conditional UPDATE (or an idempotent notice
key) before anyone is told, so a rerun or a second worker never sends the same reminder twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Activity, Consultation, Invitation, Step
from .services.activities import activity_close

logger = logging.getLogger(__name__)


def flag_overdue_steps() -> int:
    today = timezone.localdate()
    overdue = (
        Consultation.objects.filter(due_on__lt=today)
        .exclude(state=Step.ARCHIVED)
        .exclude(overdue_noticed=F("state"))
        .values_list("pk", "committee_id", "state", "title", "overdue_noticed")
    )
    claimed = []
    for pk, committee_id, state, title, noticed in overdue:
        # The claim: only the worker whose UPDATE changes the row sends the notice.
        if Consultation.objects.filter(pk=pk, state=state, overdue_noticed=noticed).update(
            overdue_noticed=state
        ):
            claimed.append((pk, committee_id, state, title))
    if not claimed:
        return 0
    staff: dict[int, list[int]] = {}
    for committee_id, user_id in RoleAssignment.objects.filter(
        committee_id__in={c for _, c, _, _ in claimed}, role=Role.ACTIVITY_STAFF
    ).values_list("committee_id", "user_id"):
        staff.setdefault(committee_id, []).append(user_id)
    users = get_user_model().objects.in_bulk({u for ids in staff.values() for u in ids})
    for pk, committee_id, state, title in claimed:
        label = Step(state).label
        for user_id in staff.get(committee_id, []):
            notify(
                recipient=users[user_id],
                key=f"consultations.overdue.{pk}.{state}",
                title=f"协商“{title}”的“{label}”步骤已逾期",
                url=reverse("consultations:consultation_detail", args=[pk]),
                committee_id=committee_id,
            )
    logger.info("overdue consultation steps flagged: %s", len(claimed))
    return len(claimed)


def remind_invited_members() -> int:
    now = timezone.now()
    rows = Invitation.objects.filter(
        reply=Invitation.Reply.INVITED,
        activity__state=Activity.State.PLANNED,
        activity__starts_at__gte=now,
        activity__starts_at__lte=now + timedelta(days=2),
        member__person__user__isnull=False,
    ).select_related("activity", "member__person__user")
    sent = 0
    for inv in rows:
        notify(
            recipient=inv.member.person.user,
            key=f"consultations.reply_reminder.{inv.pk}",
            title=f"请回复活动邀请：{inv.activity.title}",
            body=f"{timezone.localtime(inv.activity.starts_at):%m月%d日 %H:%M} {inv.activity.place}",
            url=reverse("consultations:activity_detail", args=[inv.activity_id]),
            committee_id=inv.committee_id,
        )
        sent += 1
    return sent


# Activities staff forgot to close are closed by the job this long after they ended, so that the
# absences reach the duty ledger anyway.
AUTO_CLOSE_AFTER = timedelta(days=1)


def close_finished_activities() -> int:
    """Close activities that ended more than a day ago; `activity_close` claims each with a
    conditional UPDATE, so a second worker closing the same one is refused and skipped."""
    closed = 0
    due = Activity.objects.filter(state=Activity.State.PLANNED, ends_at__lt=timezone.now() - AUTO_CLOSE_AFTER)
    for activity in due.select_related("consultation__form").order_by("id")[:500]:
        try:
            activity_close(activity=activity, by=None)
        except DomainError:
            continue  # closed meanwhile by staff or another worker
        closed += 1
    if closed:
        logger.info("finished activities closed: %s", closed)
    return closed


def flag_overdue_trip_reports() -> int:
    from .services.trips import flag_overdue

    return flag_overdue()
