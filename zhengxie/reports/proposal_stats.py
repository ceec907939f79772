"""The proposal figures a committee publishes for a year (提案审查情况报告, 提案工作情况报告),
read from the proposals through the office's own rule (`proposals.permissions.office_proposals`).

Definitions (shown on the page under the tables):
- 收到: submitted to a session of the year (大会 or 平时), including those withdrawn after submission;
  every received proposal is in exactly one of 立案, 并案, 不予立案 (by destination), 撤案 or 审查中,
  so those rows add up to 收到. Shares are of 收到, to one decimal.
- Kinds are counted over 收到 and over 立案: 委员个人, 委员联名 (together 委员提案), and the
  collective proposals by the kind of organisation that made them.
- Categories: 收到 and 立案 with the share of 立案, sorted by 立案.
- Participating members: distinct member ids among the first proposers and the co-signers who
  agreed of the received proposals; a collective proposal is its organisation's and counts for no
  member. The rate is over the members in office.
- 督办与服务, last year beside this year: filed key proposals of the year and those a leader
  claimed (认领); the year's published topics (领导点题, 群众荐题), those taken up by a member and
  the proposals submitted from them; 协助审查修改 requests made in the year and those answered;
  the year's 督导组 visits to handling units, those with findings recorded and those the unit
  replied to.

Every figure is an aggregate query: the number of queries does not grow with the proposals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhengxie.org.models import Member
from zhengxie.proposals.config import destination_names
from zhengxie.proposals.models import (
    COLLECTIVE_KINDS,
    AssistRequest,
    CoSigner,
    InspectionVisit,
    KeyClaim,
    Proposal,
    ProposerKind,
    SuggestedTopic,
    TopicUptake,
)
from zhengxie.proposals.permissions import office_proposals

P = Proposal.State
FILED = (P.FILED, P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
IN_REVIEW = (P.SUBMITTED, P.REVIEWING, P.RETURNED)
MEMBER_KINDS = (ProposerKind.MEMBER, ProposerKind.JOINT)
KIND_LABELS = dict(ProposerKind.choices)


def share(part: int, whole: int) -> str:
    """A share to one decimal ("33.3%"), or "—" when there is nothing to divide by."""
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def fraction(part: int, whole: int) -> float | None:
    """The same share as a fraction rounded to what the page shows (0.333), for Excel."""
    return round(part / whole, 3) if whole else None


@dataclass
class Line:
    """One row of a table: a label, counts and their shares as the page shows them."""

    label: str
    counts: tuple[int, ...]
    shares: tuple[str, ...]
    fractions: tuple[float | None, ...]
    indent: bool = False


def _line(label: str, count: int, whole: int, *, indent: bool = False) -> Line:
    return Line(label, (count,), (share(count, whole),), (fraction(count, whole),), indent)


@dataclass
class ProposalFigures:
    committee_id: int
    year: int
    received: int = 0
    filed: int = 0
    merged: int = 0
    not_filed: int = 0
    withdrawn: int = 0
    in_review: int = 0
    destinations: list[tuple[str, int]] = field(default_factory=list)  # (name, count)
    kinds: list[tuple[str, int, int, bool]] = field(
        default_factory=list
    )  # (label, received, filed, subtotal)
    categories: list[tuple[str, int, int]] = field(default_factory=list)  # (category, received, filed)
    participants: int = 0
    members_in_office: int = 0
    work: list[tuple[str, int, int, bool]] = field(default_factory=list)  # (label, last year, this, indent)

    # --- the page's three tables, as (label, counts, shares) lines ---------------------------

    def outcome_lines(self) -> list[Line]:
        """收到 and what became of it, each with its share of 收到."""
        lines = [_line("收到提案", self.received, self.received)]
        lines.append(_line("立案", self.filed, self.received))
        lines.append(_line("并案", self.merged, self.received))
        lines.append(_line("不予立案", self.not_filed, self.received))
        lines += [_line(f"其中：{name}", n, self.received, indent=True) for name, n in self.destinations]
        lines.append(_line("撤案", self.withdrawn, self.received))
        if self.in_review:
            lines.append(_line("审查中", self.in_review, self.received))
        return lines

    def kind_lines(self) -> list[Line]:
        """Each kind over 收到 and over 立案."""
        return [
            Line(
                label,
                (received, filed),
                (share(received, self.received), share(filed, self.filed)),
                (fraction(received, self.received), fraction(filed, self.filed)),
                indent=not subtotal,
            )
            for label, received, filed, subtotal in self.kinds
        ]

    def category_lines(self) -> list[Line]:
        """Each category: 收到, 立案 and the share of 立案 (sorted by 立案)."""
        return [
            Line(name, (received, filed), (share(filed, self.filed),), (fraction(filed, self.filed),))
            for name, received, filed in self.categories
        ]

    def participation_lines(self) -> list[Line]:
        return [
            Line("在任委员", (self.members_in_office,), ("",), (None,)),
            Line(
                "提出或联名提出提案的委员",
                (self.participants,),
                (share(self.participants, self.members_in_office),),
                (fraction(self.participants, self.members_in_office),),
            ),
        ]

    def work_lines(self) -> list[Line]:
        """督办与服务: each figure last year and this year."""
        return [
            Line(label, (last, this), ("", ""), (None, None), indent)
            for label, last, this, indent in self.work
        ]

    def work_count(self, key: str) -> int:
        """This year's figure of one 督办与服务 line by its key (WORK_LINES)."""
        keys = [k for k, _, _ in WORK_LINES]
        return self.work[keys.index(key)][2] if self.work else 0

    def kind_count(self, label: str) -> tuple[int, int]:
        """(received, filed) of one kind line, e.g. "委员提案合计"."""
        return next(((r, f) for name, r, f, _ in self.kinds if name == label), (0, 0))

    @property
    def participation_rate(self) -> str:
        return share(self.participants, self.members_in_office)


