"""Assignment and handling (domain.md §1.6, §1.7, §1.11): staff assign a filed proposal to one
lead unit (主办), a lead plus co-handling units (会办) or several units each answering for its part
(分办); units sign for it, may object within the objection period, record their contacts with the
proposers, send co-handling opinions to the lead and ask for more time before the due date.

Each unit's share is an `Assignment` with its own small workflow (workflow.ASSIGNMENT_TABLE),
its own objection window and due date. The proposal keeps `original_due_on` so that overdue
figures count against the first deadline. The proposal's supervision items follow each step
(services/item_sync.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workdays import add_calendar_days, add_months, add_working_days
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit

from ..config import settings_for
from ..models import (
    Assignment,
    Attachment,
    Contact,
    CoOpinion,
    Extension,
    HandlingMode,
    Objection,
    Proposal,
)
from ..permissions import actor_roles
from ..workflow import ASSIGNMENT_LABELS, ASSIGNMENT_TABLE, LABELS, STAFF, TABLE, UNIT
from . import followup, item_sync
from .recipients import tell_staff, unit_users

P = Proposal.State
A = Assignment.State
R = Assignment.Role
# Contact modes that are a real consultation and earn the proposers duty points (rule P07).
CONSULTING_MODES = frozenset({Contact.Mode.MEETING, Contact.Mode.FORUM, Contact.Mode.VISIT})
# While an objection is decided the unit keeps the work: it may still record contacts and draft.
WORKING_STATES = (A.HANDLING, A.OBJECTING)


def unit_url(assignment: Assignment) -> str:
    return reverse("proposals:unit_assignment", args=[assignment.pk])


def _notify_units(assignments: Sequence[Assignment], title: str, body: str, key: str) -> Callable[[], None]:
    """A callback (for after commit) telling each unit's people about its assignment."""

    def send() -> None:
        for assignment in assignments:
            for user in unit_users(assignment.committee_id, [assignment.unit_id]):
                notify(
                    recipient=user,
                    key=f"{key}.{assignment.pk}",
                    title=title,
                    body=body,
                    url=unit_url(assignment),
                    committee_id=assignment.committee_id,
                )

    return send


# --- assignment -----------------------------------------------------------------------------------


def _check_units(
    committee_id: int, mode: str, units: Sequence[HandlingUnit], co_units: Sequence[HandlingUnit]
) -> None:
    problems: list[str] = []
    if mode not in HandlingMode.values:
        raise DomainError("请选择办理方式（主办、会办或分办）")
    if not units:
        problems.append("请选择承办单位")
    if mode in (HandlingMode.LEAD, HandlingMode.JOINT) and len(units) > 1:
        problems.append("主办、会办方式只能有一个主办单位")
    if mode == HandlingMode.SPLIT and len(units) < 2:
        problems.append("分办须至少选择两个承办单位")
    if mode == HandlingMode.JOINT and not co_units:
        problems.append("会办方式请至少选择一个会办单位")
    if mode != HandlingMode.JOINT and co_units:
        problems.append("只有会办方式才有会办单位")
    everyone = [*units, *co_units]
    if len({u.pk for u in everyone}) != len(everyone):
        problems.append("同一单位不能重复选择")
    if any(u.committee_id != committee_id or not u.is_active for u in everyone):
        problems.append("承办单位须是本政协的有效承办单位")
    if problems:
        raise DomainError("；".join(problems))


def objection_deadline(committee_id: int, start: date) -> date:
    rules = settings_for(committee_id)
    if rules.objection_in_working_days:
        return add_working_days(start, rules.objection_days)
    return add_calendar_days(start, rules.objection_days)


