"""The annual consultation plan and the eight steps of each consultation.

Topics are collected from parties, special committees and members; the office includes some in
the draft plan with a form and a lead special committee and submits it; a leader records the
approval, and every included topic becomes a `Consultation` at its first step. Each step's
deadline comes from the committee's StepRule rows (config.py) through lib/workdays.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any
from uuid import uuid4

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib import workdays
from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workflow import transition
from zhengxie.org.models import Member, ParticipatingUnit, SpecialCommittee
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from .. import config
from ..models import Consultation, ConsultationForm, Document, Plan, Step, StepRule, Topic
from ..workflow import PLAN_LABELS, PLAN_TABLE, STEP_LABELS, STEP_TABLE, next_step
from . import reviews

P = Plan.State
A = StepRule.Anchor


def plan_create(*, committee_id: int, year: int, by: Any) -> Plan:
    if not 2000 <= year <= 2100:
        raise DomainError("请填写正确的年度")
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                committee_id=committee_id, year=year, title=f"{year}年度协商计划", created_by=by
            )
            record(action="consultations.plan.created", obj=plan, by=by, data={"year": year})
    except IntegrityError:
        raise DomainError(f"{year}年度协商计划已存在") from None
    return plan


def topic_suggest(
    *,
    plan: Plan,
    by: Any,
    title: str,
    source_kind: str,
    reason: str = "",
    party: ParticipatingUnit | None = None,
    special_committee: SpecialCommittee | None = None,
    member: Member | None = None,
) -> Topic:
    """Collect a topic for the plan (staff enter what parties and committees send; a member
    suggests his or her own)."""
    title = title.strip()
    if plan.state != P.COLLECTING:
        raise DomainError("年度协商计划已报请审定，不再征集议题")
    if not title:
        raise DomainError("请填写议题")
    if len(title) > 200:
        raise DomainError("议题不能超过200个字")
    if source_kind not in Topic.SourceKind.values:
        raise DomainError("请选择议题提出方")
    named = {
        Topic.SourceKind.PARTY: party,
        Topic.SourceKind.SPECIAL: special_committee,
        Topic.SourceKind.MEMBER: member,
    }.get(source_kind)  # type: ignore[call-overload]
    if source_kind != Topic.SourceKind.OTHER and named is None:
        raise DomainError("请选择提出议题的党派团体、专委会或委员")
    for obj in (party, special_committee, member):
        if obj is not None and obj.committee_id != plan.committee_id:
            raise DomainError("提出方不属于本政协")
    with transaction.atomic():
        topic = Topic.objects.create(
            committee_id=plan.committee_id,
            plan=plan,
            title=title,
            reason=reason.strip()[:5000],
            source_kind=source_kind,
            party=party if source_kind == Topic.SourceKind.PARTY else None,
            special_committee=special_committee if source_kind == Topic.SourceKind.SPECIAL else None,
            member=member if source_kind == Topic.SourceKind.MEMBER else None,
            submitted_by=by,
        )
        record(action="consultations.topic.suggested", obj=topic, by=by, data={"source": source_kind})
    return topic


def topic_decide(
    *,
    topic: Topic,
    by: Any,
    include: bool,
    form: ConsultationForm | None = None,
    lead: SpecialCommittee | None = None,
    planned_month: int | None = None,
) -> Topic:
    """Put a topic in the draft plan with its form, lead special committee and month, or leave it out."""
    if topic.plan.state != P.COLLECTING:
        raise DomainError("年度协商计划已报请审定，不能再调整议题")
    if include:
        if form is None or form.committee_id != topic.committee_id:
            raise DomainError("列入计划的议题须选择本政协的协商形式")
        if lead is not None and lead.committee_id != topic.committee_id:
            raise DomainError("牵头专委会不属于本政协")
        if planned_month is not None and not 1 <= planned_month <= 12:
            raise DomainError("计划月份须在1至12之间")
    state = Topic.State.INCLUDED if include else Topic.State.DECLINED
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(
            state=state,
            form=form if include else None,
            lead=lead if include else None,
            planned_month=planned_month if include else None,
        )
        topic.refresh_from_db()
        record(
            action="consultations.topic.decided",
            obj=topic,
            by=by,
            data={"state": state, "form": getattr(form, "pk", None), "lead": getattr(lead, "pk", None)},
        )
    return topic


def plan_submit(*, plan: Plan, by: Any) -> Plan:
    if not plan.topics.filter(state=Topic.State.INCLUDED).exists():
        raise DomainError("计划中还没有列入的议题，不能报请审定")
    return transition(  # type: ignore[return-value]
        plan, table=PLAN_TABLE, to=P.SUBMITTED, by=by, roles=roles_in(by, plan.committee_id),
        state_labels=PLAN_LABELS,
    )  # fmt: skip


def plan_return(*, plan: Plan, by: Any, note: str) -> Plan:
    if not note.strip():
        raise DomainError("请填写退回意见")
    return transition(  # type: ignore[return-value]
        plan, table=PLAN_TABLE, to=P.COLLECTING, by=by, roles=roles_in(by, plan.committee_id),
        state_labels=PLAN_LABELS, fields={"approval_note": note.strip()[:500]}, data={"note": note.strip()},
    )  # fmt: skip


def plan_approve(*, plan: Plan, by: Any, note: str = "") -> list[Consultation]:
    """Record the approval (党委审定) and open a consultation for every included topic."""
    today = timezone.localdate()
    with transaction.atomic():
        transition(
            plan, table=PLAN_TABLE, to=P.APPROVED, by=by, roles=roles_in(by, plan.committee_id),
            state_labels=PLAN_LABELS, fields={"approved_at": timezone.now(), "approval_note": note.strip()[:500]},
        )  # fmt: skip
        created = []
        for topic in plan.topics.filter(state=Topic.State.INCLUDED).select_related("form", "lead"):
            meeting_on = None
            if topic.planned_month:
                meeting_on = date(plan.year, topic.planned_month, 15)
            created.append(
                _open(
                    committee_id=plan.committee_id, plan=plan, topic=topic, title=topic.title,
                    form=topic.form, lead=topic.lead, meeting_on=meeting_on, by=by, today=today,  # type: ignore[arg-type]
                )
            )  # fmt: skip
    return created


def consultation_create(
    *,
    committee_id: int,
    by: Any,
    title: str,
    form: ConsultationForm,
    lead: SpecialCommittee | None = None,
    meeting_on: date | None = None,
    plan: Plan | None = None,
) -> Consultation:
    """A consultation outside the plan's topics (e.g. added during the year)."""
    title = title.strip()
    if not title or len(title) > 200:
        raise DomainError("请填写协商议题（不超过200个字）")
    if form.committee_id != committee_id:
        raise DomainError("协商形式不属于本政协")
    if lead is not None and lead.committee_id != committee_id:
        raise DomainError("牵头专委会不属于本政协")
    with transaction.atomic():
        return _open(
            committee_id=committee_id, plan=plan, topic=None, title=title, form=form, lead=lead,
            meeting_on=meeting_on, by=by, today=timezone.localdate(),
        )  # fmt: skip


