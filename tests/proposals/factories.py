"""Test data set-up: proposals put straight into a later state of the loop (FILED, REPLIED,
CLOSED) with consistent rows — assignments, an approved reply with its category and public scope,
co-signers — by creating the models directly. Review and handling have their own services and
tests; evaluation, statistics and outputs only need the rows those steps leave behind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Max
from django.utils import timezone

from tests.personas import Personas
from zhengxie.org.models import HandlingUnit, Member, Term
from zhengxie.proposals.models import (
    Assignment,
    CoSigner,
    Proposal,
    ProposerKind,
    PublicScope,
    Reply,
)

P = Proposal.State


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def filed_proposal(
    p: Personas,
    *,
    proposer: Member | None = None,
    cosigners: Sequence[Member] = (),
    title: str = "关于加快老旧小区加装电梯的建议",
    category: str = "社会建设",
    year: int = 2026,
    filed_on: date = date(2026, 3, 10),
    kind: str = "",
    is_key: bool = False,
    consent_publish: bool = True,
    **extra: Any,
) -> Proposal:
    """A filed proposal (FILED), numbered 14-3-NNN, with agreed co-signers."""
    serial = (Proposal.objects.filter(committee=p.city).aggregate(m=Max("serial"))["m"] or 0) + 1
    proposer = proposer or p.member_wang_record
    kind = kind or (ProposerKind.JOINT if cosigners else ProposerKind.MEMBER)
    proposal = Proposal.objects.create(
        committee=p.city,
        term=Term.objects.get(committee=p.city),
        year=year,
        number=f"14-3-{serial:03d}",
        serial=serial,
        kind=kind,
        proposer=proposer if kind in (ProposerKind.MEMBER, ProposerKind.JOINT) else None,
        proposer_name=proposer.person.name + ("等" if cosigners else ""),
        title=title,
        situation="全市有老旧小区住宅楼四千余栋，多数没有电梯。",
        analysis="审批环节多、居民意见难统一。",
        suggestion="一、简化审批；二、出台资金分摊指引。",
        category=category,
        consent_publish=consent_publish,
        no_publish_reason="" if consent_publish else "涉及个人隐私",
        state=P.FILED,
        is_key=is_key,
        created_by=proposer.person.user or p.member_wang,
        submitted_at=_at(filed_on - timedelta(days=5)),
        filed_at=_at(filed_on),
        **extra,
    )
    for i, member in enumerate(cosigners):
        CoSigner.objects.create(
            committee=p.city,
            proposal=proposal,
            member=member,
            order=i,
            answer=CoSigner.Answer.AGREED,
            answered_at=_at(filed_on - timedelta(days=6)),
        )
    return proposal


def assign(
    proposal: Proposal,
    units: Sequence[HandlingUnit],
    *,
    assigned_on: date = date(2026, 3, 15),
    due_on: date = date(2026, 6, 15),
    co_units: Sequence[HandlingUnit] = (),
) -> list[Assignment]:
    """Assigned: the first unit leads (or several split units), co units 会办; all signed for."""
    role = Assignment.Role.SPLIT if len(units) > 1 else Assignment.Role.LEAD
    made = [
        Assignment.objects.create(
            committee=proposal.committee,
            proposal=proposal,
            unit=unit,
            role=role,
            state=Assignment.State.HANDLING,
            due_on=due_on,
            signed_at=_at(assigned_on),
        )
        for unit in units
    ]
    made += [
        Assignment.objects.create(
            committee=proposal.committee,
            proposal=proposal,
            unit=unit,
            role=Assignment.Role.CO,
            state=Assignment.State.HANDLING,
            due_on=due_on,
            signed_at=_at(assigned_on),
        )
        for unit in co_units
    ]
    Proposal.objects.filter(pk=proposal.pk).update(
        state=P.ASSIGNED,
        assigned_at=_at(assigned_on),
        due_on=due_on,
        original_due_on=due_on,
        mode=role if role == Assignment.Role.SPLIT else "lead",
    )
    proposal.refresh_from_db()
    return made


def replied_proposal(
    p: Personas,
    *,
    units: Sequence[HandlingUnit] | None = None,
    result: str = "A",
    public_scope: str = PublicScope.FULL,
    replied_on: date = date(2026, 5, 20),
    due_on: date = date(2026, 6, 15),
    rating_until: date | None = None,
    reply_text: str = "经研究，我局已出台老旧小区加装电梯资金分摊指引，简化了审批流程。",
    summary: str = "已出台资金分摊指引，审批流程已简化。",
    **kwargs: Any,
) -> Proposal:
    """A replied proposal (REPLIED, round 1): every lead/split unit's reply approved."""
    proposal = filed_proposal(p, **kwargs)
    assignments = assign(proposal, units or [p.unit], due_on=due_on)
    for a in assignments:
        if a.role == Assignment.Role.CO:
            continue
        Reply.objects.create(
            committee=proposal.committee,
            proposal=proposal,
            assignment=a,
            round=1,
            state=Reply.State.APPROVED,
            category=result,
            text=reply_text,
            summary=summary,
            signing_leader="张局长",
            contact_name="李科长",
            contact_phone="13912345678",
            public_scope=public_scope,
            written_by=p.unit_clerk,
            submitted_at=_at(replied_on),
            approved_at=_at(replied_on),
            approved_by=p.proposal_staff,
            published_at=_at(replied_on) if public_scope != PublicScope.NONE else None,
        )
        Assignment.objects.filter(pk=a.pk).update(state=Assignment.State.REPLIED, replied_at=_at(replied_on))
    Proposal.objects.filter(pk=proposal.pk).update(
        state=P.REPLIED,
        replied_at=_at(replied_on),
        result=result,
        public_scope=public_scope,
        rating_until=rating_until or replied_on + timedelta(days=21),
    )
    proposal.refresh_from_db()
    return proposal


def closed_proposal(p: Personas, *, closed_on: date = date(2026, 6, 30), **kwargs: Any) -> Proposal:
    """A closed proposal (CLOSED) after one replied round."""
    proposal = replied_proposal(p, **kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(state=P.CLOSED, closed_at=_at(closed_on))
    proposal.refresh_from_db()
    return proposal