def received_proposals(committee_id: int, year: int) -> QuerySet[Proposal]:
    """The year's received proposals: submitted to one of its sessions, withdrawn ones included."""
    return office_proposals(committee_id).filter(year=year, submitted_at__isnull=False)


def participant_ids(committee_id: int, year: int) -> QuerySet[Member]:
    """The members credited with the year's received proposals (first proposers of individual
    and joint proposals, co-signers who agreed); withdrawn proposals count for nobody."""
    counted = received_proposals(committee_id, year).exclude(state=P.WITHDRAWN)
    return Member.objects.filter(committee_id=committee_id).filter(
        Q(pk__in=counted.filter(kind__in=MEMBER_KINDS).values("proposer_id"))
        | Q(
            pk__in=CoSigner.objects.filter(
                proposal__in=counted.filter(kind=ProposerKind.JOINT).values("pk"),
                answer=CoSigner.Answer.AGREED,
            ).values("member_id")
        )
    )


def proposal_figures(committee_id: int, year: int) -> ProposalFigures:
    qs = received_proposals(committee_id, year)
    figures = ProposalFigures(committee_id=committee_id, year=year)
    filed_q = Q(state__in=FILED)
    counts = qs.aggregate(
        received=Count("id"),
        filed=Count("id", filter=filed_q),
        merged=Count("id", filter=Q(state=P.MERGED)),
        not_filed=Count("id", filter=Q(state=P.NOT_FILED)),
        withdrawn=Count("id", filter=Q(state=P.WITHDRAWN)),
        in_review=Count("id", filter=Q(state__in=IN_REVIEW)),
    )
    for name, value in counts.items():
        setattr(figures, name, value)

    names = destination_names(committee_id)
    used = dict(qs.filter(state=P.NOT_FILED).values_list("destination").annotate(n=Count("id")).order_by())
    # Every destination the committee offers, in its order, then any retired one still used.
    figures.destinations = [(name, used.pop(code, 0)) for code, name in names.items()]
    figures.destinations += [(names.get(code, "（未注明）"), n) for code, n in sorted(used.items()) if n]

    by_kind = {
        r["kind"]: (r["n"], r["f"])
        for r in qs.values("kind").annotate(n=Count("id"), f=Count("id", filter=filed_q)).order_by()
    }

    def total(kinds: tuple[str, ...]) -> tuple[int, int]:
        return sum(by_kind.get(k, (0, 0))[0] for k in kinds), sum(by_kind.get(k, (0, 0))[1] for k in kinds)

    member_total, collective_total = total(MEMBER_KINDS), total(COLLECTIVE_KINDS)
    figures.kinds = [
        ("委员提案合计", *member_total, True),
        *((KIND_LABELS[k], *by_kind.get(k, (0, 0)), False) for k in MEMBER_KINDS),
        ("集体提案合计", *collective_total, True),
        *((KIND_LABELS[k], *by_kind.get(k, (0, 0)), False) for k in COLLECTIVE_KINDS),
    ]
    figures.categories = [
        (r["category"] or "（未分类）", r["n"], r["f"])
        for r in qs.values("category")
        .annotate(n=Count("id"), f=Count("id", filter=filed_q))
        .order_by("-f", "-n", "category")
    ]
    figures.participants = participant_ids(committee_id, year).count()
    figures.members_in_office = Member.objects.filter(committee_id=committee_id, is_active=True).count()
    last, this = work_counts(committee_id, year - 1), work_counts(committee_id, year)
    figures.work = [(label, last[key], this[key], indent) for key, label, indent in WORK_LINES]
    return figures


