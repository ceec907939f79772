"""Consultation outcomes: minutes, recommendations (建议案) and special reports (协商专报), their
submission to the party committee and government, the leaders' instructions — each kept as its
own row and followed up by its own supervision item (source 协商成果) for the unit that must act,
whose accepted completion report comes back as the instruction's implementation result — and
the feedback on adoption. The participants are told about results and feedback."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit
from zhengxie.search.index import reindex
from zhengxie.supervision import config as supervision_config
from zhengxie.supervision.models import Item
from zhengxie.supervision.services.items import ItemData, item_register

from ..models import Consultation, Instruction, Invitation, Outcome, Step

OUTCOME_STEPS = (Step.MEETING, Step.OUTCOME, Step.TRACKING, Step.FEEDBACK)


def outcome_create(
    *, consultation: Consultation, by: Any, kind: str, title: str, body: str, addressee: str = ""
) -> Outcome:
    if consultation.state not in OUTCOME_STEPS:
        raise DomainError("会议召开后才能形成协商成果")
    if kind not in Outcome.Kind.values:
        raise DomainError("请选择成果类型")
    title, body, addressee = title.strip(), body.strip(), addressee.strip()
    if not title or len(title) > 200:
        raise DomainError("请填写成果标题（不超过200个字）")
    if not body:
        raise DomainError("请填写成果正文")
    with transaction.atomic():
        outcome = Outcome.objects.create(
            committee_id=consultation.committee_id, consultation=consultation, kind=kind, title=title,
            body=body[:50000], addressee=(addressee or "中共市委、市人民政府")[:100], created_by=by,
        )  # fmt: skip
        reindex("consultation", outcome.consultation_id)
        record(action="consultations.outcome.created", obj=outcome, by=by, data={"kind": kind})
    return outcome


def outcome_submit(*, outcome: Outcome, by: Any) -> Outcome:
    if outcome.submitted_at is not None:
        raise DomainError("该成果已报送")
    with transaction.atomic():
        now = timezone.now()
        if Outcome.objects.filter(pk=outcome.pk, submitted_at__isnull=True).update(submitted_at=now) != 1:
            raise DomainError("此事项已被他人处理，请刷新")
        outcome.submitted_at = now
        record(action="consultations.outcome.submitted", obj=outcome, by=by, data={"to": outcome.addressee})
    return outcome


def outcome_instruction(
    *,
    outcome: Outcome,
    by: Any,
    instruction: str,
    instructed_by: str,
    lead_unit: HandlingUnit,
    due_on: date,
    given_on: date | None = None,
) -> Instruction:
    """Record a leader's instruction on the outcome as a row of its own and open a supervision
    item, linked to that row, to follow it up. Every instruction is kept; a second leader's (or
    the same leader's next) instruction adds a row and an item."""
    if outcome.submitted_at is None:
        raise DomainError("成果报送后才能登记批示")
    instruction, instructed_by = instruction.strip(), instructed_by.strip()
    given_on = given_on or timezone.localdate()
    if not instruction:
        raise DomainError("请填写批示内容")
    if not instructed_by:
        raise DomainError("请填写批示领导")
    if len(instructed_by) > 50:
        raise DomainError("批示领导不能超过50个字")
    if given_on > timezone.localdate():
        raise DomainError("批示日期不能晚于今天")
    if given_on < timezone.localdate(outcome.submitted_at):
        raise DomainError("批示日期不能早于成果报送日期")
    if lead_unit.committee_id != outcome.committee_id:
        raise DomainError("落实单位不属于本政协")
    with transaction.atomic():
        row = Instruction.objects.create(
            committee_id=outcome.committee_id, outcome=outcome, leader_name=instructed_by, text=instruction,
            given_on=given_on, recorded_by=by,
        )  # fmt: skip
        item = item_register(
            committee_id=outcome.committee_id,
            by=by,
            data=ItemData(
                title=f"落实{instructed_by}对《{outcome.title}》的批示"[:200],
                source=supervision_config.source_named(outcome.committee_id, "协商成果"),
                due_on=due_on,
                lead_unit=lead_unit,
                content=instruction,
                category="协商成果",
            ),
            link=row,
            link_label=f"{instructed_by}批示：{outcome.get_kind_display()}《{outcome.title}》"[:200],
            link_url=reverse("consultations:consultation_detail", args=[outcome.consultation_id]),
        )
        Instruction.objects.filter(pk=row.pk).update(item=item)
        row.item = item
        record(
            action="consultations.outcome.instructed",
            obj=outcome,
            by=by,
            data={"by": instructed_by, "instruction": row.pk, "item": item.pk, "given_on": given_on},
        )
    return row


