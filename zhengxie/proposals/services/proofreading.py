"""Proofreading (校对) of a filed proposal's text, the 校 of 三审三校 (seed 004): after the review
stages have filed it, the office corrects the text in rounds before it goes to the units and is
published. Each round keeps every corrected field before and after, applies the corrections to
the proposal at once (so what is handed over and published is the proofread text), and asks the
proposer to confirm it or to comment; a comment is taken into the office's next round.

Only one round waits for the proposer at a time (a partial unique constraint), and the text is
written with a compare-and-set on the proposal's version, so two clerks proofreading the same
proposal cannot overwrite each other's corrections.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.text import terms_text
from zhengxie.notices.services import notify
from zhengxie.search.index import reindex

from ..config import settings_for
from ..models import ProofCorrection, ProofRound, Proposal
from ..permissions import actor_roles
from ..selectors import PROOF_STATES
from ..workflow import PROPOSER, STAFF

P = Proposal.State
R = ProofRound.State
FIELDS = tuple(ProofCorrection.Field.values)
LIMITS = {"title": 200, "situation": 20000, "analysis": 20000, "suggestion": 20000}


def _author_users(proposal: Proposal) -> list[Any]:
    """Whoever answers for the text: the first proposer, or a collective proposal's convener."""
    users = []
    for member in (proposal.proposer, proposal.convener):
        if member is not None and member.person.user is not None:
            users.append(member.person.user)
    return users


def proof_round_start(*, proposal: Proposal, by: Any, texts: dict[str, str], note: str = "") -> ProofRound:
    """The office's proofreading round: `texts` holds the corrected fields (案由, 情况, 分析, 建议);
    only the fields that changed are kept as corrections. A round with no correction still
    counts (the text was read and is right) and is sent to the proposer to confirm."""
    if STAFF not in actor_roles(by, proposal):
        raise NotAllowed("只有本政协提案工作人员可以校对提案")
    if proposal.state not in PROOF_STATES:
        raise DomainError(f"当前状态为“{proposal.get_state_display()}”，只有已立案、尚未交办的提案可以校对")
    rules = settings_for(proposal.committee_id)
    done = proposal.proof_rounds.count()
    if done >= rules.proof_rounds:
        raise DomainError(f"本政协规定校对{rules.proof_rounds}轮，本提案已校对{done}轮")
    if proposal.proof_rounds.filter(state=R.PENDING).exists():
        raise DomainError("上一轮校对稿尚待提案者确认，请等提案者确认或提出意见后再校对")
    changed: dict[str, tuple[str, str]] = {}
    for name in FIELDS:
        if name not in texts:
            continue
        after = texts[name].replace("\r\n", "\n").strip()
        if name == "title" and not after:
            raise DomainError("案由不能为空")
        if len(after) > LIMITS[name]:
            raise DomainError(f"“{ProofCorrection.Field(name).label}”过长（最多{LIMITS[name]}字）")
        before = getattr(proposal, name)
        if after != before:
            changed[name] = (before, after)
    try:
        with transaction.atomic():
            updated = Proposal.objects.filter(
                pk=proposal.pk, version=proposal.version, state=proposal.state
            ).update(
                **{name: after for name, (_, after) in changed.items()},
                terms=terms_text(*(changed[n][1] if n in changed else getattr(proposal, n) for n in FIELDS)),
                version=F("version") + 1,
            )
            if updated != 1:
                raise Conflict()
            number = (proposal.proof_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
            row = ProofRound.objects.create(
                committee_id=proposal.committee_id,
                proposal=proposal,
                number=number,
                note=note.strip()[:500],
                by=by,
            )
            ProofCorrection.objects.bulk_create(
                ProofCorrection(round=row, field=name, before=before, after=after)
                for name, (before, after) in changed.items()
            )
            for name, (_, after) in changed.items():
                setattr(proposal, name, after)
            proposal.version += 1
            record(
                action="proposals.proof.started",
                obj=proposal,
                by=by,
                data={"round": number, "fields": sorted(changed)},
            )
            reindex("proposal", proposal.pk)
    except IntegrityError:
        raise Conflict() from None
    url = reverse("proposals:detail", args=[proposal.pk]) + "#proof"

    def tell() -> None:
        for user in _author_users(proposal):
            notify(
                recipient=user,
                key=f"proposals.proof.{row.pk}",
                title=f"请确认提案校对稿：{proposal.title}"[:200],
                body=f"第{proposal.number}号提案第{number}轮校对已完成（改动{len(changed)}处），请核对后确认或提出意见。",
                url=url,
                committee_id=proposal.committee_id,
            )

    transaction.on_commit(tell)
    return row


def proof_round_answer(*, row: ProofRound, by: Any, confirm: bool, comment: str = "") -> ProofRound:
    """The proposer confirms the proofread text, or comments (the office reads the comment and
    proofreads again)."""
    proposal = row.proposal
    if PROPOSER not in actor_roles(by, proposal):
        raise NotAllowed("只有提案者可以确认校对稿")
    if row.state != R.PENDING:
        raise DomainError(f"第{row.number}轮校对稿已答复（{row.get_state_display()}），不能再次答复")
    comment = comment.strip()
    if not confirm and len(comment) < 2:
        raise DomainError("请写明对校对稿的意见")
    if len(comment) > 2000:
        raise DomainError("意见过长（最多2000字）")
    state = R.CONFIRMED if confirm else R.COMMENTED
    now = timezone.now()
    with transaction.atomic():
        updated = ProofRound.objects.filter(pk=row.pk, state=R.PENDING).update(
            state=state, comment=comment, answered_by=by, answered_at=now
        )
        if updated != 1:
            raise Conflict()
        row.state, row.comment, row.answered_by, row.answered_at = state, comment, by, now
        record(
            action="proposals.proof.confirmed" if confirm else "proposals.proof.commented",
            obj=proposal,
            by=by,
            data={"round": row.number, "comment": comment},
        )
    if not confirm:
        transaction.on_commit(
            lambda: notify(
                recipient=row.by,
                key=f"proposals.proof.comment.{row.pk}",
                title=f"提案者对校对稿有意见：{proposal.title}"[:200],
                body=f"第{proposal.number}号提案第{row.number}轮校对稿，提案者意见：{comment}"[:1000],
                url=reverse("proposals:proof", args=[proposal.pk]),
                committee_id=proposal.committee_id,
            )
        )
    return row