# (key, label, indented) of the 督办与服务 table.
WORK_LINES: list[tuple[str, str, bool]] = [
    ("key", "重点提案", False),
    ("key_claimed", "其中：领导认领督办", True),
    ("topics", "发布提案选题", False),
    ("topics_leader", "其中：领导点题", True),
    ("topics_public", "其中：群众荐题", True),
    ("topics_taken", "其中：已有委员领题", True),
    ("topic_proposals", "据选题提交的提案", False),
    ("assist", "协助审查修改申请", False),
    ("assist_answered", "其中：已反馈", True),
    ("visits", "督导组督导承办单位（次）", False),
    ("visits_found", "其中：已提出督导意见", True),
    ("visits_replied", "其中：单位已回复", True),
]


def work_counts(committee_id: int, year: int) -> dict[str, int]:
    """The 督办与服务 figures of one year, in four aggregate queries."""
    out: dict[str, int] = {}
    key = office_proposals(committee_id).filter(year=year, is_key=True, state__in=FILED)
    out.update(
        key.aggregate(
            key=Count("id"),
            key_claimed=Count("id", filter=Q(Exists(KeyClaim.objects.filter(proposal=OuterRef("pk"))))),
        )
    )
    published = SuggestedTopic.objects.filter(
        committee_id=committee_id, year=year, state=SuggestedTopic.State.PUBLISHED
    )
    out.update(
        published.aggregate(
            topics=Count("id"),
            topics_leader=Count("id", filter=Q(source=SuggestedTopic.Source.LEADER)),
            topics_public=Count("id", filter=Q(source=SuggestedTopic.Source.PUBLIC)),
            topics_taken=Count("id", filter=Q(Exists(TopicUptake.objects.filter(topic=OuterRef("pk"))))),
        )
    )
    out["topic_proposals"] = TopicUptake.objects.filter(
        topic__committee_id=committee_id,
        topic__year=year,
        proposal__submitted_at__isnull=False,
    ).count()
    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    out.update(
        AssistRequest.objects.filter(
            committee_id=committee_id, created_at__gte=start, created_at__lt=end
        ).aggregate(
            assist=Count("id"),
            assist_answered=Count("id", filter=Q(state=AssistRequest.State.ANSWERED)),
        )
    )
    out.update(
        InspectionVisit.objects.filter(committee_id=committee_id, group__year=year).aggregate(
            visits=Count("id"),
            visits_found=Count("id", filter=~Q(state=InspectionVisit.State.PLANNED)),
            visits_replied=Count("id", filter=Q(state=InspectionVisit.State.REPLIED)),
        )
    )
    return out


# --- the rows behind the figures (Excel) ---------------------------------------------------------

ROW_HEADER = [
    "提案编号", "提案号", "案由", "提案者", "提案者类别", "第一提案人编号", "分类", "会议", "大会/平时", "状态",
    "不予立案去向",
]  # fmt: skip
PARTICIPANT_HEADER = ["委员编号", "第一提案人（件）", "联名（件）"]


def proposal_rows(committee_id: int, year: int, cap: int = 50000) -> Iterator[list[Any]]:
    """Every received proposal of the year, one row each, with member ids (never names of members
    as identifiers): a reader can recount every figure of the summary sheets from these rows."""
    names = destination_names(committee_id)
    states = dict(P.choices)
    sessions: dict[int | None, str] = {}
    fields = (
        "pk", "number", "title", "proposer_name", "kind", "proposer_id", "category", "session__term__number",
        "session__number", "is_plenary", "state", "destination",
    )  # fmt: skip
    for row in (
        received_proposals(committee_id, year)
        .order_by("id")
        .values_list(*fields)[:cap]
        .iterator(chunk_size=2000)
    ):
        pk, number, title, who, kind, proposer, category, term_no, session_no, plenary, state, dest = row
        session = sessions.setdefault(session_no, f"第{term_no}届第{session_no}次会议" if session_no else "")
        yield [
            pk, number, title, who, KIND_LABELS.get(kind, kind), proposer or "", category or "（未分类）", session,
            "大会" if plenary else "平时", states.get(state, state), names.get(dest, "") if state == P.NOT_FILED else "",
        ]  # fmt: skip


def participant_rows(committee_id: int, year: int) -> Iterator[list[Any]]:
    """Each participating member's id with the number of proposals as first proposer and as
    co-signer: the rows of 委员参与 (their count is the page's figure)."""
    counted = received_proposals(committee_id, year).exclude(state=P.WITHDRAWN)
    first = dict(
        counted.filter(kind__in=MEMBER_KINDS, proposer__isnull=False)
        .values_list("proposer_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    cosigned = dict(
        CoSigner.objects.filter(
            proposal__in=counted.filter(kind=ProposerKind.JOINT).values("pk"), answer=CoSigner.Answer.AGREED
        )
        .values_list("member_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    ids = participant_ids(committee_id, year).values_list("pk", flat=True).order_by("pk")
    for member_id in ids.iterator(chunk_size=2000):
        yield [member_id, first.get(member_id, 0), cosigned.get(member_id, 0)]