def proposal_assign(
    *,
    proposal: Proposal,
    by: Any,
    mode: str,
    units: Sequence[HandlingUnit],
    co_units: Sequence[HandlingUnit] = (),
) -> Proposal:
    """Assign a filed proposal (交办). `units` is the lead unit (主办/会办) or every unit of a
    分办; `co_units` the co-handling units of a 会办."""
    _check_units(proposal.committee_id, mode, units, co_units)
    rules = settings_for(proposal.committee_id)
    now = timezone.now()
    today = timezone.localdate(now)
    due_on = add_months(today, rules.reply_months)
    co_due = add_calendar_days(today, rules.co_opinion_days)
    objection_until = objection_deadline(proposal.committee_id, today)
    role = R.SPLIT if mode == HandlingMode.SPLIT else R.LEAD
    with transaction.atomic():
        transition(
            proposal,
            table=TABLE,
            to=P.ASSIGNED,
            by=by,
            roles=actor_roles(by, proposal),
            state_labels=LABELS,
            fields={
                "mode": mode,
                "assigned_at": now,
                "due_on": due_on,
                "original_due_on": due_on,
                "objection_until": objection_until,
            },
            data={"mode": mode, "units": [u.pk for u in units], "co_units": [u.pk for u in co_units]},
        )
        created = [
            Assignment(
                committee_id=proposal.committee_id,
                proposal=proposal,
                unit=u,
                role=role,
                due_on=due_on,
                objection_until=objection_until,
            )
            for u in units
        ] + [
            Assignment(
                committee_id=proposal.committee_id,
                proposal=proposal,
                unit=u,
                role=R.CO,
                due_on=co_due,
                objection_until=objection_until,
            )
            for u in co_units
        ]
        for assignment in created:
            assignment.save()
        if proposal.is_key:
            followup.key_item_open(proposal=proposal, by=by)
        transaction.on_commit(
            _notify_units(
                created,
                f"新交办提案：{proposal.title}"[:200],
                f"第{proposal.number}号提案已交贵单位办理，请及时签收；如有异议，请于"
                f"{objection_until:%Y年%m月%d日}前提出改办申请。",
                "proposals.assigned",
            )
        )
    return proposal


def proposals_assign(
    *,
    proposals: Sequence[Proposal],
    by: Any,
    mode: str,
    units: Sequence[HandlingUnit],
    co_units: Sequence[HandlingUnit] = (),
) -> int:
    """Assign many proposals the same way at once: all of them, or none (the error names the
    proposal that could not be assigned)."""
    if not proposals:
        raise DomainError("请先勾选要交办的提案")
    with transaction.atomic():
        for proposal in proposals:
            try:
                proposal_assign(proposal=proposal, by=by, mode=mode, units=units, co_units=co_units)
            except NotAllowed:
                raise
            except DomainError as exc:
                raise DomainError(f"第{proposal.number or proposal.pk}号提案：{exc.message}") from exc
    return len(proposals)


def assignment_sign(*, assignment: Assignment, by: Any) -> Assignment:
    """The unit signs for its assignment (签收)."""
    proposal = assignment.proposal
    return transition(  # type: ignore[return-value]
        assignment,
        table=ASSIGNMENT_TABLE,
        to=A.HANDLING,
        by=by,
        roles=actor_roles(by, proposal, assignment),
        state_labels=ASSIGNMENT_LABELS,
        fields={"signed_at": timezone.now(), "signed_by": by},
        data={"proposal": proposal.pk, "unit": assignment.unit_id},
    )


def _require_unit(by: Any, assignment: Assignment) -> None:
    if UNIT not in actor_roles(by, assignment.proposal, assignment):
        raise NotAllowed()


# --- objections -----------------------------------------------------------------------------------


def objection_open(assignment: Assignment, today: date | None = None) -> bool:
    """Whether the unit may still object: until the window of its own assignment closes."""
    until = assignment.objection_until
    return until is not None and (today or timezone.localdate()) <= until


def objection_raise(*, assignment: Assignment, by: Any, reason: str, suggested_unit: str = "") -> Objection:
    """The unit asks to be relieved of the assignment (改办申请), only until its
    `objection_until`; afterwards the assignment is locked (逾期不作调整)."""
    _require_unit(by, assignment)
    proposal = assignment.proposal
    if assignment.state not in (A.PENDING, A.HANDLING):
        raise DomainError(f"当前状态为“{ASSIGNMENT_LABELS[assignment.state]}”，不能申请改办")
    if not objection_open(assignment):
        raise DomainError("交办已锁定：异议期已过，不能再申请改办")
    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError("请写明申请改办的理由（至少5个字）")
    if len(reason) > 2000 or len(suggested_unit.strip()) > 100:
        raise DomainError("理由不能超过2000字，建议承办单位不能超过100字")
    with transaction.atomic():
        transition(
            assignment,
            table=ASSIGNMENT_TABLE,
            to=A.OBJECTING,
            by=by,
            roles={UNIT},
            state_labels=ASSIGNMENT_LABELS,
            data={"proposal": proposal.pk, "reason": reason},
        )
        objection = Objection.objects.create(
            committee_id=assignment.committee_id,
            assignment=assignment,
            reason=reason,
            suggested_unit=suggested_unit.strip(),
            requested_by=by,
        )
        transaction.on_commit(
            lambda: tell_staff(
                committee_id=proposal.committee_id,
                key=f"proposals.objection.{objection.pk}",
                title=f"改办申请待审核：{proposal.number} {proposal.title}",
                body=f"{assignment.unit.name}申请改办：{reason}",
                url=reverse("proposals:objection_list"),
            )
        )
    return objection


