"""Every loop's yearly figures for a set of committees, computed from the records by grouped
aggregates (one query per kind of record, whatever the number of committees or rows), for the
committee's reports page (this year beside last year) and the subtree page (each committee below
side by side with their totals).

Counts only are stored; every rate is computed from two counts, so a subtree's total rate is the
rate of its summed counts, never an average of rates. 社情民意 is counted on the items first
submitted to a committee (their `origin` is empty): an item a county reports up to the city is
counted once, for the county, with every level that adopted it — so summing committees never
counts a copy twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from zhengxie.consultations.models import Consultation, Outcome
from zhengxie.consultations.models import Instruction as ConsultationInstruction
from zhengxie.duty.selectors import summary_many
from zhengxie.learning.models import Completion, StudyDay
from zhengxie.opinions.models import Adoption, Level, Opinion
from zhengxie.opinions.models import Instruction as OpinionInstruction
from zhengxie.org.models import Member
from zhengxie.proposals.models import Proposal, Rating, Satisfaction
from zhengxie.proposals.permissions import office_q
from zhengxie.supervision.models import Colour, ColourChange, Item

P = Proposal.State
FILED = (P.FILED, P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
REPLIED = (P.REPLIED, P.CLOSED)
GOOD = (Satisfaction.SATISFIED, Satisfaction.BASIC)
OS = Opinion.State
NOT_SUBMITTED = (OS.DRAFT, OS.UNIT_REVIEW, OS.RETURNED)

# (section, [(key, label)]) in the order of the page. Keys are the counts stored per committee.
SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "提案",
        [
            ("p_received", "收到提案"),
            ("p_filed", "立案"),
            ("p_replied", "已答复"),
            ("p_on_time", "按时答复"),
            ("p_rated", "评价人次"),
            ("p_satisfied", "满意和基本满意"),
            ("p_A", "A类答复"),
            ("p_B", "B类答复"),
            ("p_C", "C类答复"),
        ],
    ),
    (
        "社情民意",
        [
            ("o_received", "收到信息"),
            ("o_used", "编发采用"),
            *((f"o_adopted_{level}", f"{label}采用") for level, label in Level.choices),
            ("o_instructions", "领导批示"),
        ],
    ),
    (
        "督查督办",
        [
            ("s_items", "督办事项"),
            ("s_on_time", "按期办结"),
            ("s_overdue", "逾期（含逾期办结）"),
            ("s_red", "亮红灯"),
            ("s_closed", "已销号"),
        ],
    ),
    (
        "协商议政",
        [
            ("c_held", "召开协商"),
            ("c_outcomes", "报送成果"),
            ("c_adopted", "成果获采纳（含部分采纳）"),
            ("c_instructions", "领导批示"),
            ("c_implemented", "批示已落实"),
        ],
    ),
    (
        "委员履职",
        [
            ("d_members", "参加考核的委员"),
            ("d_minimums_met", "达到基本履职要求"),
        ],
    ),
    (
        "委员学习",
        [
            ("l_members", "在职委员"),
            ("l_learners", "完成课程的委员"),
            ("l_completions", "完成课程人次"),
            ("l_hours", "网络学习时长（小时）"),
        ],
    ),
]
# (section, label, numerator, denominator)
RATES: list[tuple[str, str, str, str]] = [
    ("提案", "立案率", "p_filed", "p_received"),
    ("提案", "办复率", "p_replied", "p_filed"),
    ("提案", "按时办复率", "p_on_time", "p_replied"),
    ("提案", "满意率", "p_satisfied", "p_rated"),
    ("社情民意", "编发率", "o_used", "o_received"),
    ("督查督办", "按期办结率", "s_on_time", "s_due"),
    ("协商议政", "成果采纳率", "c_adopted", "c_outcomes"),
    ("协商议政", "批示落实率", "c_implemented", "c_instructions"),
    ("委员履职", "基本履职达标率", "d_minimums_met", "d_members"),
    ("委员学习", "学习覆盖率", "l_learners", "l_members"),
]
# The breakdowns whose rows are the committee's own names (sources, forms, grades).
BREAKDOWNS = {"s_source": "督办事项按来源", "c_form": "协商按形式", "d_grade": "履职等次分布"}


def rate(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


@dataclass
class Figures:
    """One committee's (or a subtree's summed) counts for a year."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    breakdowns: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)

    def rate(self, numerator: str, denominator: str) -> str:
        return rate(self.get(numerator), self.get(denominator))

    def frozen(self) -> Figures:
        """The same figures in plain dicts (a cache can store them)."""
        return Figures(dict(self.counts), {name: dict(rows) for name, rows in self.breakdowns.items()})

    def add(self, other: Figures) -> None:
        for key, value in other.counts.items():
            self.counts[key] += value
        for name, rows in other.breakdowns.items():
            for label, value in rows.items():
                self.breakdowns[name][label] += value


