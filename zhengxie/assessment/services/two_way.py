"""双向评议 feeds the member's duty record: the handling units' rating of a proposal's quality
(given with the reply, approved with it) scores the proposal's proposers by duty rule P08, the
points depending on the grade of the rating (the rule's variants, per committee and year).

One grade per proposal: the mean of the three aspects over each unit's latest approved rated
reply, as a percentage of the committee's scale. Scored once per proposal and proposer; when the
rating changes (a new reply round, a corrected reply) the standing entries are reversed and the
new grade scored; when no rating is left they are reversed. `sync_quality` can run any number of
times (the job runs it every hour): it changes nothing when the ledger already agrees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from zhengxie.duty.models import PointEntry
from zhengxie.duty.services import entries_reverse_for_source, record_points
from zhengxie.lib.errors import DomainError
from zhengxie.proposals.config import settings_for
from zhengxie.proposals.models import CoSigner, Proposal, Reply
from zhengxie.proposals.services.followup import proposers

CODE = "P08"  # duty/defaults.py: 提案质量获承办单位好评（双向评议）
# The grade of a rating (percentage of the scale, at least) → the rule's variant of that name.
GRADES: tuple[tuple[str, Decimal], ...] = (
    ("优秀", Decimal(90)),
    ("良好", Decimal(75)),
    ("合格", Decimal(60)),
)


def quality_percent(proposal: Proposal) -> Decimal | None:
    """The units' rating of the proposal as a percentage of the scale, or None if unrated."""
    approved = Reply.objects.filter(proposal=proposal, state=Reply.State.APPROVED).order_by("round", "id")
    return _percent(list(approved), lambda: settings_for(proposal.committee_id).quality_scale)


def _percent(approved: list[Reply], scale_of: Any) -> Decimal | None:
    """The grade's percentage from a proposal's approved replies in (round, id) order."""
    latest: dict[int, Reply] = {}
    for reply in approved:
        latest[reply.assignment_id] = reply
    rated = [r for r in latest.values() if r.quality_rated]
    if not rated:
        return None
    scale = scale_of()
    total = sum(
        (r.quality_research or 0) + (r.quality_feasibility or 0) + (r.quality_clarity or 0) for r in rated
    )
    return (Decimal(total) * 100 / (3 * scale * len(rated))).quantize(Decimal("0.1"))


def grade_of(percent: Decimal | None) -> str:
    if percent is None:
        return ""
    return next((label for label, least in GRADES if percent >= least), "")


def sync_quality(*, proposal: Proposal, by: Any) -> str:
    """Bring the proposers' P08 entries for `proposal` in line with its rating; returns the grade
    scored ("" for none)."""
    percent = quality_percent(proposal)
    grade = grade_of(percent)
    source_type = ContentType.objects.get_for_model(Proposal)
    standing = list(
        PointEntry.objects.filter(source_type=source_type, source_id=proposal.pk, rule__code=CODE)
        .standing()
        .values_list("member_id", "variant")
    )
    credited = [member for member, _ in proposers(proposal)] if grade else []
    wanted = {(m.pk, grade) for m in credited}
    if set(standing) == wanted:
        return grade
    with transaction.atomic():
        if standing:
            reason = f"承办单位对提案质量的评价改为{grade}" if grade else "承办单位对提案质量的评价已撤回"
            entries_reverse_for_source(source=proposal, by=by, reason=reason, codes=[CODE])
        for member in credited:
            try:
                with transaction.atomic():
                    record_points(
                        member=member,
                        code=CODE,
                        source=proposal,
                        by=by,
                        year=proposal.year,
                        variant=grade,
                        note=f"提案质量评价{grade}（{percent}%）：{proposal.title}"[:200],
                        again=True,
                    )
            except DomainError:
                # The committee has no such rule that year, or stopped it: its choice.
                continue
    return grade


def sync_all(*, by: Any = None, years: tuple[int, ...] | None = None) -> int:
    """Every proposal with an approved rating, or with P08 points that may need reversing."""
    rated = Reply.objects.filter(state=Reply.State.APPROVED, quality_research__isnull=False).values(
        "proposal_id"
    )
    scored = PointEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(Proposal), rule__code=CODE
    ).values("source_id")
    proposals = Proposal.objects.filter(pk__in=rated) | Proposal.objects.filter(pk__in=scored)
    if years:
        proposals = proposals.filter(year__in=years)
    done = 0
    last = 0
    while True:
        chunk = list(proposals.select_related("proposer").filter(pk__gt=last).order_by("id")[:BATCH])
        if not chunk:
            return done
        last = chunk[-1].pk
        agreeing = _agreeing(chunk)
        for proposal in chunk:
            if proposal.pk not in agreeing:
                sync_quality(proposal=proposal, by=by)
            done += 1


BATCH = 500


def _agreeing(chunk: list[Proposal]) -> set[int]:
    """The proposals of `chunk` whose ledger already agrees with their rating, found with a few
    queries for the whole chunk (the hourly job's usual answer: all of them), so that a rerun
    costs a handful of queries per 500 proposals instead of several per proposal. Anything not
    certainly in agreement (a merged proposal's proposers, a change) goes through `sync_quality`."""
    ids = [p.pk for p in chunk]
    replies: dict[int, list[Reply]] = {}
    for reply in Reply.objects.filter(proposal_id__in=ids, state=Reply.State.APPROVED).order_by(
        "proposal_id", "round", "id"
    ):
        replies.setdefault(reply.proposal_id, []).append(reply)
    standing: dict[int, set[tuple[int, str]]] = {}
    for source_id, member_id, variant in (
        PointEntry.objects.filter(
            source_type=ContentType.objects.get_for_model(Proposal),
            source_id__in=ids,
            rule__code=CODE,
        )
        .standing()
        .values_list("source_id", "member_id", "variant")
    ):
        standing.setdefault(source_id or 0, set()).add((member_id, variant))
    cosigners: dict[int, set[int]] = {}
    for proposal_id, member_id in CoSigner.objects.filter(
        proposal_id__in=ids, answer=CoSigner.Answer.AGREED
    ).values_list("proposal_id", "member_id"):
        cosigners.setdefault(proposal_id, set()).add(member_id)
    merged = set(Proposal.objects.filter(merged_into_id__in=ids).values_list("merged_into_id", flat=True))
    scales: dict[int, int] = {}
    agreeing = set()
    for proposal in chunk:
        if proposal.pk in merged:
            continue

        def scale(committee_id: int = proposal.committee_id) -> int:
            if committee_id not in scales:
                scales[committee_id] = settings_for(committee_id).quality_scale
            return scales[committee_id]

        grade = grade_of(_percent(replies.get(proposal.pk, []), scale))
        members = set(cosigners.get(proposal.pk, set()))
        if proposal.proposer_id is not None:
            members.add(proposal.proposer_id)
        wanted = {(m, grade) for m in members} if grade else set()
        if standing.get(proposal.pk, set()) == wanted:
            agreeing.add(proposal.pk)
    return agreeing
