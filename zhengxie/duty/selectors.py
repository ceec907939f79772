"""Reads of the duty ledger. Totals, caps, scores, grades, ranks and minimum-duty status are
derived here from the ledger, for all members of one or many committee-years in a fixed number
of queries (settings, rules, one GROUP BY member, rule over the entries, the members) — never
one query per member.

Derivation, per member and year:
1. sum the entries (reversals included, so a reversed entry nets to zero) per rule;
2. a rule with a yearly cap counts at most the cap (deductions have no cap);
3. the raw total is the sum over rules; category totals likewise;
4. the 100-point score is min(100, max(0, total / full score × 100)), full score from the year's
   settings (default 100); the grade is the first band whose minimum the score reaches;
5. ranks are competition ranks ("1, 2, 2, 4") by raw total within the committee, the sector,
   the special committee and the political affiliation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Sum
from django.utils.module_loading import import_string

from zhengxie.lib import labels
from zhengxie.lib.dbrouter import from_replica
from zhengxie.org.models import Member, Term

from .models import ActivityReport, Category, PointEntry, Rule, YearSettings
from .services import year_open

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
CATEGORY_LABELS = dict(Category.choices)


@dataclass
class MinimumStatus:
    label: str
    required: int
    done: int
    # The member may report it (a reportable rule counts for it): the page offers 申报.
    reportable: bool = False

    @property
    def met(self) -> bool:
        return self.done >= self.required


@dataclass
class MemberStanding:
    member_id: int
    name: str
    sector_id: int
    sector: str
    special_id: int | None
    special: str
    affiliation: str
    is_standing: bool
    total: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # net quantity per rule code
    score: Decimal = ZERO
    grade: str = ""
    rank: int = 0
    sector_rank: int = 0
    special_rank: int | None = None
    party_rank: int = 0
    minimums: list[MinimumStatus] = field(default_factory=list)
    positive_count: int = 0  # net quantity of entries of positive rules

    @property
    def active(self) -> bool:
        """Took part in anything that scores (a deduction is not activity)."""
        return self.positive_count > 0

    @property
    def short(self) -> list[MinimumStatus]:
        return [m for m in self.minimums if not m.met]

    def categories(self) -> list[tuple[str, Decimal]]:
        return [(CATEGORY_LABELS[k], v) for k, v in self.by_category.items()]


@dataclass
class Standings:
    committee_id: int
    year: int
    settings: YearSettings
    rules: list[Rule]
    rows: list[MemberStanding]  # best first

    def by_member(self) -> dict[int, MemberStanding]:
        return {r.member_id: r for r in self.rows}

    def grade_counts(self) -> list[tuple[str, int]]:
        counts = {band["label"]: 0 for band in self.settings.grade_bands}
        for row in self.rows:
            counts[row.grade] = counts.get(row.grade, 0) + 1
        return list(counts.items())

    def groups(self, key: str) -> list[dict[str, Any]]:
        """Count, average and best total per sector / special committee / affiliation."""
        buckets: dict[str, list[Decimal]] = defaultdict(list)
        for row in self.rows:
            buckets[getattr(row, key) or "（无）"].append(row.total)
        result = [
            {
                "name": name,
                "count": len(totals),
                "average": (sum(totals, ZERO) / len(totals)).quantize(Decimal("0.1")),
                "best": max(totals),
                "inactive": sum(1 for t in totals if t <= 0),
            }
            for name, totals in buckets.items()
        ]
        return sorted(result, key=lambda g: -g["average"])


def grade_for(score: Decimal, bands: list[dict[str, Any]]) -> str:
    for band in sorted(bands, key=lambda b: -Decimal(str(b["min"]))):
        if score >= Decimal(str(band["min"])):
            return str(band["label"])
    return str(bands[-1]["label"]) if bands else ""


def _competition_ranks(rows: list[MemberStanding], key: Any, attr: str) -> None:
    groups: dict[Any, list[MemberStanding]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    for group_key, members in groups.items():
        if group_key is None:
            continue
        previous: Decimal | None = None
        rank = 0
        for position, row in enumerate(members, start=1):  # rows arrive sorted by total
            if row.total != previous:
                rank, previous = position, row.total
            setattr(row, attr, rank)


def standings_many(committee_ids: Iterable[int], year: int, *, replica: bool = False) -> dict[int, Standings]:
    """Standings of every active member of each committee for `year` (five queries in all).
    `replica`: read the ledger from the replica when one is configured (rankings pages, whose
    figures may be seconds old; a member's own page reads the primary to see their own entries)."""
    ids = list(committee_ids)
    settings = {s.committee_id: s for s in YearSettings.objects.filter(committee_id__in=ids, year=year)}
    for committee_id in ids:
        if committee_id not in settings:
            settings[committee_id] = year_open(committee_id=committee_id, year=year)
    if replica:
        with from_replica():
            return _standings(ids, year, settings)
    return _standings(ids, year, settings)


def _standings(ids: list[int], year: int, settings: dict[int, YearSettings]) -> dict[int, Standings]:
    rules = list(Rule.objects.filter(committee_id__in=ids, year=year))
    rule_by_id = {r.pk: r for r in rules}
    rows: dict[int, MemberStanding] = {}
    by_committee: dict[int, list[MemberStanding]] = defaultdict(list)
    for m in (
        Member.objects.filter(committee_id__in=ids, is_active=True)
        .order_by()
        .values_list(
            "id",
            "committee_id",
            "person__name",
            "sector_id",
            "sector__name",
            "special_committee_id",
            "special_committee__name",
            "person__affiliation",
            "is_standing",
        )
        .iterator(chunk_size=5000)
    ):
        row = MemberStanding(m[0], m[2], m[3], m[4], m[5], m[6] or "", m[7], m[8])
        rows[m[0]] = row
        by_committee[m[1]].append(row)
    aggregate = (
        PointEntry.objects.filter(committee_id__in=ids, year=year)
        .values_list("member_id", "rule_id")
        .annotate(points=Sum("points"), quantity=Sum("quantity"))
        .order_by()
    )
    for member_id, rule_id, points, quantity in aggregate.iterator(chunk_size=5000):
        found = rows.get(member_id)
        if found is None:
            continue  # no longer an active member
        row = found
        rule = rule_by_id[rule_id]
        if rule.cap is not None and points > rule.cap:
            points = rule.cap
        row.total += points
        row.by_category[rule.category] = row.by_category.get(rule.category, ZERO) + points
        row.counts[rule.code] = row.counts.get(rule.code, 0) + quantity
        if quantity > 0 and rule.points > 0:
            row.positive_count += quantity
    result: dict[int, Standings] = {}
    for committee_id in ids:
        s = settings[committee_id]
        members = sorted(by_committee.get(committee_id, []), key=lambda r: (-r.total, r.member_id))
        full = s.full_score or HUNDRED
        for row in members:
            # Sums come back as the database keeps them ("20" on SQLite, "20.00" on PostgreSQL).
            row.total = row.total.quantize(CENT)
            row.by_category = {k: v.quantize(CENT) for k, v in row.by_category.items()}
            score = row.total / full * HUNDRED
            row.score = min(HUNDRED, max(ZERO, score)).quantize(Decimal("0.1"))
            row.grade = grade_for(row.score, s.grade_bands)
            row.minimums = minimum_status(row, s.minimums)
        _competition_ranks(members, lambda r: 0, "rank")
        _competition_ranks(members, lambda r: r.sector_id, "sector_rank")
        _competition_ranks(members, lambda r: r.special_id, "special_rank")
        _competition_ranks(members, lambda r: r.affiliation, "party_rank")
        committee_rules = [r for r in rules if r.committee_id == committee_id]
        result[committee_id] = Standings(committee_id, year, s, committee_rules, members)
    return result


# --- the reports' summary -----------------------------------------------------------------------


@dataclass
class Summary:
    """What the reports section shows of a committee-year (reports.figures): how many active
    members are assessed, how many meet every minimum duty, and the grade distribution (every
    band of the year's settings, in their order, then any other grade)."""

    members: int
    minimums_met: int
    grades: list[tuple[str, int]]


def summary_many(committee_ids: Iterable[int], year: int, *, replica: bool = False) -> dict[int, Summary]:
    """The same members, grades and minimums as `standings_many`, without building each member's
    standing. The database sums the ledger per member and rule, caps each rule's sum, adds them
    up per member, tells per member whether each minimum duty is met, and counts the members
    alike (same committee, standing or not, total and duties met) together; the grades and the
    sums are derived here from those rows. Two queries for any number of
    committees (the settings, the sums), plus year_open's for a committee-year nobody opened."""
    ids = list(committee_ids)
    settings = {s.committee_id: s for s in YearSettings.objects.filter(committee_id__in=ids, year=year)}
    for committee_id in ids:
        if committee_id not in settings:
            settings[committee_id] = year_open(committee_id=committee_id, year=year)
    # One column per distinct minimum duty (codes and count) among the committees' settings.
    duties: list[tuple[tuple[str, ...], int]] = []
    for s in settings.values():
        for item in s.minimums:
            if _duty(item) not in duties:
                duties.append(_duty(item))
    if replica:
        with from_replica():
            found = _member_sums(ids, year, duties)
    else:
        found = _member_sums(ids, year, duties)
    needs = {
        pk: [(duties.index(_duty(item)), bool(item.get("standing_only"))) for item in s.minimums]
        for pk, s in settings.items()
    }
    grader = {pk: _grader(s.grade_bands) for pk, s in settings.items()}
    members: dict[int, int] = defaultdict(int)
    met: dict[int, int] = defaultdict(int)
    grades: dict[int, dict[str, int]] = {
        pk: {band["label"]: 0 for band in s.grade_bands} for pk, s in settings.items()
    }
    for committee_id, is_standing, raw_total, *done, alike in found:
        full = settings[committee_id].full_score or HUNDRED
        total = _decimal(raw_total).quantize(CENT)
        score = min(HUNDRED, max(ZERO, total / full * HUNDRED)).quantize(Decimal("0.1"))
        grade = grader[committee_id](score)
        grades[committee_id][grade] = grades[committee_id].get(grade, 0) + alike
        members[committee_id] += alike
        # A member without entries has done nothing: only a duty of count 0 is met.
        if all(
            done[column] if done[column] is not None else duties[column][1] <= 0
            for column, standing_only in needs[committee_id]
            if is_standing or not standing_only
        ):
            met[committee_id] += alike
    return {pk: Summary(members[pk], met[pk], list(grades[pk].items())) for pk in ids}


def _duty(item: dict[str, Any]) -> tuple[tuple[str, ...], int]:
    return tuple(sorted(set(item["codes"]))), int(item.get("count", 1))


def _decimal(value: Any) -> Decimal:
    """A sum as the database returns it (Decimal on PostgreSQL, int or float on SQLite)."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _grader(bands: list[dict[str, Any]]) -> Callable[[Decimal], str]:
    """`grade_for` with the bands sorted once."""
    ordered = [
        (Decimal(str(b["min"])), str(b["label"]))
        for b in sorted(bands, key=lambda b: -Decimal(str(b["min"])))
    ]
    fallback = str(bands[-1]["label"]) if bands else ""

    def grade(score: Decimal) -> str:
        for minimum, label in ordered:
            if score >= minimum:
                return label
        return fallback

    return grade


def _member_sums(
    ids: list[int], year: int, duties: list[tuple[tuple[str, ...], int]]
) -> list[tuple[Any, ...]]:
    """(committee, standing or not, capped total, whether each minimum duty is met (1 or 0), how
    many members) over the active members of the committees, members alike counted together (a
    member without entries has None for the total and the duties). A rule is one code of one
    committee-year and a member's entries are his committee's, so the positive part of a
    member-rule sum is the positive part of the member's net quantity of that code, as
    `minimum_status` counts it."""
    if not ids:
        return []
    per_rule = (
        PointEntry.objects.filter(committee_id__in=ids, year=year)
        .order_by()
        .values("member_id", "rule_id")
        .annotate(points=Sum("points"), quantity=Sum("quantity"))
    )
    rules = Rule.objects.filter(committee_id__in=ids, year=year).order_by().values("id", "code", "cap")
    active = (
        Member.objects.filter(committee_id__in=ids, is_active=True)
        .order_by()
        .values("id", "committee_id", "is_standing")
    )
    connection = connections[router.db_for_read(PointEntry) or "default"]
    per_rule_sql, per_rule_params = per_rule.query.sql_with_params()
    rules_sql, rules_params = rules.query.sql_with_params()
    active_sql, active_params = active.query.sql_with_params()
    done_sql, done_params = "", list[Any]()
    for i, (codes, count) in enumerate(duties):
        if not codes:  # nothing counts towards it
            done_sql += f", CASE WHEN 0 >= %s THEN 1 ELSE 0 END AS n{i}"
            done_params.append(count)
            continue
        marks = ", ".join(["%s"] * len(codes))
        done_sql += (
            f", CASE WHEN SUM(CASE WHEN r.code IN ({marks}) AND t.quantity > 0 THEN t.quantity ELSE 0 END)"
            f" >= %s THEN 1 ELSE 0 END AS n{i}"
        )
        done_params += [*codes, count]
    columns = "".join(f", a.n{i}" for i in range(len(duties)))
    sql = (
        f"SELECT m.committee_id, m.is_standing, a.total{columns}, COUNT(*) FROM ({active_sql}) m "
        "LEFT JOIN (SELECT t.member_id, "
        "SUM(CASE WHEN r.cap IS NOT NULL AND t.points > r.cap THEN r.cap ELSE t.points END) AS total"
        f"{done_sql} FROM ({per_rule_sql}) t JOIN ({rules_sql}) r ON r.id = t.rule_id "
        "GROUP BY t.member_id) a ON a.member_id = m.id "
        f"GROUP BY m.committee_id, m.is_standing, a.total{columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*active_params, *done_params, *per_rule_params, *rules_params))
        return cursor.fetchall()


def standings(committee_id: int, year: int, *, replica: bool = False) -> Standings:
    return standings_many([committee_id], year, replica=replica)[committee_id]


def minimum_status(
    row: MemberStanding, minimums: list[dict[str, Any]], reportable: set[str] | None = None
) -> list[MinimumStatus]:
    result = []
    for item in minimums:
        if item.get("standing_only") and not row.is_standing:
            continue
        done = sum(max(0, row.counts.get(code, 0)) for code in item["codes"])
        can_report = bool(reportable and reportable.intersection(item["codes"]))
        result.append(MinimumStatus(item["label"], int(item.get("count", 1)), done, can_report))
    return result


def member_minimums(member: Member, year: int) -> list[MinimumStatus]:
    """One member's minimum duties of the year (the home page's 尚未完成 line and 我的履职), in three
    queries: the year's settings, the reportable rules and the member's net quantity per rule. A
    committee-year nobody has opened yet has no minimums to show."""
    s = YearSettings.objects.filter(committee_id=member.committee_id, year=year).first()
    if s is None or not s.minimums:
        return []
    reportable = set(
        Rule.objects.filter(
            committee_id=member.committee_id, year=year, reportable=True, is_active=True
        ).values_list("code", flat=True)
    )
    row = MemberStanding(member.pk, "", 0, "", None, "", "", member.is_standing)
    for code, quantity in (
        PointEntry.objects.filter(member=member, year=year)
        .values_list("rule__code")
        .annotate(quantity=Sum("quantity"))
        .order_by()
    ):
        row.counts[code] = quantity
    return minimum_status(row, s.minimums, reportable)


# --- absence thresholds -------------------------------------------------------------------------


@dataclass
class AbsenceFlag:
    member_id: int
    text: str


def current_term_start(committee_id: int, year: int) -> int:
    term = (
        Term.objects.filter(committee_id=committee_id, starts_on__lte=date(year, 12, 31))
        .order_by("-starts_on")
        .first()
    )
    return term.starts_on.year if term else year


def absence_flags(committee_id: int, year: int, settings: YearSettings) -> dict[int, list[str]]:
    """Members over an absence threshold: unexcused plenary absences in the current term (D01),
    standing-committee absences in the year or the term (D03)."""
    start = current_term_start(committee_id, year)
    plenary: dict[int, int] = defaultdict(int)
    standing_year: dict[int, int] = defaultdict(int)
    standing_term: dict[int, int] = defaultdict(int)
    rows = (
        PointEntry.objects.filter(
            committee_id=committee_id, year__gte=start, year__lte=year, rule__code__in=["D01", "D03"]
        )
        .values_list("member_id", "rule__code", "year")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    for member_id, code, entry_year, n in rows:
        if code == "D01":
            plenary[member_id] += n
        else:
            standing_term[member_id] += n
            if entry_year == year:
                standing_year[member_id] += n
    flags: dict[int, list[str]] = defaultdict(list)
    for member_id, n in plenary.items():
        if n >= settings.plenary_absences_per_term:
            flags[member_id].append(f"本届全体会议无故缺席{n}次")
    for member_id, n in standing_year.items():
        if n >= settings.standing_absences_per_year:
            flags[member_id].append(f"本年度常委会议缺席{n}次")
    for member_id, n in standing_term.items():
        if n >= settings.standing_absences_per_term:
            flags[member_id].append(f"本届常委会议缺席{n}次")
    return flags


# --- one member ---------------------------------------------------------------------------------


def member_of(user: Any, committee_id: int | None) -> Member | None:
    """The user's own membership of the committee, if he is a member there."""
    if committee_id is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.filter(committee_id=committee_id, person__user_id=user.pk)
        .select_related("person", "sector", "special_committee", "committee")
        .first()
    )


