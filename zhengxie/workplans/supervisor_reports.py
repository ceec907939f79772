"""Special supervisors' own reports (特约监督员报告): a supervisor writes on the department he or she
is appointed to; the office (activity staff) sends the report to the department as a finding that
names the supervisor, or returns it with a reason to be revised and submitted again."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role
from zhengxie.search.index import reindex

from .models import Supervisor, SupervisorReport
from .supervision import finding_send

R = SupervisorReport.State


def appointments_of(user: Any, committee_id: int) -> QuerySet[Supervisor]:
    """The user's own active appointments as a special supervisor in the committee."""
    return Supervisor.objects.filter(
        committee_id=committee_id, member__person__user=user, is_active=True, member__is_active=True
    )


def reports_of(user: Any, committee_id: int) -> QuerySet[SupervisorReport]:
    """What a user may open: the office sees the committee's reports, a supervisor his own."""
    rows = SupervisorReport.objects.filter(committee_id=committee_id)
    if has_role(user, committee_id, Role.ACTIVITY_STAFF, Role.LEADER):
        return rows
    return rows.filter(supervisor__member__person__user=user)


def _text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    problems = []
    if not title or len(title) > 200:
        problems.append("请填写标题（不超过200个字）")
    if len(body) < 10 or len(body) > 10000:
        problems.append("请填写报告内容（10至10000个字）")
    if problems:
        raise DomainError("；".join(problems))
    return title, body


def _tell_office(report: SupervisorReport, title: str) -> None:
    url = reverse("workplans:report", args=[report.pk])
    for ra in RoleAssignment.objects.filter(
        committee_id=report.committee_id, role=Role.ACTIVITY_STAFF
    ).select_related("user"):
        notify(
            recipient=ra.user, key=f"workplans.report.{report.pk}.v{report.version}", title=title, url=url,
            committee_id=report.committee_id,
        )  # fmt: skip


def _tell_supervisor(report: SupervisorReport, title: str, body: str = "") -> None:
    user = report.supervisor.member.person.user
    if user is not None:
        notify(
            recipient=user, key=f"workplans.report.{report.pk}.{report.state}.v{report.version}", title=title,
            body=body, url=reverse("workplans:report", args=[report.pk]), committee_id=report.committee_id,
        )  # fmt: skip


def report_submit(*, supervisor: Supervisor, by: Any, title: str, body: str) -> SupervisorReport:
    """The supervisor reports on the department he or she is appointed to."""
    if not appointments_of(by, supervisor.committee_id).filter(pk=supervisor.pk).exists():
        raise NotAllowed()
    title, body = _text(title, body)
    with transaction.atomic():
        report = SupervisorReport.objects.create(
            committee_id=supervisor.committee_id, supervisor=supervisor, title=title, body=body,
            submitted_at=timezone.now(),
        )  # fmt: skip
        report.supervisor = supervisor
        record(action="workplans.report.submitted", obj=report, by=by, data={"unit": supervisor.unit_id})
        reindex("supervisor_report", report.pk)
        _tell_office(report, f"特约监督员报告待审阅：{title}")
    return report


def report_revise(*, report: SupervisorReport, by: Any, title: str, body: str) -> SupervisorReport:
    """The supervisor revises a returned report and submits it again."""
    if not appointments_of(by, report.committee_id).filter(pk=report.supervisor_id).exists():
        raise NotAllowed()
    if report.state != R.RETURNED:
        raise DomainError("只有退回修改的报告才能修改后重新报送")
    title, body = _text(title, body)
    with transaction.atomic():
        updated = SupervisorReport.objects.filter(
            pk=report.pk, state=R.RETURNED, version=report.version
        ).update(
            state=R.SUBMITTED, title=title, body=body, submitted_at=timezone.now(), version=F("version") + 1
        )
        if updated != 1:
            raise Conflict()
        report.refresh_from_db()
        record(action="workplans.report.resubmitted", obj=report, by=by)
        reindex("supervisor_report", report.pk)
        _tell_office(report, f"特约监督员报告已修改：{title}")
    return report


def _reviewable(report: SupervisorReport, by: Any) -> None:
    if not has_role(by, report.committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    if report.state != R.SUBMITTED:
        raise DomainError("该报告已审阅")


def report_return(*, report: SupervisorReport, by: Any, note: str) -> SupervisorReport:
    """The office returns the report with a reason."""
    _reviewable(report, by)
    note = note.strip()
    if len(note) < 2 or len(note) > 300:
        raise DomainError("请填写退回理由（2至300个字）")
    with transaction.atomic():
        updated = SupervisorReport.objects.filter(
            pk=report.pk, state=R.SUBMITTED, version=report.version
        ).update(state=R.RETURNED, review_note=note, reviewed_at=timezone.now(), version=F("version") + 1)
        if updated != 1:
            raise Conflict()
        report.refresh_from_db()
        record(action="workplans.report.returned", obj=report, by=by, data={"note": note})
        reindex("supervisor_report", report.pk)
        _tell_supervisor(report, f"特约监督员报告被退回：{report.title}", note)
    return report


def report_forward(*, report: SupervisorReport, by: Any, due_on: date) -> SupervisorReport:
    """The office sends the report to the department as a finding naming the supervisor; the
    department's reply is tracked on the finding."""
    _reviewable(report, by)
    supervisor = Supervisor.objects.select_related("unit", "member__person__user").get(
        pk=report.supervisor_id
    )
    with transaction.atomic():
        finding = finding_send(
            committee_id=report.committee_id, by=by, unit=supervisor.unit, title=report.title,
            body=report.body, due_on=due_on, supervisor=supervisor,
        )  # fmt: skip
        updated = SupervisorReport.objects.filter(
            pk=report.pk, state=R.SUBMITTED, version=report.version
        ).update(state=R.SENT, finding=finding, reviewed_at=timezone.now(), version=F("version") + 1)
        if updated != 1:
            raise Conflict()
        report.refresh_from_db()
        report.supervisor = supervisor
        record(action="workplans.report.forwarded", obj=report, by=by, data={"finding": finding.pk})
        reindex("supervisor_report", report.pk)
        _tell_supervisor(report, f"特约监督员报告已转送{supervisor.unit.name}：{report.title}")
    return report