def _year_span(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year, 12, 31), time.max))
    return start, end


def _proposals(ids: list[int], year: int, out: dict[int, Figures]) -> None:
    qs = Proposal.objects.filter(office_q(ids), year=year, submitted_at__isnull=False).annotate(
        replied_date=TruncDate("replied_at")
    )
    replied = Q(state__in=REPLIED)
    for r in qs.values("committee_id").annotate(
        p_received=Count("id", filter=~Q(state=P.WITHDRAWN)),
        p_filed=Count("id", filter=Q(state__in=FILED)),
        p_replied=Count("id", filter=replied),
        p_on_time=Count("id", filter=replied & Q(replied_date__lte=F("original_due_on"))),
        p_A=Count("id", filter=replied & Q(result="A")),
        p_B=Count("id", filter=replied & Q(result="B")),
        p_C=Count("id", filter=replied & Q(result="C")),
    ):
        out[r.pop("committee_id")].counts.update(r)
    ratings = (
        Rating.objects.filter(committee_id__in=ids, proposal__year=year, round=F("proposal__round"))
        .values("committee_id")
        .annotate(p_rated=Count("id"), p_satisfied=Count("id", filter=Q(result__in=GOOD)))
    )
    for r in ratings:
        out[r.pop("committee_id")].counts.update(r)


def _opinions(ids: list[int], year: int, out: dict[int, Figures]) -> None:
    roots = Opinion.objects.filter(committee_id__in=ids, year=year, origin__isnull=True).exclude(
        state__in=NOT_SUBMITTED
    )
    for r in roots.values("committee_id").annotate(
        o_received=Count("id"), o_used=Count("id", filter=Q(issue__isnull=False))
    ):
        out[r.pop("committee_id")].counts.update(r)
    adopted = (
        Adoption.objects.filter(origin__committee_id__in=ids, origin__year=year)
        .values("origin__committee_id", "level")
        .annotate(n=Count("origin_id", distinct=True))
    )
    for r in adopted:
        out[r["origin__committee_id"]].counts[f"o_adopted_{r['level']}"] = r["n"]
    instructions = (
        OpinionInstruction.objects.filter(origin__committee_id__in=ids, origin__year=year)
        .values("origin__committee_id")
        .annotate(n=Count("id"))
    )
    for r in instructions:
        out[r["origin__committee_id"]].counts["o_instructions"] = r["n"]


def _supervision(ids: list[int], year: int, out: dict[int, Figures]) -> None:
    start, end = _year_span(year)
    today = timezone.localdate()
    items = (
        Item.objects.filter(committee_id__in=ids, issued_at__gte=start, issued_at__lte=end)
        .exclude(state=Item.State.CANCELLED)
        .annotate(done_date=TruncDate("done_at"))
    )
    done = Q(done_at__isnull=False)
    for r in items.values("committee_id", "source__name").annotate(
        n=Count("id"),
        on_time=Count("id", filter=done & Q(done_date__lte=F("original_due_on"))),
        overdue=Count(
            "id",
            filter=(done & Q(done_date__gt=F("original_due_on"))) | (~done & Q(original_due_on__lt=today)),
        ),
        closed=Count("id", filter=Q(state=Item.State.CLOSED)),
    ):
        figures = out[r["committee_id"]]
        figures.breakdowns["s_source"][r["source__name"]] += r["n"]
        figures.counts["s_items"] += r["n"]
        figures.counts["s_on_time"] += r["on_time"]
        figures.counts["s_overdue"] += r["overdue"]
        figures.counts["s_due"] += r["on_time"] + r["overdue"]
        figures.counts["s_closed"] += r["closed"]
    red = (
        ColourChange.objects.filter(
            committee_id__in=ids, new=Colour.RED, changed_at__gte=start, changed_at__lte=end
        )
        .values("committee_id")
        .annotate(n=Count("item_id", distinct=True))
    )
    for r in red:
        out[r["committee_id"]].counts["s_red"] = r["n"]


def _consultations(ids: list[int], year: int, out: dict[int, Figures]) -> None:
    start, end = _year_span(year)
    held = (
        Consultation.objects.filter(
            committee_id__in=ids, meeting_on__year=year, meeting_on__lte=timezone.localdate()
        )
        .values("committee_id", "form__name")
        .annotate(n=Count("id"))
    )
    for r in held:
        out[r["committee_id"]].breakdowns["c_form"][r["form__name"]] += r["n"]
        out[r["committee_id"]].counts["c_held"] += r["n"]
    adopted = (Outcome.Adoption.ADOPTED, Outcome.Adoption.PARTLY)
    for r in (
        Outcome.objects.filter(committee_id__in=ids, submitted_at__gte=start, submitted_at__lte=end)
        .values("committee_id")
        .annotate(c_outcomes=Count("id"), c_adopted=Count("id", filter=Q(adoption__in=adopted)))
    ):
        out[r.pop("committee_id")].counts.update(r)
    for r in (
        ConsultationInstruction.objects.filter(committee_id__in=ids, given_on__year=year)
        .values("committee_id")
        .annotate(c_instructions=Count("id"), c_implemented=Count("id", filter=Q(result_at__isnull=False)))
    ):
        out[r.pop("committee_id")].counts.update(r)


