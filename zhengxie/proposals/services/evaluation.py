"""After the reply: the proposers' ratings (满意度评价), re-handling when they are dissatisfied,
closing, and the year-end commendations (domain.md §1.9, §1.14).

Every proposer of the proposal rates each handling round once: the first proposer (for a
collective proposal its convener) and every co-signer who agreed. Only the member does so —
a unit must never rate on a member's behalf; for a member without internet the proposal staff
record the returned paper form, and the audit log says so.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty.services import entries_reverse_for_source
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workdays import add_months
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit, Member

from ..config import settings_for
from ..models import Assignment, Commendation, CoSigner, Proposal, Rating, Satisfaction
from ..permissions import actor_roles, is_staff
from ..workflow import ASSIGNMENT_LABELS, ASSIGNMENT_TABLE, LABELS, STAFF, SYSTEM, TABLE
from .followup import award
from .recipients import tell_staff, unit_users

logger = logging.getLogger(__name__)
P = Proposal.State
S = Satisfaction
REPLYING_ROLES = (Assignment.Role.LEAD, Assignment.Role.SPLIT)
# Where a proposal may be commended: it has been filed and (at least) replied to.
COMMENDABLE_STATES = (P.REPLIED, P.REHANDLING, P.CLOSED)


# --- ratings -------------------------------------------------------------------------------------


def raters(proposal: Proposal) -> list[Member]:
    """Who rates: the first proposer (or a collective proposal's convener) and every co-signer
    who agreed, each once."""
    people: list[Member] = []
    first = proposal.proposer or proposal.convener
    if first is not None:
        people.append(first)
    agreed = (
        CoSigner.objects.filter(proposal=proposal, answer=CoSigner.Answer.AGREED)
        .select_related("member__person")
        .order_by("order", "id")
    )
    people += [c.member for c in agreed if first is None or c.member_id != first.pk]
    return people


def rated_member_ids(proposal: Proposal) -> set[int]:
    return set(
        Rating.objects.filter(proposal=proposal, round=proposal.round).values_list("member_id", flat=True)
    )


def pending_raters(proposal: Proposal) -> list[Member]:
    done = rated_member_ids(proposal)
    return [m for m in raters(proposal) if m.pk not in done]


def is_dissatisfied(proposal: Proposal) -> bool:
    """Whether any rating of the current round is 不满意 (work or result)."""
    return (
        Rating.objects.filter(proposal=proposal, round=proposal.round)
        .filter(Q(work=S.DISSATISFIED) | Q(result=S.DISSATISFIED))
        .exists()
    )


def rating_open(proposal: Proposal, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        proposal.state == P.REPLIED and proposal.rating_until is not None and today <= proposal.rating_until
    )


def _clean(work: str, result: str, comment: str) -> str:
    if work not in S.values or result not in S.values:
        raise DomainError("请对办理工作和办理结果分别选择满意、基本满意或不满意")
    comment = comment.strip()
    if S.DISSATISFIED in (work, result) and not comment:
        raise DomainError("选择“不满意”时，请写明不满意的原因和意见")
    if len(comment) > 2000:
        raise DomainError("意见不能超过2000字")
    return comment


def _store(
    *,
    proposal: Proposal,
    member: Member,
    by: Any,
    work: str,
    result: str,
    comment: str,
    action: str,
    data: dict[str, Any],
) -> Rating:
    with transaction.atomic():
        # Re-read under the transaction: the period or the round may have moved since the page.
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.state != P.REPLIED:
            raise DomainError(f"当前状态为“{LABELS.get(current.state, current.state)}”，不能评价")
        if not rating_open(current):
            raise DomainError("评价期限已过，不能再评价")
        if Rating.objects.filter(proposal=current, round=current.round, member=member).exists():
            raise DomainError(f"{member.person.name}已评价过本轮办理，不能重复评价")
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    committee_id=current.committee_id,
                    proposal=current,
                    round=current.round,
                    member=member,
                    work=work,
                    result=result,
                    comment=comment,
                    by=by,
                )
        except IntegrityError:
            raise DomainError(f"{member.person.name}已评价过本轮办理，不能重复评价") from None
        record(
            action=action,
            obj=current,
            by=by,
            data={"member": member.pk, "round": current.round, "work": work, "result": result, **data},
        )
        if S.DISSATISFIED in (work, result):
            transaction.on_commit(lambda: _tell_staff_dissatisfied(current))
    return rating


def _tell_staff_dissatisfied(proposal: Proposal) -> None:
    """The proposal office decides on re-handling; tell it once per round."""
    tell_staff(
        committee_id=proposal.committee_id,
        key=f"proposals.dissatisfied.{proposal.pk}.{proposal.round}",
        title=f"提案者对答复不满意：{proposal.number} {proposal.title}",
        body="请研究是否商请承办单位重新办理。",
        url=reverse("proposals:detail", args=[proposal.pk]),
    )


def rating_submit(*, proposal: Proposal, by: Any, work: str, result: str, comment: str = "") -> Rating:
    """The member's own rating of the current round: work and result, each 满意/基本满意/不满意."""
    member = next((m for m in raters(proposal) if m.person.user_id == by.pk), None)
    if member is None:
        raise NotAllowed("只有提案者本人和同意联名的委员可以评价办理情况")
    comment = _clean(work, result, comment)
    return _store(
        proposal=proposal,
        member=member,
        by=by,
        work=work,
        result=result,
        comment=comment,
        action="proposals.rating.submitted",
        data={},
    )


def rating_record_on_paper(
    *, proposal: Proposal, by: Any, member: Member, work: str, result: str, comment: str = "", note: str
) -> Rating:
    """Proposal staff enter the paper form a member without internet returned (征询意见表)."""
    if not is_staff(by, proposal.committee_id):
        raise NotAllowed("只有提案工作人员可以录入纸质评价表")
    if member.pk not in {m.pk for m in raters(proposal)}:
        raise DomainError("该委员不是本提案的提案者或联名人")
    note = note.strip()
    if not note:
        raise DomainError("请说明纸质评价表的来源（如：委员签字的征询意见表，某月某日收回）")
    comment = _clean(work, result, comment)
    return _store(
        proposal=proposal,
        member=member,
        by=by,
        work=work,
        result=result,
        comment=comment,
        action="proposals.rating.recorded_on_paper",
        data={"paper": True, "note": note[:500]},
    )


# --- re-handling and closing ---------------------------------------------------------------------


def _require_staff(by: Any, proposal: Proposal) -> set[str]:
    roles = actor_roles(by, proposal)
    if STAFF not in roles:
        raise NotAllowed()
    return roles


def proposal_rehandle(*, proposal: Proposal, by: Any, reason: str = "") -> Proposal:
    """Send the proposal back to its replying units for a new round when a proposer is
    dissatisfied: REPLIED → REHANDLING, round + 1, due `rehandle_months` from today."""
    roles = _require_staff(by, proposal)
    if proposal.state != P.REPLIED:
        raise DomainError(f"当前状态为“{LABELS.get(proposal.state, proposal.state)}”，不能重新办理")
    if not is_dissatisfied(proposal):
        raise DomainError("本轮评价中没有“不满意”，不能要求重新办理")
    today = timezone.localdate()
    due = add_months(today, settings_for(proposal.committee_id).rehandle_months)
    # The replying units answer again; 会办 units give a new opinion for the new round.
    replying = list(
        proposal.assignments.filter(
            role__in=(*REPLYING_ROLES, Assignment.Role.CO), state=Assignment.State.REPLIED
        ).select_related("unit")
    )
    if not replying:
        raise DomainError("找不到已答复的承办单位，不能重新办理")
    new_round = proposal.round + 1
    url = reverse("proposals:detail", args=[proposal.pk])

    def tell_units() -> None:
        for user in unit_users(proposal.committee_id, {a.unit_id for a in replying}):
            notify(
                recipient=user,
                key=f"proposals.rehandle.{proposal.pk}.{new_round}",
                title=f"提案需重新办理：{proposal.number} {proposal.title}"[:200],
                body=f"提案者对答复不满意，请于{due:%Y年%m月%d日}前重新办理并答复。{reason.strip()}"[:1000],
                url=url,
                committee_id=proposal.committee_id,
            )

    with transaction.atomic():
        transition(
            proposal,
            table=TABLE,
            to=P.REHANDLING,
            by=by,
            roles=roles,
            data={"round": new_round, "due_on": due.isoformat(), "reason": reason.strip()[:500]},
            fields={"round": new_round, "due_on": due, "rating_until": None},
            state_labels=LABELS,
            after_commit=[tell_units],
        )
        for a in replying:
            transition(
                a,
                table=ASSIGNMENT_TABLE,
                to=Assignment.State.HANDLING,
                by=by,
                roles=roles,
                data={"round": new_round},
                fields={"due_on": due, "replied_at": None},
                state_labels=ASSIGNMENT_LABELS,
            )
    return proposal


def proposal_close(*, proposal: Proposal, by: Any, reason: str = "") -> Proposal:
    """Close a replied proposal (办结). A dissatisfied round is normally handled again; the
    committee may still decide to close it, and must then say why (`reason`)."""
    roles = _require_staff(by, proposal)
    if proposal.state != P.REPLIED:
        raise DomainError(f"当前状态为“{LABELS.get(proposal.state, proposal.state)}”，不能办结")
    if is_dissatisfied(proposal) and not reason.strip():
        raise DomainError("提案者对本轮办理不满意，应重新办理；如经研究决定办结，请填写理由")
    return transition(  # type: ignore[return-value]
        proposal,
        table=TABLE,
        to=P.CLOSED,
        by=by,
        roles=roles,
        data={"reason": reason.strip()[:500]},
        fields={"closed_at": timezone.now()},
        state_labels=LABELS,
    )


def close_after_rating(*, proposal: Proposal) -> bool:
    """The job's step: close a REPLIED proposal whose rating period has passed with no 不满意.
    The compare-and-set lets only one of two overlapping runs close it."""
    if proposal.state != P.REPLIED or proposal.rating_until is None:
        return False
    if proposal.rating_until >= timezone.localdate() or is_dissatisfied(proposal):
        return False
    try:
        transition(
            proposal,
            table=TABLE,
            to=P.CLOSED,
            by=None,
            roles={SYSTEM},
            data={"reason": "评价期限届满"},
            fields={"closed_at": timezone.now()},
            state_labels=LABELS,
        )
    except DomainError:  # Conflict: another run, or a person, moved it first
        return False
    return True


# --- commendations -------------------------------------------------------------------------------


def _require_staff_of(by: Any, committee_id: int) -> None:
    if not is_staff(by, committee_id):
        raise NotAllowed("只有提案工作人员可以办理评选表彰")


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise DomainError("年度无效")


def commend_proposal(*, proposal: Proposal, by: Any, year: int, note: str = "") -> Commendation:
    """Commend an excellent proposal (优秀提案) of `year`; its proposers earn P06 points."""
    _require_staff_of(by, proposal.committee_id)
    _check_year(year)
    if proposal.state not in COMMENDABLE_STATES:
        raise DomainError("只有已答复或已办结的提案可以评为优秀提案")
    if Commendation.objects.filter(committee_id=proposal.committee_id, year=year, proposal=proposal).exists():
        raise DomainError("该提案已评为本年度优秀提案")
    with transaction.atomic():
        try:
            with transaction.atomic():
                commendation = Commendation.objects.create(
                    committee_id=proposal.committee_id,
                    year=year,
                    kind=Commendation.Kind.PROPOSAL,
                    proposal=proposal,
                    note=note.strip()[:200],
                    by=by,
                )
        except IntegrityError:
            raise DomainError("该提案已评为本年度优秀提案") from None
        Proposal.objects.filter(pk=proposal.pk).update(is_excellent=True)
        proposal.is_excellent = True
        record(action="proposals.commendation.proposal", obj=proposal, by=by, data={"year": year})
        transaction.on_commit(lambda: _award_excellent(commendation, by))
    return commendation


def _award_excellent(commendation: Commendation, by: Any) -> None:
    """P06 points for the commendation (each commendation is its own source, so a withdrawal
    reverses exactly its points and a later year's commendation earns again)."""
    assert commendation.proposal is not None
    try:
        award(proposal=commendation.proposal, code="P06", by=by, source=commendation, variants=True)
    except DomainError:
        # The committee switched the rule off for the year: the commendation stands without points.
        logger.warning("P06 points not recorded for commendation %s", commendation.pk)


def commend_unit(*, unit: HandlingUnit, by: Any, year: int, note: str = "") -> Commendation:
    """Commend an advanced handling unit (先进承办单位) of `year`."""
    _require_staff_of(by, unit.committee_id)
    _check_year(year)
    if not unit.is_active:
        raise DomainError("该承办单位已停用")
    with transaction.atomic():
        try:
            with transaction.atomic():
                commendation = Commendation.objects.create(
                    committee_id=unit.committee_id,
                    year=year,
                    kind=Commendation.Kind.UNIT,
                    unit=unit,
                    note=note.strip()[:200],
                    by=by,
                )
        except IntegrityError:
            raise DomainError("该单位已评为本年度先进承办单位") from None
        record(action="proposals.commendation.unit", obj=unit, by=by, data={"year": year})
    return commendation


def commendation_withdraw(*, commendation: Commendation, by: Any, reason: str) -> None:
    """Withdraw a commendation (撤销表彰); an excellent proposal's points are reversed."""
    _require_staff_of(by, commendation.committee_id)
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写撤销理由")
    with transaction.atomic():
        row = Commendation.objects.select_for_update().filter(pk=commendation.pk).first()
        if row is None:
            raise DomainError("该表彰已撤销")
        data = {"year": row.year, "reason": reason[:500]}
        if row.kind == Commendation.Kind.PROPOSAL and row.proposal is not None:
            proposal = row.proposal
            entries_reverse_for_source(source=row, by=by, reason=f"撤销优秀提案：{reason}", codes=["P06"])
            row.delete()
            still = Commendation.objects.filter(proposal=proposal).exists()
            Proposal.objects.filter(pk=proposal.pk).update(is_excellent=still)
            record(action="proposals.commendation.proposal_withdrawn", obj=proposal, by=by, data=data)
        else:
            unit = row.unit
            row.delete()
            record(action="proposals.commendation.unit_withdrawn", obj=unit, by=by, data=data)


def proposal_candidates(committee_id: int, year: int, limit: int = 50) -> QuerySet[Proposal]:
    """Suggested excellent proposals: replied or closed, result A with a 满意 rating and no
    不满意 — or key proposals — and not yet commended."""
    ratings = Rating.objects.filter(proposal=OuterRef("pk"), round=OuterRef("round"))
    satisfied = ratings.filter(work=S.SATISFIED, result=S.SATISFIED)
    unhappy = ratings.filter(Q(work=S.DISSATISFIED) | Q(result=S.DISSATISFIED))
    commended = Commendation.objects.filter(proposal=OuterRef("pk"), year=year)
    return (
        Proposal.objects.filter(committee_id=committee_id, year=year, state__in=COMMENDABLE_STATES)
        .annotate(ok=Exists(satisfied))
        .filter(Q(result="A", ok=True) | Q(is_key=True))
        .exclude(Exists(unhappy))
        .exclude(Exists(commended))
        .order_by("-is_key", "-id")[:limit]
    )


def unit_candidates(committee_id: int, year: int) -> list[dict[str, Any]]:
    """Suggested advanced units: every assignment replied on time and every rating satisfied."""
    from ..stats import per_unit  # stats reads; it does not import services

    commended = set(
        Commendation.objects.filter(
            committee_id=committee_id, year=year, kind=Commendation.Kind.UNIT
        ).values_list("unit_id", flat=True)
    )
    return [
        row
        for row in per_unit(committee_id, year)
        if row["assigned"]
        and row["on_time"] == row["assigned"]
        and row["rated"]
        and row["satisfied"] == row["rated"]
        and row["unit_id"] not in commended
    ]