def _open(
    *,
    committee_id: int,
    plan: Plan | None,
    topic: Topic | None,
    title: str,
    form: ConsultationForm,
    lead: SpecialCommittee | None,
    meeting_on: date | None,
    by: Any,
    today: date,
) -> Consultation:
    consultation = Consultation(
        committee_id=committee_id, plan=plan, topic=topic, title=title, form=form, lead=lead,
        meeting_on=meeting_on, step_started_on=today, created_by=by,
    )  # fmt: skip
    consultation.due_on = step_due_on(consultation, Step.TOPIC, today)
    consultation.save()
    reindex("consultation", consultation.pk)
    record(
        action="consultations.consultation.opened",
        obj=consultation,
        by=by,
        data={"plan": getattr(plan, "pk", None), "form": form.pk, "meeting_on": meeting_on},
    )
    return consultation


def step_due_on(
    consultation: Consultation, step: str, started_on: date, rules: dict[str, StepRule] | None = None
) -> date | None:
    """The deadline of `step`: so many working days before or after the meeting, or after the step
    began. None when it hangs on a meeting date not fixed yet."""
    rule = (rules or config.step_rules(consultation.committee_id)).get(step)
    if rule is None:
        return None
    if rule.anchor == A.AFTER_START:
        return workdays.add_working_days(started_on, rule.days)
    if consultation.meeting_on is None:
        return None
    if rule.anchor == A.AFTER_MEETING:
        return workdays.add_working_days(consultation.meeting_on, rule.days)
    return subtract_working_days(consultation.meeting_on, rule.days)