def member_entries(member_id: int, year: int) -> Any:
    return (
        PointEntry.objects.filter(member_id=member_id, year=year)
        .select_related("rule", "recorded_by", "reversed_by")
        .order_by("-id")
    )


def entry_years(member_id: int) -> list[int]:
    from .services import this_year

    years = set(PointEntry.objects.filter(member_id=member_id).values_list("year", flat=True).distinct())
    years.add(this_year())
    return sorted(years, reverse=True)


def attendance_elsewhere(committee_id: int, day: date) -> list[tuple[str, str]]:
    """Meetings on `day` whose attendance another app records and scores (named in
    settings.DUTY_ATTENDANCE_ELSEWHERE: duty cannot import them), as (label, url)."""
    found: list[tuple[str, str]] = []
    for path in settings.DUTY_ATTENDANCE_ELSEWHERE:
        found.extend(import_string(path)(committee_id, day))
    return found


# The review page lists at most this many earlier entries of the same rule.
SAME_RULE_CAP = 20


def same_rule_entries(report: ActivityReport) -> list[PointEntry]:
    """The member's standing entries this year under the report's rule, other than the report's
    own, newest first, with their sources: what the reviewer compares the report with, because
    a rule such as A04 (基层协商) is both fed automatically and open to members' reports, and
    the same activity must not count twice."""
    entries = list(
        PointEntry.objects.filter(member_id=report.member_id, rule_id=report.rule_id, year=report.year)
        .standing()
        .exclude(source_type=ContentType.objects.get_for_model(ActivityReport), source_id=report.pk)
        .order_by("-recorded_at", "-id")[:SAME_RULE_CAP]
    )
    describe_sources(entries, staff=True)
    return entries


def describe_sources(entries: list[PointEntry], *, staff: bool = False) -> None:
    """Set `source_label` (the record's Chinese kind and title) and `source_url` (its page, when
    the reader may open it) on each entry, from the labels registry (lib.labels), loading the
    sources in one query per kind of source (never one per entry)."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for e in entries:
        if e.source_type_id is not None and e.source_id is not None:
            by_type[e.source_type_id].add(e.source_id)
    loaded: dict[tuple[int | None, int | None], Any] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        rows = model._default_manager.select_related(*labels.related_of(model._meta.label_lower))
        for pk, source in rows.in_bulk(list(ids)).items():
            loaded[(type_id, pk)] = source
    for e in entries:
        found = loaded.get((e.source_type_id, e.source_id))
        if found is None:
            e.source_label, e.source_url = "工作人员录入", ""  # type: ignore[attr-defined]
        else:
            described = labels.describe(found, staff=staff)
            e.source_label, e.source_url = described.text, described.url  # type: ignore[attr-defined]
