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
from zhengxie.proposals.models import Proposal, Reply
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
    latest: dict[int, Reply] = {}
    for reply in Reply.objects.filter(proposal=proposal, state=Reply.State.APPROVED).order_by("round", "id"):
        latest[reply.assignment_id] = reply
    rated = [r for r in latest.values() if r.quality_rated]
    if not rated:
        return None
    scale = settings_for(proposal.committee_id).quality_scale
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
    for proposal in proposals.select_related("proposer").order_by("id").iterator(chunk_size=500):
        sync_quality(proposal=proposal, by=by)
        done += 1
    return done