def objection_decide(
    *, objection: Objection, by: Any, accept: bool, note: str = "", new_unit: HandlingUnit | None = None
) -> Objection:
    """Staff decide an objection: accepted, the assignment is withdrawn and a new one of the same
    role goes to `new_unit`; refused, the unit keeps handling it.

    The replacement is a new assignment (domain.md §1.6, §1.7): its objection window and its
    period (`reply_months`, or `co_opinion_days` for a 会办 unit) count from today, as they
    count "接到交办后" for any unit. A replying unit's new date, when later, becomes the
    proposal's due date and its original date too: the new unit cannot be late against its
    predecessor's date. The key item follows (item_sync)."""
    assignment = objection.assignment
    proposal = assignment.proposal
    if STAFF not in actor_roles(by, proposal):
        raise NotAllowed()
    if objection.state != Objection.State.PENDING:
        raise DomainError("该改办申请已审核")
    note = note.strip()
    if not accept and len(note) < 2:
        raise DomainError("不同意改办时请填写审核意见")
    if accept:
        if new_unit is None:
            raise DomainError("同意改办时请选择新的承办单位")
        if new_unit.committee_id != proposal.committee_id or not new_unit.is_active:
            raise DomainError("新的承办单位须是本政协的有效承办单位")
        taken = proposal.assignments.exclude(state=A.WITHDRAWN).exclude(pk=assignment.pk)
        if new_unit.pk == assignment.unit_id or taken.filter(unit=new_unit).exists():
            raise DomainError("新的承办单位已在办理此提案，请选择其他单位")
    state = Objection.State.ACCEPTED if accept else Objection.State.REFUSED
    with transaction.atomic():
        claimed = Objection.objects.filter(pk=objection.pk, state=Objection.State.PENDING).update(
            state=state, decided_by=by, decided_at=timezone.now(), decision_note=note
        )
        if claimed != 1:
            raise Conflict()
        transition(
            assignment,
            table=ASSIGNMENT_TABLE,
            to=A.WITHDRAWN if accept else A.HANDLING,
            by=by,
            roles={STAFF},
            state_labels=ASSIGNMENT_LABELS,
            fields={} if accept or assignment.signed_at else {"signed_at": timezone.now()},
            data={"proposal": proposal.pk, "objection": objection.pk, "note": note},
        )
        if accept:
            assert new_unit is not None
            replacement = _replace(assignment, new_unit)
            record(
                action="proposals.assignment.reassigned",
                obj=proposal,
                by=by,
                data={
                    "from": assignment.unit_id,
                    "to": new_unit.pk,
                    "assignment": replacement.pk,
                    "due_on": replacement.due_on,
                    "objection_until": replacement.objection_until,
                },
            )
            item_sync.follow_reassignment(old=assignment, new=replacement, by=by)
            transaction.on_commit(
                _notify_units(
                    [replacement],
                    f"新交办提案（改办）：{proposal.title}"[:200],
                    f"第{proposal.number}号提案经改办交贵单位办理，请及时签收，于"
                    f"{replacement.due_on:%Y年%m月%d日}前{'提交会办意见' if replacement.role == R.CO else '答复'}；"
                    f"如有异议，请于{replacement.objection_until:%Y年%m月%d日}前提出改办申请。",
                    "proposals.assigned",
                )
            )
    objection.refresh_from_db()
    return objection


def _replace(old: Assignment, unit: HandlingUnit) -> Assignment:
    """The replacement of an assignment whose objection was accepted, with fresh periods."""
    proposal = old.proposal
    rules = settings_for(proposal.committee_id)
    today = timezone.localdate()
    due_on = (
        add_calendar_days(today, rules.co_opinion_days)
        if old.role == R.CO
        else add_months(today, rules.reply_months)
    )
    replacement = Assignment.objects.create(
        committee_id=old.committee_id,
        proposal=proposal,
        unit=unit,
        role=old.role,
        due_on=due_on,
        objection_until=objection_deadline(proposal.committee_id, today),
    )
    if old.role != R.CO and (proposal.due_on is None or due_on > proposal.due_on):
        Proposal.objects.filter(pk=proposal.pk).update(due_on=due_on, original_due_on=due_on)
        proposal.due_on = proposal.original_due_on = due_on
    return replacement


# --- contacts and co-handling opinions ------------------------------------------------------------


