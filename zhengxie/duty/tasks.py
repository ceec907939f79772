"""Periodic jobs of duty records."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from zhengxie.notices.models import Notice
from zhengxie.notices.services import notify
from zhengxie.org.models import Member

from .models import StandingReport, YearSettings
from .services import year_open

logger = logging.getLogger(__name__)


@task()
def remind_standing_reports() -> int:
    """Remind standing members who have not submitted the year's written report, once per member
    and year (the notice key makes a rerun, or two workers, send nothing more)."""
    today = timezone.localdate()
    committees = set(
        Member.objects.filter(is_standing=True, is_active=True, person__user__isnull=False)
        .values_list("committee_id", flat=True)
        .distinct()
    )
    for committee_id in committees - set(
        YearSettings.objects.filter(year=today.year).values_list("committee_id", flat=True)
    ):
        year_open(committee_id=committee_id, year=today.year)
    sent = 0
    due_settings = YearSettings.objects.filter(
        year=today.year, committee_id__in=committees, standing_report_due__gte=today
    )
    for settings in due_settings:
        due = settings.standing_report_due
        if due is None or due - timedelta(days=settings.reminder_days) > today:
            continue
        submitted = StandingReport.objects.filter(committee_id=settings.committee_id, year=today.year).values(
            "member_id"
        )
        missing = (
            Member.objects.filter(
                committee_id=settings.committee_id,
                is_standing=True,
                is_active=True,
                person__user__isnull=False,
            )
            .exclude(pk__in=submitted)
            .select_related("person__user")
        )
        # A rerun reads which members were reminded already (one query) instead of offering
        # each of them the notice again.
        reminded = set(
            Notice.objects.filter(
                recipient_id__in=missing.values("person__user_id"),
                key__startswith=f"duty.standing_report.{today.year}.",
            ).values_list("key", flat=True)
        )
        for member in missing:
            if f"duty.standing_report.{today.year}.{member.pk}" in reminded:
                continue
            notify(
                recipient=member.person.user,
                key=f"duty.standing_report.{today.year}.{member.pk}",
                title=f"请于{due:%Y年%m月%d日}前提交{today.year}年度常委履职报告",
                body="按照常委提交年度履职报告的规定，请在截止日期前提交书面履职报告。",
                url=reverse("duty:standing_report"),
                committee_id=settings.committee_id,
            )
            sent += 1
    logger.info("standing-report reminders checked: %s members", sent)
    return sent
