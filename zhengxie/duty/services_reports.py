"""Members' own reports: activity reports (submitted, reviewed by staff, scored when approved) and
standing members' written annual reports (scored R01). Each write is audited."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import Member

from . import uploads, workflow
from .models import ActivityReport, Rule, StandingReport
from .services import record_points, rule_get, this_year

S = ActivityReport.State


def _stored(upload: UploadedFile, kind: str) -> UploadedFile:
    # The stored name is random: member-chosen names never reach the file system.
    upload.name = f"{uuid.uuid4().hex}.{kind}"
    return upload


def _report_rule(member: Member, code: str, happened_on: date, variant: str, quantity: int) -> Rule:
    today = timezone.localdate()
    if happened_on > today:
        raise DomainError("活动日期不能晚于今天")
    if happened_on.year < today.year - 1:
        raise DomainError("只能申报本年度或上一年度的履职活动")
    rule = rule_get(member.committee_id, happened_on.year, code)
    if not (rule.reportable and rule.is_active):
        raise DomainError(f"“{rule.title}”不能由委员自行申报")
    if variant and variant not in rule.variants:
        raise DomainError(f"“{rule.title}”没有“{variant}”这一档")
    if rule.variants and not variant:
        raise DomainError(f"请选择“{rule.title}”的分档")
    if not 1 <= quantity <= 20:
        raise DomainError("数量须为1至20")
    return rule


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title:
        raise DomainError("请填写活动名称")
    if len(title) > 100:
        raise DomainError("活动名称不能超过100字")
    if not description:
        raise DomainError("请填写活动情况")
    if len(description) > 2000:
        raise DomainError("活动情况不能超过2000字")
    return title, description


def report_submit(
    *,
    member: Member,
    code: str,
    title: str,
    happened_on: date,
    description: str,
    by: Any,
    quantity: int = 1,
    variant: str = "",
    evidence: UploadedFile | None = None,
) -> ActivityReport:
    """A member reports an activity of a reportable rule; it waits for staff review."""
    if member.person.user_id != getattr(by, "pk", None):
        raise NotAllowed()
    rule = _report_rule(member, code, happened_on, variant, quantity)
    title, description = _clean_text(title, description)
    kind = uploads.check_upload(evidence, uploads.EVIDENCE) if evidence is not None else None
    if rule.needs_evidence and evidence is None:
        raise DomainError(f"“{rule.title}”须上传证明材料（图片、PDF 或 Word 文件）")
    with transaction.atomic():
        report = ActivityReport(
            committee_id=member.committee_id,
            member=member,
            rule=rule,
            year=happened_on.year,
            title=title,
            happened_on=happened_on,
            quantity=quantity,
            variant=variant,
            description=description,
            submitted_at=timezone.now(),
        )
        if evidence is not None and kind is not None:
            report.evidence_name = uploads.safe_name(evidence)
            report.evidence = _stored(evidence, kind)
        report.save()
        record(action="duty.report.submitted", obj=report, by=by, data={"code": code, "title": title})
    return report


def report_resubmit(
    *,
    report: ActivityReport,
    by: Any,
    roles: set[str],
    code: str,
    title: str,
    happened_on: date,
    description: str,
    quantity: int = 1,
    variant: str = "",
    evidence: UploadedFile | None = None,
) -> ActivityReport:
    """The member edits a returned report and submits it again."""
    if report.member.person.user_id != getattr(by, "pk", None):
        raise NotAllowed()
    if report.state != S.RETURNED:
        raise DomainError(f"当前状态为“{report.get_state_display()}”，只有被退回的申报可以修改后重新提交")
    rule = _report_rule(report.member, code, happened_on, variant, quantity)
    title, description = _clean_text(title, description)
    kind = uploads.check_upload(evidence, uploads.EVIDENCE) if evidence is not None else None
    if rule.needs_evidence and evidence is None and not report.evidence:
        raise DomainError(f"“{rule.title}”须上传证明材料（图片、PDF 或 Word 文件）")
    with transaction.atomic():
        fields: dict[str, Any] = {
            "rule": rule,
            "year": happened_on.year,
            "title": title,
            "happened_on": happened_on,
            "description": description,
            "quantity": quantity,
            "variant": variant,
            "submitted_at": timezone.now(),
        }
        transition(
            report,
            table=workflow.TABLE,
            to=S.SUBMITTED,
            by=by,
            roles=roles,
            fields=fields,
            state_labels=workflow.LABELS,
        )
        if evidence is not None and kind is not None:
            report.evidence_name = uploads.safe_name(evidence)
            report.evidence = _stored(evidence, kind)
            report.save(update_fields=["evidence", "evidence_name"])
    return report


def report_withdraw(*, report: ActivityReport, by: Any, roles: set[str]) -> ActivityReport:
    if report.member.person.user_id != getattr(by, "pk", None):
        raise NotAllowed()
    transition(report, table=workflow.TABLE, to=S.WITHDRAWN, by=by, roles=roles, state_labels=workflow.LABELS)
    return report


def _tell_member(report: ActivityReport, title: str) -> None:
    user_id = report.member.person.user_id
    if user_id is None:
        return
    notify(
        recipient=report.member.person.user,
        key=f"duty.report.{report.pk}.{report.state}.{report.version}",
        title=title,
        url=reverse("duty:report_detail", args=[report.pk]),
        committee_id=report.committee_id,
    )


def report_approve(*, report: ActivityReport, by: Any, roles: set[str], comment: str = "") -> ActivityReport:
    """Staff approve: the report scores (idempotently, with the report as the entry's source)."""
    with transaction.atomic():
        transition(
            report,
            table=workflow.TABLE,
            to=S.APPROVED,
            by=by,
            roles=roles,
            fields={
                "reviewed_by": by,
                "reviewed_at": timezone.now(),
                "review_comment": comment.strip()[:500],
            },
            state_labels=workflow.LABELS,
        )
        record_points(
            member=report.member,
            code=report.rule.code,
            source=report,
            by=by,
            year=report.year,
            quantity=report.quantity,
            variant=report.variant,
            note=report.title,
        )
        _tell_member(report, f"您申报的履职活动“{report.title}”已审核通过")
    return report


def report_return(*, report: ActivityReport, by: Any, roles: set[str], comment: str) -> ActivityReport:
    """Staff return the report to the member with a comment saying what to change."""
    comment = comment.strip()
    if not comment:
        raise DomainError("退回时请填写退回意见，告诉委员需要补充或修改什么")
    with transaction.atomic():
        transition(
            report,
            table=workflow.TABLE,
            to=S.RETURNED,
            by=by,
            roles=roles,
            fields={"reviewed_by": by, "reviewed_at": timezone.now(), "review_comment": comment[:500]},
            data={"comment": comment[:500]},
            state_labels=workflow.LABELS,
        )
        _tell_member(report, f"您申报的履职活动“{report.title}”被退回，请修改后重新提交")
    return report


# --- standing members' annual reports ---------------------------------------------------------


def standing_report_submit(
    *, member: Member, by: Any, year: int | None = None, text: str = "", file: UploadedFile | None = None
) -> StandingReport:
    """A 常委 submits (or replaces) the year's written duty report; it scores R01 once."""
    year = year or this_year()
    if member.person.user_id != getattr(by, "pk", None):
        raise NotAllowed()
    if not member.is_standing:
        raise DomainError("只有常委需要提交年度履职报告")
    if year not in (this_year(), this_year() - 1):
        raise DomainError("只能提交本年度或上一年度的履职报告")
    text = text.strip()
    if len(text) > 20000:
        raise DomainError("报告内容不能超过20000字")
    kind = uploads.check_upload(file, uploads.REPORT) if file is not None else None
    existing = StandingReport.objects.filter(member=member, year=year).first()
    if not text and file is None and not (existing and existing.file):
        raise DomainError("请填写报告内容或上传报告文件（Word 或 PDF）")
    try:
        with transaction.atomic():
            report = existing or StandingReport(committee_id=member.committee_id, member=member, year=year)
            report.text = text
            report.submitted_at = timezone.now()
            if file is not None and kind is not None:
                report.file_name = uploads.safe_name(file)
                report.file = _stored(file, kind)
            report.save()
            record(
                action="duty.standing_report.replaced" if existing else "duty.standing_report.submitted",
                obj=report,
                by=by,
                data={"year": year, "file": report.file_name, "chars": len(text)},
            )
            record_points(member=member, code="R01", source=report, by=by, year=year)
    except IntegrityError as exc:
        raise Conflict() from exc
    return report