def _stored(
    proposal: Proposal, by: Any, upload: UploadedFile, kind: str, allowed: Iterable[str] | None = None
) -> Attachment:
    name = check_attachment(upload, allowed=tuple(allowed) if allowed else None)
    return Attachment.store(
        upload=upload,
        name=name,
        by=by,
        committee_id=proposal.committee_id,
        proposal=proposal,
        kind=kind,
    )


def contact_record(
    *,
    assignment: Assignment,
    by: Any,
    stage: str,
    mode: str,
    on: date,
    participants: str,
    notes: str,
    upload: UploadedFile | None = None,
) -> Contact:
    """Record a contact with the proposers (办前/办中/办后沟通). A 面商, 座谈 or 走访 earns the
    proposers rule P07's duty points, after commit."""
    _require_unit(by, assignment)
    proposal = assignment.proposal
    if assignment.state not in (*WORKING_STATES, A.REPLIED):
        raise DomainError("请先签收，再记录沟通情况")
    problems: list[str] = []
    if stage not in Contact.Stage.values:
        problems.append("请选择沟通环节")
    if mode not in Contact.Mode.values:
        problems.append("请选择沟通方式")
    if on > timezone.localdate():
        problems.append("沟通日期不能晚于今天")
    elif proposal.assigned_at and on < timezone.localdate(proposal.assigned_at):
        problems.append("沟通日期不能早于交办日期")
    if not participants.strip() or len(participants) > 300:
        problems.append("请填写参加人员（300字以内）")
    if len(notes.strip()) < 5 or len(notes) > 5000:
        problems.append("请填写沟通情况（5至5000字）")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        evidence = _stored(proposal, by, upload, Attachment.Kind.EVIDENCE) if upload is not None else None
        contact = Contact.objects.create(
            committee_id=proposal.committee_id,
            proposal=proposal,
            assignment=assignment,
            stage=stage,
            mode=mode,
            on=on,
            participants=participants.strip(),
            notes=notes.strip(),
            evidence=evidence,
            recorded_by=by,
        )
        record(
            action="proposals.contact.recorded",
            obj=proposal,
            by=by,
            data={"contact": contact.pk, "unit": assignment.unit_id, "stage": stage, "mode": mode},
        )
        if mode in CONSULTING_MODES:
            transaction.on_commit(
                lambda: followup.award(proposal=proposal, code="P07", by=by, source=contact)
            )
    return contact


def co_opinion_send(
    *, assignment: Assignment, by: Any, text: str, upload: UploadedFile | None = None
) -> CoOpinion:
    """A co-handling unit sends its opinion (会办意见) to the lead unit; its share of this round
    is then done."""
    _require_unit(by, assignment)
    proposal = assignment.proposal
    if assignment.role != R.CO:
        raise DomainError("只有会办单位提交会办意见")
    if assignment.state != A.HANDLING:
        raise DomainError(f"当前状态为“{ASSIGNMENT_LABELS[assignment.state]}”，不能提交会办意见")
    text = text.strip()
    if len(text) < 10 or len(text) > 20000:
        raise DomainError("请填写会办意见（10至20000字）")
    lead = proposal.assignments.filter(role=R.LEAD).exclude(state=A.WITHDRAWN).first()
    with transaction.atomic():
        document = (
            _stored(proposal, by, upload, Attachment.Kind.OPINION, (".pdf", ".docx", ".doc"))
            if upload is not None
            else None
        )
        try:
            with transaction.atomic():
                opinion = CoOpinion.objects.create(
                    committee_id=proposal.committee_id,
                    assignment=assignment,
                    round=proposal.round,
                    text=text,
                    document=document,
                    sent_by=by,
                )
        except IntegrityError:
            raise DomainError("本轮会办意见已提交") from None
        transition(
            assignment,
            table=ASSIGNMENT_TABLE,
            to=A.REPLIED,
            by=by,
            roles={UNIT},
            state_labels=ASSIGNMENT_LABELS,
            fields={"replied_at": timezone.now()},
            data={"proposal": proposal.pk, "co_opinion": opinion.pk},
        )
        if lead is not None:
            transaction.on_commit(
                _notify_units(
                    [lead],
                    f"收到会办意见：{proposal.title}"[:200],
                    f"{assignment.unit.name}已提交第{proposal.number}号提案的会办意见。",
                    f"proposals.co_opinion.{opinion.pk}",
                )
            )
    return opinion


# --- extensions -----------------------------------------------------------------------------------