def subtract_working_days(day: date, n: int) -> date:
    """The working day n working days before `day` (found with lib/workdays' forward count)."""
    if n == 0:
        return day
    guess = workdays.add_calendar_days(day, -(n * 7 // 5 + 20))
    cal = workdays.WorkdayCalendar([guess.year, day.year])
    while workdays.working_days_between(guess, day, cal) > n:
        guess = workdays.add_calendar_days(guess, 1)
    return guess


def consultation_schedule(*, consultation: Consultation, by: Any, meeting_on: date | None) -> Consultation:
    """Fix (or move) the meeting date; the current step's deadline follows."""
    if consultation.state == Step.ARCHIVED:
        raise DomainError("协商已归档，不能修改")
    consultation.meeting_on = meeting_on
    due = step_due_on(consultation, consultation.state, consultation.step_started_on)
    with transaction.atomic():
        Consultation.objects.filter(pk=consultation.pk).update(meeting_on=meeting_on, due_on=due)
        consultation.due_on = due
        record(
            action="consultations.consultation.scheduled",
            obj=consultation,
            by=by,
            data={"meeting_on": meeting_on},
        )
    return consultation


# Documents a step needs before the consultation may leave it.
REQUIRED_DOCUMENTS = {
    Step.SCHEME: (Document.Kind.SCHEME, "工作方案"),
    Step.RESEARCH: (Document.Kind.RESEARCH, "调研报告"),
}


def consultation_advance(*, consultation: Consultation, by: Any) -> Consultation:
    """Move the consultation to its next step, once the current step's work is on record."""
    to = next_step(consultation.state)
    if to is None:
        raise DomainError("协商已归档")
    needed = REQUIRED_DOCUMENTS.get(consultation.state)  # type: ignore[call-overload]
    if needed and not consultation.documents.filter(kind=needed[0]).exists():
        raise DomainError(f"请先上传本步骤的{needed[1]}")
    if consultation.state == Step.SCHEME and consultation.meeting_on is None:
        raise DomainError("请先确定会议日期")
    reviews.gate(consultation)
    if (
        consultation.state == Step.OUTCOME
        and not consultation.outcomes.filter(submitted_at__isnull=False).exists()
    ):
        raise DomainError("请先报送协商成果")
    if consultation.state == Step.FEEDBACK and not consultation.outcomes.exclude(adoption="").exists():
        raise DomainError("请先登记成果采纳反馈情况")
    today = timezone.localdate()
    due = None if to == Step.ARCHIVED else step_due_on(consultation, to, today)
    return transition(  # type: ignore[return-value]
        consultation, table=STEP_TABLE, to=to, by=by, roles=roles_in(by, consultation.committee_id),
        state_labels=STEP_LABELS, fields={"step_started_on": today, "due_on": due, "overdue_noticed": ""},
    )  # fmt: skip


def document_add(
    *,
    consultation: Consultation,
    by: Any,
    kind: str,
    title: str,
    body: str,
    upload: UploadedFile | None = None,
) -> Document:
    """A document of the current step: text, an attached file (checked by content), or both."""
    if consultation.state == Step.ARCHIVED:
        raise DomainError("协商已归档，不能再添加材料")
    if kind not in Document.Kind.values:
        raise DomainError("请选择材料类型")
    title, body = title.strip(), body.strip()
    if not title or len(title) > 200:
        raise DomainError("请填写材料标题（不超过200个字）")
    if not body and upload is None:
        raise DomainError("请填写材料正文或上传附件")
    if kind == Document.Kind.RESEARCH:
        reviews.opening_gate(consultation)
    name = check_attachment(upload) if upload is not None else ""
    doc = Document(
        committee_id=consultation.committee_id, consultation=consultation, step=consultation.state, kind=kind,
        title=title, body=body[:50000], file_name=name, created_by=by,
    )  # fmt: skip
    if upload is not None:
        doc.file.save(f"{uuid4().hex}{PurePath(name).suffix.lower()}", upload, save=False)
    try:
        with transaction.atomic():
            doc.save()
            reindex("consultation", consultation.pk)
            record(action="consultations.document.added", obj=doc, by=by, data={"kind": kind, "file": name})
    except BaseException:
        if doc.file:
            doc.file.delete(save=False)  # the rollback takes only the row with it
        raise
    return doc


def is_overdue(consultation: Consultation, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        consultation.state != Step.ARCHIVED
        and consultation.due_on is not None
        and consultation.due_on < today
    )