def instruction_implemented(*, item: Item, by: Any) -> Instruction:
    """Supervision accepted the item following up an instruction (settings.
    SUPERVISION_DONE_RECEIVERS): the unit's completion report becomes the instruction's
    implementation result, and the participants are told. Runs inside the acceptance's
    transaction, so the item is not accepted unless this succeeds."""
    if item.link_id is None:
        raise ValueError(f"supervision item {item.pk} follows up no instruction")
    row = Instruction.objects.select_related("outcome").get(pk=item.link_id)
    # Read what the acceptance just wrote rather than trust the caller's copy of the item.
    text, done_at = Item.objects.filter(pk=item.pk).values_list("completion_text", "done_at").get()
    done_at = done_at or timezone.now()
    outcome = row.outcome
    with transaction.atomic():
        Instruction.objects.filter(pk=row.pk).update(result=text, result_at=done_at)
        row.result, row.result_at = text, done_at
        record(
            action="consultations.instruction.implemented",
            obj=row,
            by=by,
            data={"outcome": outcome.pk, "item": item.pk},
        )
        _tell_participants(
            outcome,
            key=f"consultations.instruction.{row.pk}",
            title=f"批示落实情况：{outcome.title}",
            body=f"{row.leader_name}批示的落实情况：{text[:200]}",
        )
    return row


def outcome_feedback(*, outcome: Outcome, by: Any, adoption: str, feedback: str) -> Outcome:
    """Record how the outcome was adopted and tell everyone who took part."""
    if outcome.submitted_at is None:
        raise DomainError("成果报送后才能登记反馈")
    if adoption not in ("adopted", "partly", "noted"):
        raise DomainError("请选择采纳情况")
    feedback = feedback.strip()
    if not feedback:
        raise DomainError("请填写反馈情况")
    with transaction.atomic():
        now = timezone.now()
        Outcome.objects.filter(pk=outcome.pk).update(adoption=adoption, feedback=feedback, feedback_at=now)
        outcome.adoption, outcome.feedback, outcome.feedback_at = adoption, feedback, now
        reindex("consultation", outcome.consultation_id)
        record(action="consultations.outcome.feedback", obj=outcome, by=by, data={"adoption": adoption})
        _tell_participants(
            outcome,
            key=f"consultations.feedback.{outcome.pk}",
            title=f"协商成果反馈：{outcome.title}",
            body=f"{outcome.get_adoption_display()}。{feedback[:200]}",
        )
    return outcome


def _tell_participants(outcome: Outcome, *, key: str, title: str, body: str) -> None:
    """Notify every member invited to the consultation's meetings (once each, by `key`)."""
    participants = (
        Invitation.objects.filter(
            activity__consultation_id=outcome.consultation_id, member__person__user__isnull=False
        )
        .select_related("member__person__user")
        .distinct()
    )
    url = reverse("consultations:consultation_detail", args=[outcome.consultation_id])
    for inv in participants:
        notify(
            recipient=inv.member.person.user,
            key=key,
            title=title,
            body=body,
            url=url,
            committee_id=outcome.committee_id,
        )
