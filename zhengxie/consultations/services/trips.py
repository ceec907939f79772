"""Reports of standalone inspections and research trips (视察、调研 not run inside a consultation,
seed 003: the research report within a week). Closing such an activity opens its `TripReport`,
due `Requirement.trip_report_days` working days after the trip (lib/workdays); activity staff
submit it, the home page lists those outstanding and the daily job tells the staff once when one
is overdue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib import workdays
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.search.index import reindex

from .. import config
from ..models import Activity, TripReport

TRIP_KINDS = (Activity.Kind.INSPECTION, Activity.Kind.RESEARCH)


def needs_report(activity: Activity) -> bool:
    return activity.kind in TRIP_KINDS and activity.consultation_id is None


def trip_report_open(*, activity: Activity, by: Any) -> TripReport | None:
    """Called when a standalone trip is closed: its report becomes due. Once per activity."""
    if not needs_report(activity):
        return None
    found = TripReport.objects.filter(activity=activity).first()
    if found is not None:
        return found
    days = config.requirement_for(activity.committee_id).trip_report_days
    due = workdays.add_working_days(timezone.localtime(activity.ends_at).date(), days)
    report = TripReport.objects.create(committee_id=activity.committee_id, activity=activity, due_on=due)
    record(action="consultations.trip_report.opened", obj=report, by=by, data={"due_on": due})
    return report


def trip_report_submit(*, report: TripReport, by: Any, title: str, body: str) -> TripReport:
    if report.submitted_at is not None:
        raise DomainError("该报告已提交")
    title, body = title.strip(), body.strip()
    if not title or len(title) > 200:
        raise DomainError("请填写报告标题（不超过200个字）")
    if not body:
        raise DomainError("请填写报告正文")
    with transaction.atomic():
        now = timezone.now()
        changed = TripReport.objects.filter(pk=report.pk, submitted_at__isnull=True).update(
            title=title, body=body[:50000], submitted_at=now, submitted_by=by
        )
        if changed != 1:
            raise DomainError("此事项已被他人处理，请刷新")
        report.title, report.body, report.submitted_at, report.submitted_by = title, body[:50000], now, by
        record(
            action="consultations.trip_report.submitted",
            obj=report,
            by=by,
            data={"late": timezone.localdate() > report.due_on},
        )
        reindex("activity", report.activity_id)
    return report


def outstanding(committee_id: int) -> QuerySet[TripReport]:
    return TripReport.objects.filter(committee_id=committee_id, submitted_at__isnull=True)


def flag_overdue() -> int:
    """Tell the activity staff once about each report past its deadline (claimed by a
    conditional UPDATE, so a rerun or a second worker sends nothing more)."""
    today = timezone.localdate()
    rows = TripReport.objects.filter(
        submitted_at__isnull=True, due_on__lt=today, overdue_noticed=False
    ).values_list("pk", "committee_id", "activity_id", "activity__title", "due_on")
    claimed = [
        row
        for row in rows
        if TripReport.objects.filter(pk=row[0], overdue_noticed=False).update(overdue_noticed=True)
    ]
    if not claimed:
        return 0
    staff: dict[int, list[int]] = {}
    for committee_id, user_id in RoleAssignment.objects.filter(
        committee_id__in={r[1] for r in claimed}, role=Role.ACTIVITY_STAFF
    ).values_list("committee_id", "user_id"):
        staff.setdefault(committee_id, []).append(user_id)
    users = get_user_model().objects.in_bulk({u for ids in staff.values() for u in ids})
    for pk, committee_id, activity_id, title, due in claimed:
        for user_id in staff.get(committee_id, []):
            notify(
                recipient=users[user_id],
                key=f"consultations.trip_report.overdue.{pk}",
                title=f"“{title}”的调研视察报告已逾期（期限{due:%Y-%m-%d}）",
                url=reverse("consultations:activity_detail", args=[activity_id]),
                committee_id=committee_id,
            )
    return len(claimed)