def _duty(ids: list[int], year: int, out: dict[int, Figures]) -> None:
    for committee_id, summary in summary_many(ids, year, replica=True).items():
        figures = out[committee_id]
        figures.counts["d_members"] = summary.members
        figures.counts["d_minimums_met"] = summary.minimums_met
        for grade, n in summary.grades:
            figures.breakdowns["d_grade"][grade or "（未评定）"] += n


def _learning(ids: list[int], year: int, out: dict[int, Figures]) -> None:
    """Members in office, members who finished a course in the year and how often, and the hours
    credited to them on the year's days (learning counts time only while a lesson is on screen)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    for r in (
        Member.objects.filter(committee_id__in=ids, is_active=True)
        .values("committee_id")
        .annotate(n=Count("id"))
    ):
        out[r["committee_id"]].counts["l_members"] = r["n"]
    done = Completion.objects.filter(committee_id__in=ids, year=year, state=Completion.State.DONE)
    for r in done.values("committee_id").annotate(n=Count("id"), learners=Count("member_id", distinct=True)):
        figures = out[r["committee_id"]]
        figures.counts["l_completions"] = r["n"]
        figures.counts["l_learners"] = r["learners"]
    days = StudyDay.objects.filter(committee_id__in=ids, day__gte=start, day__lte=end)
    for r in days.values("committee_id").annotate(seconds=Sum("seconds")):
        out[r["committee_id"]].counts["l_hours"] = (r["seconds"] or 0) // 3600


def loop_figures(
    committee_ids: Iterable[int], year: int, sections: Iterable[str] | None = None
) -> dict[int, Figures]:
    """Each committee's figures for the year (a fixed number of queries for any number of
    committees), for every section or only those named (the subtree page shows one at a time)."""
    ids = sorted(set(committee_ids))
    out: dict[int, Figures] = {pk: Figures() for pk in ids}
    wanted = set(sections) if sections is not None else set(LOOPS)
    if ids:
        for title, compute in LOOPS.items():
            if title in wanted:
                compute(ids, year, out)
    return {pk: f.frozen() for pk, f in out.items()}


LOOPS = {
    "提案": _proposals,
    "社情民意": _opinions,
    "督查督办": _supervision,
    "协商议政": _consultations,
    "委员履职": _duty,
    "委员学习": _learning,
}


def total(figures: Iterable[Figures]) -> Figures:
    summed = Figures()
    for f in figures:
        summed.add(f)
    return summed.frozen()


@dataclass
class Row:
    label: str
    values: list[str | int]


def section_rows(columns: list[Figures]) -> list[tuple[str, list[Row]]]:
    """The sections of the page with one value per column (e.g. last year, this year)."""
    sections: list[tuple[str, list[Row]]] = []
    for title, keys in SECTIONS:
        rows = [Row(label, [f.get(key) for f in columns]) for key, label in keys]
        rows += [
            Row(label, [f.rate(num, den) for f in columns])
            for section, label, num, den in RATES
            if section == title
        ]
        sections.append((title, rows))
    return sections


def breakdown_rows(columns: list[Figures]) -> list[tuple[str, list[Row]]]:
    """The breakdowns by the committees' own names, one value per column."""
    out: list[tuple[str, list[Row]]] = []
    for name, caption in BREAKDOWNS.items():
        labels: list[str] = []
        for f in columns:
            for label in f.breakdowns.get(name, {}):
                if label not in labels:
                    labels.append(label)
        out.append(
            (
                caption,
                [Row(label, [f.breakdowns.get(name, {}).get(label, 0) for f in columns]) for label in labels],
            )
        )
    return out


def section_columns(section: str) -> list[tuple[str, str, str]]:
    """The columns of one section on the subtree page: (label, numerator key, denominator key or
    "" for a plain count)."""
    keys = next(keys for title, keys in SECTIONS if title == section)
    columns = [(label, key, "") for key, label in keys]
    columns += [(label, num, den) for title, label, num, den in RATES if title == section]
    return columns


def value(figures: Figures, column: tuple[str, str, str]) -> str | int:
    _, num, den = column
    return figures.rate(num, den) if den else figures.get(num)


def sort_value(figures: Figures, column: tuple[str, str, str]) -> float:
    _, num, den = column
    if den:
        whole = figures.get(den)
        return figures.get(num) / whole if whole else -1.0
    return float(figures.get(num))
