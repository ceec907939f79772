"""The year's proposal figures of one committee (domain.md §1.13), for the statistics page, the
Excel export and the 提案工作情况报告.

Every figure comes from an aggregate query, so the number of queries is the same for ten
proposals or a million and no row is counted in Python. Definitions (labelled on the page):
- 收到 received: submitted in the year, excluding drafts, proposals still being co-signed and
  withdrawn ones; 立案率 = filed / received.
- 办复率 = (replied or closed) / filed; 按时办复 = replied on or before the original due date.
- 采纳率 = A / replied (the A-only definition; some committees use A+B).
- 满意率 = (满意 + 基本满意) / rated, counted once per proposal × rater (the current round's
  rating), separately for the handling work and the result.
- 沟通率 = proposals with a 办前 contact / assigned proposals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from zhengxie.lib.dbrouter import from_replica
from zhengxie.org.models import Member

from .models import (
    COLLECTIVE_KINDS,
    Assignment,
    Contact,
    CoSigner,
    Destination,
    NotFiledDestination,
    Proposal,
    ProposerKind,
    Rating,
    Satisfaction,
)
from .permissions import office_proposals

P = Proposal.State
S = Satisfaction
NOT_RECEIVED = (P.DRAFT, P.COSIGNING, P.WITHDRAWN)
FILED = (P.FILED, P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
ASSIGNED = (P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
REPLIED = (P.REPLIED, P.CLOSED)
GOOD = (S.SATISFIED, S.BASIC)
ADOPTION_LABEL = "采纳率（A类答复 / 已答复）"
CONTACT_LABEL = "沟通率（办前沟通 / 已交办）"


def rate(part: int, whole: int) -> str:
    """A percentage with one decimal, or "—" when there is nothing to divide by."""
    return f"{part * 100 / whole:.1f}%" if whole else "—"


@dataclass
class YearStats:
    committee_id: int
    year: int
    received: int = 0
    filed: int = 0
    merged: int = 0
    to_opinion: int = 0
    to_reference: int = 0
    not_filed: int = 0
    replied: int = 0
    on_time: int = 0
    closed: int = 0
    results: dict[str, int] = field(default_factory=dict)
    key_filed: int = 0
    key_closed: int = 0
    individual: int = 0
    joint: int = 0
    collective: int = 0
    rated: int = 0
    work_good: int = 0
    result_good: int = 0
    assigned: int = 0
    contacted_before: int = 0
    proposers: int = 0
    active_members: int = 0
    by_category: list[tuple[str, int, int]] = field(default_factory=list)  # (category, received, filed)
    by_sector: list[tuple[str, int, int]] = field(default_factory=list)
    by_unit: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rates(self) -> dict[str, str]:
        return {
            "立案率": rate(self.filed, self.received),
            "办复率": rate(self.replied, self.filed),
            "按时办复率": rate(self.on_time, self.replied),
            ADOPTION_LABEL: rate(self.results.get("A", 0), self.replied),
            "办理工作满意率": rate(self.work_good, self.rated),
            "办理结果满意率": rate(self.result_good, self.rated),
            "重点提案办结率": rate(self.key_closed, self.key_filed),
            "委员参与率": rate(self.proposers, self.active_members),
            CONTACT_LABEL: rate(self.contacted_before, self.assigned),
        }

    def summary_rows(self) -> list[tuple[str, int | str]]:
        """The headline figures as (label, value), in report order."""
        rows: list[tuple[str, int | str]] = [
            ("收到提案", self.received),
            ("其中：委员个人提案", self.individual),
            ("委员联名提案", self.joint),
            ("集体提案", self.collective),
            ("立案", self.filed),
            ("并案", self.merged),
            ("不予立案", self.not_filed),
            ("其中：转为社情民意", self.to_opinion),
            ("转有关部门参考", self.to_reference),
            ("已答复（含办结）", self.replied),
            ("按时答复", self.on_time),
            ("已办结", self.closed),
        ]
        rows += [(f"{code}类答复", self.results.get(code, 0)) for code in self.result_codes]
        rows += [
            ("重点提案", self.key_filed),
            ("重点提案已办结", self.key_closed),
            ("已评价（人次）", self.rated),
            ("参与提案的委员", self.proposers),
            ("在任委员", self.active_members),
        ]
        return rows + list(self.rates.items())

    @property
    def result_codes(self) -> list[str]:
        return ["A", "B", "C"] + (["D"] if self.results.get("D") else [])


def handed_to_opinions(committee_id: int) -> Q:
    """Sent to one of the committee's destinations that hand a proposal to 社情民意: the default
    转社情民意 or any of its own so marked (a subquery, no query of its own)."""
    own = NotFiledDestination.objects.filter(committee_id=committee_id, to_opinion=True).values("code")
    return Q(destination=Destination.OPINION) | Q(destination__in=own)


def _year(committee_id: int, year: int) -> Any:
    # The office's visibility rule first (as the lists and the export), then what counts as received.
    return office_proposals(committee_id).filter(year=year).exclude(state__in=NOT_RECEIVED)


@from_replica  # aggregates that may be seconds old: the replica when one is configured
def per_unit(committee_id: int, year: int) -> list[dict[str, Any]]:
    """Per handling unit: assigned, replied, replied on time (by the proposal's original due
    date), ratings and satisfied ratings (work and result both 满意 or 基本满意) of the
    proposals it replied on."""
    active = (
        Assignment.objects.filter(committee_id=committee_id, proposal__year=year)
        .exclude(state=Assignment.State.WITHDRAWN)
        .annotate(replied_date=TruncDate("replied_at"))
    )
    rows: dict[int, dict[str, Any]] = {}
    for r in (
        active.values("unit_id", "unit__name")
        .annotate(
            assigned=Count("id"),
            replied=Count("id", filter=Q(replied_at__isnull=False)),
            on_time=Count("id", filter=Q(replied_date__lte=F("proposal__original_due_on"))),
        )
        .order_by("unit__name")
    ):
        rows[r["unit_id"]] = {
            "unit_id": r["unit_id"],
            "unit": r["unit__name"],
            "assigned": r["assigned"],
            "replied": r["replied"],
            "on_time": r["on_time"],
            "rated": 0,
            "satisfied": 0,
        }
    # One rating counts for each unit that replied on the proposal (lead or split).
    ratings = (
        Rating.objects.filter(committee_id=committee_id, proposal__year=year, round=F("proposal__round"))
        .filter(
            proposal__assignments__role__in=(Assignment.Role.LEAD, Assignment.Role.SPLIT),
            proposal__assignments__state__in=Assignment.ACTIVE_STATES,
        )
        .values("proposal__assignments__unit_id")
        .annotate(
            rated=Count("id"),
            satisfied=Count("id", filter=Q(work__in=GOOD, result__in=GOOD)),
        )
        .order_by()
    )
    for r in ratings:
        row = rows.get(r["proposal__assignments__unit_id"])
        if row is not None:
            row["rated"], row["satisfied"] = r["rated"], r["satisfied"]
    for row in rows.values():
        row["on_time_rate"] = rate(row["on_time"], row["assigned"])
        row["satisfaction"] = rate(row["satisfied"], row["rated"])
    return list(rows.values())


@from_replica
def year_stats(committee_id: int, year: int) -> YearStats:
    qs = _year(committee_id, year)
    stats = YearStats(committee_id=committee_id, year=year)
    counts = qs.annotate(replied_date=TruncDate("replied_at")).aggregate(
        received=Count("id"),
        filed=Count("id", filter=Q(state__in=FILED)),
        merged=Count("id", filter=Q(state=P.MERGED)),
        not_filed=Count("id", filter=Q(state=P.NOT_FILED)),
        to_opinion=Count("id", filter=Q(state=P.NOT_FILED) & handed_to_opinions(committee_id)),
        to_reference=Count("id", filter=Q(state=P.NOT_FILED, destination=Destination.REFERENCE)),
        replied=Count("id", filter=Q(state__in=REPLIED)),
        on_time=Count("id", filter=Q(state__in=REPLIED, replied_date__lte=F("original_due_on"))),
        closed=Count("id", filter=Q(state=P.CLOSED)),
        key_filed=Count("id", filter=Q(state__in=FILED, is_key=True)),
        key_closed=Count("id", filter=Q(state=P.CLOSED, is_key=True)),
        individual=Count("id", filter=Q(kind=ProposerKind.MEMBER)),
        joint=Count("id", filter=Q(kind=ProposerKind.JOINT)),
        collective=Count("id", filter=Q(kind__in=COLLECTIVE_KINDS)),
        assigned=Count("id", filter=Q(state__in=ASSIGNED)),
        contacted_before=Count(
            "id",
            filter=Q(state__in=ASSIGNED)
            & Q(Exists(Contact.objects.filter(proposal=OuterRef("pk"), stage=Contact.Stage.BEFORE))),
        ),
    )
    for name, value in counts.items():
        setattr(stats, name, value)
    stats.results = dict(
        qs.filter(state__in=REPLIED)
        .exclude(result="")
        .values_list("result")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("result", "n")
    )
    ratings = Rating.objects.filter(
        committee_id=committee_id, proposal__year=year, round=F("proposal__round")
    ).aggregate(
        rated=Count("id"),
        work_good=Count("id", filter=Q(work__in=GOOD)),
        result_good=Count("id", filter=Q(result__in=GOOD)),
    )
    stats.rated, stats.work_good, stats.result_good = (
        ratings["rated"],
        ratings["work_good"],
        ratings["result_good"],
    )
    filed_q = Count("id", filter=Q(state__in=FILED))
    stats.by_category = [
        (r["category"] or "（未分类）", r["n"], r["f"])
        for r in qs.values("category").annotate(n=Count("id"), f=filed_q).order_by("-n", "category")
    ]
    stats.by_sector = [
        (r["proposer__sector__name"], r["n"], r["f"])
        for r in qs.filter(proposer__isnull=False)
        .values("proposer__sector__name")
        .annotate(n=Count("id"), f=filed_q)
        .order_by("-n", "proposer__sector__name")
    ]
    # Members who proposed (first proposer) or co-signed (agreed) a received proposal.
    members = Member.objects.filter(committee_id=committee_id)
    stats.proposers = members.filter(
        Q(pk__in=qs.filter(proposer__isnull=False).values("proposer_id"))
        | Q(
            pk__in=CoSigner.objects.filter(
                proposal__in=qs.values("pk"), answer=CoSigner.Answer.AGREED
            ).values("member_id")
        )
    ).count()
    stats.active_members = members.filter(is_active=True).count()
    stats.by_unit = per_unit(committee_id, year)
    return stats