def extension_limit(assignment: Assignment) -> date:
    """The latest reply date any extension may reach: the unit's assignment + max_months (a
    replacement unit's longest period counts from its own assignment, as its first one does)."""
    rules = settings_for(assignment.committee_id)
    return add_months(timezone.localdate(assignment.assigned_at), rules.max_months)


def extension_request(*, assignment: Assignment, by: Any, new_due_on: date, reason: str) -> Extension:
    """The lead or a split unit asks for a later reply date, before its due date."""
    _require_unit(by, assignment)
    proposal = assignment.proposal
    if assignment.role == R.CO:
        raise DomainError("会办单位按会办期限提交意见，不能申请延期")
    if assignment.state not in (A.PENDING, *WORKING_STATES):
        raise DomainError(f"当前状态为“{ASSIGNMENT_LABELS[assignment.state]}”，不能申请延期")
    if timezone.localdate() > assignment.due_on:
        raise DomainError("延期须在答复期限之前申请；已逾期，请尽快答复")
    if new_due_on <= assignment.due_on:
        raise DomainError("申请延至的日期须晚于现在的答复期限")
    limit = extension_limit(assignment)
    if new_due_on > limit:
        raise DomainError(f"延期后的期限不能晚于{limit:%Y年%m月%d日}（交办后最长办理期限）")
    reason = reason.strip()
    if len(reason) < 5 or len(reason) > 2000:
        raise DomainError("请写明延期理由（5至2000字）")
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                committee_id=assignment.committee_id,
                assignment=assignment,
                reason=reason,
                old_due_on=assignment.due_on,
                new_due_on=new_due_on,
                requested_by=by,
            )
            record(
                action="proposals.extension.requested",
                obj=proposal,
                by=by,
                data={"extension": extension.pk, "unit": assignment.unit_id, "to": new_due_on},
            )
            transaction.on_commit(
                lambda: tell_staff(
                    committee_id=proposal.committee_id,
                    key=f"proposals.extension.{extension.pk}",
                    title=f"延期申请待审批：{proposal.number} {proposal.title}",
                    body=f"{assignment.unit.name}申请延至{new_due_on:%Y年%m月%d日}：{reason}",
                    url=reverse("proposals:extension_list"),
                )
            )
    except IntegrityError:
        raise DomainError("已有一个延期申请在审批中") from None
    return extension


def extension_decide(*, extension: Extension, by: Any, approve: bool, note: str = "") -> Extension:
    """Staff approve or refuse. Approval moves the assignment's and the proposal's due date;
    `original_due_on` stays for the overdue figures."""
    assignment = extension.assignment
    proposal = assignment.proposal
    if STAFF not in actor_roles(by, proposal):
        raise NotAllowed()
    if extension.state != Extension.State.PENDING:
        raise DomainError("该延期申请已审批")
    note = note.strip()
    if not approve and len(note) < 2:
        raise DomainError("不同意延期时请填写审批意见")
    if approve and assignment.state not in (A.PENDING, *WORKING_STATES):
        raise DomainError(f"该单位已{ASSIGNMENT_LABELS[assignment.state]}，不能再延期")
    state = Extension.State.APPROVED if approve else Extension.State.REFUSED
    with transaction.atomic():
        claimed = Extension.objects.filter(pk=extension.pk, state=Extension.State.PENDING).update(
            state=state, decided_by=by, decided_at=timezone.now(), decision_note=note
        )
        if claimed != 1:
            raise Conflict()
        if approve:
            Assignment.objects.filter(pk=assignment.pk).update(due_on=extension.new_due_on)
            assignment.due_on = extension.new_due_on
            if proposal.due_on is None or extension.new_due_on > proposal.due_on:
                Proposal.objects.filter(pk=proposal.pk).update(due_on=extension.new_due_on)
                proposal.due_on = extension.new_due_on
            item_sync.follow_extension(assignment=assignment, by=by, reason=extension.reason)
        record(
            action=f"proposals.extension.{'approved' if approve else 'refused'}",
            obj=proposal,
            by=by,
            data={
                "extension": extension.pk,
                "unit": assignment.unit_id,
                "to": extension.new_due_on,
                "note": note,
            },
        )

        def tell() -> None:
            notify(
                recipient=extension.requested_by,
                key=f"proposals.extension.{extension.pk}.decided",
                title=f"延期申请{'已同意' if approve else '未同意'}：{proposal.title}"[:200],
                body=note,
                url=unit_url(assignment),
                committee_id=proposal.committee_id,
            )

        transaction.on_commit(tell)
    extension.refresh_from_db()
    return extension
