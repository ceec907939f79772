"""Automatic indicators (平台数据自动计算): each formula counts records of the loops for every
subject of an assessment at once (a fixed number of grouped queries, whatever the number of
subjects) and lists, for one subject, the records behind its figure (the drill-down).

A formula gives each subject a `Figure` (numerator, denominator). The indicator's points are
`points × numerator / denominator`, capped at the points; a subject with nothing to count
(denominator 0) gets the full points, as the seeds' schemes score "不适用". The year is the
assessment's year: proposals of that year (by their year), items opened that year, activities held
that year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from zhengxie.consultations.models import Activity
from zhengxie.proposals.models import Assignment, Contact, Proposal, Rating, Satisfaction
from zhengxie.supervision.models import Colour, ColourChange, Item

from .models import SubjectKind

DRILL_LIMIT = 200
# A rating counts 1 for 满意, 0.6 for 基本满意, 0 for 不满意; counted in tenths to stay in integers.
SATISFACTION_TENTHS = {Satisfaction.SATISFIED: 10, Satisfaction.BASIC: 6, Satisfaction.DISSATISFIED: 0}


@dataclass(frozen=True)
class Figure:
    num: int
    den: int
    text: str

    def share(self) -> Decimal:
        """The share of the points earned, 0..1; 1 when there is nothing to count."""
        if self.den <= 0:
            return Decimal(1)
        return min(Decimal(1), Decimal(self.num) / Decimal(self.den))

    def as_json(self) -> dict[str, Any]:
        return {"num": self.num, "den": self.den, "text": self.text}


@dataclass(frozen=True)
class DrillRow:
    title: str
    url: str
    note: str


@dataclass(frozen=True)
class Formula:
    key: str
    label: str
    kind: str  # the SubjectKind it applies to
    doc: str  # the documented formula, shown on the scheme and the score card
    compute: Callable[
        [int, int, dict[int, int]], dict[int, Figure]
    ]  # (committee, year, {object id: subject id})
    drill: Callable[[int, int, int], list[DrillRow]]  # (committee, year, object id)


def pts(value: Decimal) -> str:
    """Points as people write them: 20, 2.5 (not 20.00)."""
    return format(value.normalize(), "f")


def points_for(points: Decimal, figure: Figure) -> Decimal:
    return (points * figure.share()).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- proposals: a handling unit's share of the year's proposals -------------------------------

LEADING = (Assignment.Role.LEAD, Assignment.Role.SPLIT)


def _assignments(committee_id: int, year: int, unit_ids: Iterable[int], leading: bool = True) -> Any:
    qs = Assignment.objects.filter(committee_id=committee_id, proposal__year=year, unit_id__in=list(unit_ids))
    qs = qs.exclude(state=Assignment.State.WITHDRAWN)
    return qs.filter(role__in=LEADING) if leading else qs


ON_TIME = Q(replied_at__isnull=False, replied_at__date__lte=F("due_on"))


def _grouped(qs: Any, **aggregates: Any) -> dict[int, dict[str, int]]:
    return {row.pop("unit_id"): row for row in qs.order_by().values("unit_id").annotate(**aggregates)}


def _by_subject(
    rows: dict[int, dict[str, int]], ids: dict[int, int], text: Callable[[int, int], str]
) -> dict[int, Figure]:
    result = {}
    for object_id, subject_id in ids.items():
        row = rows.get(object_id, {})
        num, den = int(row.get("num") or 0), int(row.get("den") or 0)
        result[subject_id] = Figure(num, den, text(num, den))
    return result


def reply_on_time(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
    rows = _grouped(_assignments(committee_id, year, ids), den=Count("id"), num=Count("id", filter=ON_TIME))
    return _by_subject(rows, ids, lambda n, d: f"按期答复 {n} 件 / 应答复 {d} 件")


def reply_on_time_drill(committee_id: int, year: int, unit_id: int) -> list[DrillRow]:
    late = _assignments(committee_id, year, [unit_id]).exclude(ON_TIME).select_related("proposal")
    rows = []
    for a in late.order_by("due_on", "id")[:DRILL_LIMIT]:
        when = f"{a.replied_at:%Y-%m-%d} 答复" if a.replied_at else "尚未答复"
        rows.append(
            DrillRow(
                _proposal_title(a.proposal),
                reverse("proposals:detail", args=[a.proposal_id]),
                f"期限 {a.due_on:%Y-%m-%d}，{when}",
            )
        )
    return rows


def _proposal_title(p: Proposal) -> str:
    return f"{p.number} {p.title}".strip()


def _contact_exists(stage: str | None = None) -> Exists:
    contacts = Contact.objects.filter(assignment=OuterRef("pk"))
    if stage:
        contacts = contacts.filter(stage=stage)
    return Exists(contacts)


def _contact_rate(stage: str | None) -> Callable[[int, int, dict[int, int]], dict[int, Figure]]:
    def compute(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
        qs = _assignments(committee_id, year, ids, leading=False).annotate(contacted=_contact_exists(stage))
        rows = _grouped(qs, den=Count("id"), num=Count("id", filter=Q(contacted=True)))
        word = "办前沟通" if stage else "有沟通记录"
        return _by_subject(rows, ids, lambda n, d: f"{word} {n} 件 / 承办 {d} 件")

    return compute


def _contact_drill(stage: str | None) -> Callable[[int, int, int], list[DrillRow]]:
    def drill(committee_id: int, year: int, unit_id: int) -> list[DrillRow]:
        qs = (
            _assignments(committee_id, year, [unit_id], leading=False)
            .annotate(contacted=_contact_exists(stage))
            .filter(contacted=False)
            .select_related("proposal")
        )
        note = "没有办前沟通记录" if stage else "没有任何沟通记录"
        return [
            DrillRow(_proposal_title(a.proposal), reverse("proposals:detail", args=[a.proposal_id]), note)
            for a in qs.order_by("id")[:DRILL_LIMIT]
        ]

    return drill


def _rating_tenths(field: str) -> Any:
    from django.db.models import Case, When

    return Case(
        *(
            When(**{f"proposal__ratings__{field}": value}, then=Value(t))
            for value, t in SATISFACTION_TENTHS.items()
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def satisfaction(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
    # Each rating counts the mean of its two answers (办理工作, 办理结果), in tenths: num/den is the rate.
    qs = _assignments(committee_id, year, ids)
    rows = _grouped(
        qs,
        ratings=Count("proposal__ratings"),
        tenths=Coalesce(Sum(_rating_tenths("work")), 0) + Coalesce(Sum(_rating_tenths("result")), 0),
    )
    shaped = {k: {"num": v["tenths"], "den": v["ratings"] * 20} for k, v in rows.items()}
    return _by_subject(
        shaped,
        ids,
        lambda n, d: f"评价 {d // 20} 份，满意度 {Decimal(n * 100) / d:.1f}%" if d else "尚无评价",
    )


def satisfaction_drill(committee_id: int, year: int, unit_id: int) -> list[DrillRow]:
    proposals = _assignments(committee_id, year, [unit_id]).values("proposal_id")
    qs = (
        Rating.objects.filter(proposal_id__in=proposals)
        .filter(
            Q(work=Satisfaction.DISSATISFIED)
            | Q(result=Satisfaction.DISSATISFIED)
            | Q(work=Satisfaction.BASIC)
            | Q(result=Satisfaction.BASIC)
        )
        .select_related("proposal")
        .order_by("id")
    )
    return [
        DrillRow(
            _proposal_title(r.proposal),
            reverse("proposals:detail", args=[r.proposal_id]),
            f"办理工作{r.get_work_display()}，办理结果{r.get_result_display()}",
        )
        for r in qs[:DRILL_LIMIT]
    ]


def _looked_back(committee_id: int, year: int, unit_ids: Iterable[int]) -> Any:
    """The proposals 回头看 applies to: B-class replies and, whatever their category, key proposals
    (proposals/services/followup.py opens a follow-up item for both)."""
    return _assignments(committee_id, year, unit_ids).filter(
        Q(proposal__result="B") | Q(proposal__is_key=True)
    )


def b_followup(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
    rows = _grouped(
        _looked_back(committee_id, year, ids),
        den=Count("id"),
        num=Count("id", filter=~Q(proposal__followup_result="")),
    )
    return _by_subject(
        rows, ids, lambda n, d: f"回头看已核实落实 {n} 件 / 应回头看 {d} 件（B类答复和重点提案）"
    )


def b_followup_drill(committee_id: int, year: int, unit_id: int) -> list[DrillRow]:
    qs = (
        _looked_back(committee_id, year, [unit_id])
        .filter(proposal__followup_result="")
        .select_related("proposal")
    )
    return [
        DrillRow(
            _proposal_title(a.proposal),
            reverse("proposals:detail", args=[a.proposal_id]),
            "重点提案回头看尚未核实落实" if a.proposal.is_key else "B类答复回头看尚未核实落实",
        )
        for a in qs.order_by("id")[:DRILL_LIMIT]
    ]


# --- supervision: items a unit leads -----------------------------------------------------------


def _items(committee_id: int, year: int, unit_ids: Iterable[int]) -> Any:
    return (
        Item.objects.filter(committee_id=committee_id, lead_unit_id__in=list(unit_ids), created_at__year=year)
        .exclude(state__in=[Item.State.DRAFT, Item.State.CANCELLED])
        .annotate(went_red=Exists(ColourChange.objects.filter(item=OuterRef("pk"), new=Colour.RED)))
    )


def supervision_no_red(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
    rows = {
        row.pop("lead_unit_id"): row
        for row in _items(committee_id, year, ids)
        .order_by()
        .values("lead_unit_id")
        .annotate(den=Count("id"), num=Count("id", filter=Q(went_red=False)))
    }
    return _by_subject(rows, ids, lambda n, d: f"未亮红灯 {n} 项 / 督办事项 {d} 项")


def supervision_no_red_drill(committee_id: int, year: int, unit_id: int) -> list[DrillRow]:
    qs = _items(committee_id, year, [unit_id]).filter(went_red=True)
    return [
        DrillRow(f"{i.number} {i.title}", reverse("supervision:item_detail", args=[i.pk]), "曾亮红灯")
        for i in qs.order_by("id")[:DRILL_LIMIT]
    ]


# --- special committees -------------------------------------------------------------------------

ACTIVITY_TARGET = 4
COLLECTIVE_TARGET = 1
FILED_STATES = (
    Proposal.State.FILED,
    Proposal.State.ASSIGNED,
    Proposal.State.REPLIED,
    Proposal.State.REHANDLING,
    Proposal.State.CLOSED,
)


def _target(rows: dict[int, int], ids: dict[int, int], target: int, word: str) -> dict[int, Figure]:
    return {
        subject_id: Figure(
            rows.get(object_id, 0), target, f"{word} {rows.get(object_id, 0)} 次 / 目标 {target} 次"
        )
        for object_id, subject_id in ids.items()
    }


def activities_held(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
    rows = dict(
        Activity.objects.filter(
            committee_id=committee_id,
            organiser_id__in=list(ids),
            starts_at__year=year,
            state=Activity.State.HELD,
        )
        .order_by()
        .values("organiser_id")
        .annotate(n=Count("id"))
        .values_list("organiser_id", "n")
    )
    return _target(rows, ids, ACTIVITY_TARGET, "牵头举办协商、视察、调研等活动")


def activities_held_drill(committee_id: int, year: int, sc_id: int) -> list[DrillRow]:
    qs = Activity.objects.filter(
        committee_id=committee_id, organiser_id=sc_id, starts_at__year=year, state=Activity.State.HELD
    )
    return [
        DrillRow(
            a.title, reverse("consultations:activity_detail", args=[a.pk]), f"{a.starts_at:%Y-%m-%d} 已举行"
        )
        for a in qs.order_by("starts_at")[:DRILL_LIMIT]
    ]


def collective_proposals(committee_id: int, year: int, ids: dict[int, int]) -> dict[int, Figure]:
    rows = dict(
        Proposal.objects.filter(
            committee_id=committee_id, year=year, special_committee_id__in=list(ids), state__in=FILED_STATES
        )
        .order_by()
        .values("special_committee_id")
        .annotate(n=Count("id"))
        .values_list("special_committee_id", "n")
    )
    return _target(rows, ids, COLLECTIVE_TARGET, "以专委会名义提出并立案的集体提案")


def collective_proposals_drill(committee_id: int, year: int, sc_id: int) -> list[DrillRow]:
    qs = Proposal.objects.filter(
        committee_id=committee_id, year=year, special_committee_id=sc_id, state__in=FILED_STATES
    )
    return [
        DrillRow(_proposal_title(p), reverse("proposals:detail", args=[p.pk]), p.get_state_display())
        for p in qs.order_by("id")[:DRILL_LIMIT]
    ]


FORMULAS: dict[str, Formula] = {
    f.key: f
    for f in (
        Formula(
            "reply_on_time",
            "按期答复率",
            SubjectKind.UNIT,
            "本单位主办、分办的当年提案中，在答复期限（含批准的延期）内答复的件数 ÷ 应答复件数 × 分值",
            reply_on_time,
            reply_on_time_drill,
        ),
        Formula(
            "contact_rate",
            "沟通率",
            SubjectKind.UNIT,
            "本单位承办（含会办）的当年提案中，有办前、办中或办后沟通记录的件数 ÷ 承办件数 × 分值",
            _contact_rate(None),
            _contact_drill(None),
        ),
        Formula(
            "pre_contact_rate",
            "办前沟通率",
            SubjectKind.UNIT,
            "本单位承办（含会办）的当年提案中，有办前沟通记录的件数 ÷ 承办件数 × 分值",
            _contact_rate(Contact.Stage.BEFORE),
            _contact_drill(Contact.Stage.BEFORE),
        ),
        Formula(
            "satisfaction",
            "提案者满意度",
            SubjectKind.UNIT,
            "本单位主办、分办的当年提案的全部评价中，满意计1、基本满意计0.6、不满意计0，"
            "办理工作与办理结果两项取平均，满意度 × 分值",
            satisfaction,
            satisfaction_drill,
        ),
        Formula(
            "b_followup",
            "答复承诺落实率（回头看）",
            SubjectKind.UNIT,
            "本单位主办、分办的当年提案中应回头看的（答复为B类的和重点提案），"
            "回头看已核实落实的件数 ÷ 应回头看的件数 × 分值",
            b_followup,
            b_followup_drill,
        ),
        Formula(
            "supervision_no_red",
            "督办事项未亮红灯率",
            SubjectKind.UNIT,
            "本单位牵头的当年督办事项中，从未亮红灯的项数 ÷ 事项总数 × 分值",
            supervision_no_red,
            supervision_no_red_drill,
        ),
        Formula(
            "activities_held",
            "牵头履职活动",
            SubjectKind.SPECIAL,
            f"本专委会牵头举办并已举行的当年会议活动次数 ÷ {ACTIVITY_TARGET} × 分值，最高得满分",
            activities_held,
            activities_held_drill,
        ),
        Formula(
            "collective_proposals",
            "集体提案",
            SubjectKind.SPECIAL,
            f"以本专委会名义提出并立案的当年集体提案件数 ÷ {COLLECTIVE_TARGET} × 分值，最高得满分",
            collective_proposals,
            collective_proposals_drill,
        ),
    )
}


def choices_for(kind: str) -> list[tuple[str, str]]:
    return [(f.key, f.label) for f in FORMULAS.values() if f.kind == kind]


def object_id(subject: Any) -> int | None:
    """The record a formula counts for: the handling unit or the special committee."""
    return subject.handling_unit_id or subject.special_committee_id
