"""Reads of the opinions app: the centre's queue, an author's items, the chain of an item across
levels (every level's status), and the yearly statistics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from zhengxie.duty.models import PointEntry
from zhengxie.org.models import Member, ParticipatingUnit
from zhengxie.search.query import matching_ids
from zhengxie.supervision.models import Item as SupervisionItem

from .models import Adoption, Author, Instruction, Opinion, Report, UnitTally
from .permissions import liaison_units
from .services.adoption import FEEDBACK_CODE, rule_for

S = Opinion.State


def author_names() -> Prefetch[Any]:
    """Authors with their names only: a person's encrypted columns are not loaded (or decrypted)."""
    return Prefetch(
        "author_rows",
        queryset=Author.objects.select_related("member__person").only(
            "id", "opinion_id", "order", "member__id", "member__person__id", "member__person__name"
        ),
    )


def queue(committee_id: int, filters: dict[str, Any]) -> QuerySet[Opinion]:
    """The information centre's items, newest first, filtered by state, channel and year."""
    qs = Opinion.objects.filter(committee_id=committee_id).exclude(state=S.DRAFT)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("q"):
        qs = qs.filter(pk__in=matching_ids("opinion", filters["q"], committee_id))  # title and every version
    return qs.select_related("unit", "committee", "reported_via__committee").prefetch_related(author_names())


def mine(user: Any) -> QuerySet[Opinion]:
    """Items the user wrote, is credited on or submitted, in any committee (first level only)."""
    reach = Q(created_by_id=user.pk) | Q(author_rows__member__person__user_id=user.pk)
    ids = Opinion.objects.filter(reach, origin__isnull=True).values("pk")
    return Opinion.objects.filter(pk__in=ids).select_related("committee", "unit")


def liaison_queue(user: Any) -> QuerySet[Opinion]:
    """A liaison officer's unit items waiting for screening."""
    return (
        Opinion.objects.filter(unit_id__in=liaison_units(user), state=S.UNIT_REVIEW)
        .select_related("committee", "unit")
        .prefetch_related(author_names())
    )


@dataclass
class Chain:
    """An item and its copies at higher levels, with every report, adoption and instruction."""

    items: list[Opinion]
    reports: dict[int, list[Report]]
    adoptions: list[Adoption]
    instructions: list[Instruction]
    merged_into: Opinion | None = None
    best: Adoption | None = None

    def reports_of(self, opinion: Opinion) -> list[Report]:
        return self.reports.get(opinion.pk, [])


def chain(opinion: Opinion) -> Chain:
    """Every level's status of the item's chain, in a fixed number of queries. An item merged into
    another shows the merged item's chain (that is where its text went on)."""
    merged_into = None
    start = opinion
    for _ in range(3):
        if start.merged_into_id is None:
            break
        start = Opinion.objects.get(pk=start.merged_into_id)
        merged_into = start
    root_id = start.root_id
    items = list(
        Opinion.objects.filter(Q(pk=root_id) | Q(origin_id=root_id))
        .select_related("committee", "issue", "forwarded_to", "merged_into")
        .order_by("id")
    )
    ids = [i.pk for i in items]
    reports: dict[int, list[Report]] = defaultdict(list)
    for report in Report.objects.filter(opinion_id__in=ids).order_by("id"):
        reports[report.opinion_id].append(report)
    for item in items:
        item.chain_reports = reports.get(item.pk, [])  # type: ignore[attr-defined]
    adoptions = list(
        Adoption.objects.filter(origin_id=root_id).select_related("committee").order_by("adopted_on", "id")
    )
    instructions = list(
        Instruction.objects.filter(origin_id=root_id).select_related("department").order_by("given_on", "id")
    )
    followed = (
        {
            i.link_id: i
            for i in SupervisionItem.objects.filter(
                link_type=ContentType.objects.get_for_model(Instruction),
                link_id__in=[i.pk for i in instructions],
            ).only("id", "number", "state", "link_id")
        }
        if instructions
        else {}
    )
    scored = _instruction_points([i.pk for i in instructions]) if instructions else {}
    for instruction in instructions:
        # The supervision item that follows the instruction up, to show its number and state.
        instruction.followed_by = followed.get(instruction.pk)  # type: ignore[attr-defined]
        # What each author earned for the instruction and for its fed-back outcome.
        instruction.points = scored.get((instruction.pk, "S05"))  # type: ignore[attr-defined]
        instruction.feedback_points = scored.get((instruction.pk, FEEDBACK_CODE))  # type: ignore[attr-defined]
    best = max(adoptions, key=lambda a: (rule_for(a)[0], -a.pk), default=None)
    return Chain(items, dict(reports), adoptions, instructions, merged_into, best)


def _instruction_points(instruction_ids: list[int]) -> dict[tuple[int, str], Decimal]:
    """(instruction id, rule code) -> the points an author holds for it in the ledger (S05 and
    S06 are scored in full to every author, so the highest standing entry is each author's)."""
    points: dict[tuple[int, str], Decimal] = {}
    for source_id, code, value in (
        PointEntry.objects.filter(
            source_type=ContentType.objects.get_for_model(Instruction),
            source_id__in=instruction_ids,
            rule__code__in=("S05", FEEDBACK_CODE),
        )
        .standing()
        .values_list("source_id", "rule__code", "points")
    ):
        if source_id is not None:  # always set: the filter is by source
            key = (source_id, code)
            points[key] = max(points.get(key, value), value)
    return points


# --- statistics -----------------------------------------------------------------------------

LEVELS = ("local", "city", "province", "national")
# (authors per item, adoption levels per item, instructions per item) of a committee-year
Facts = tuple[dict[int, list[int]], dict[int, set[str]], dict[int, int]]


@dataclass
class Tally:
    label: str
    key: int | str
    submitted: int = 0
    adopted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    instructions: int = 0
    points: Decimal = Decimal(0)

    @property
    def adopted_total(self) -> int:
        return sum(self.adopted.values())


def chain_facts(committee_id: int, year: int) -> Facts:
    """For the committee's first-level items of the year: authors per item, adoption levels per
    item (highest level counts per chain, but each level reached is shown) and instruction counts."""
    roots = Opinion.objects.filter(committee_id=committee_id, year=year, origin__isnull=True).exclude(
        state__in=(S.DRAFT, S.UNIT_REVIEW, S.RETURNED)
    )
    authors: dict[int, list[int]] = defaultdict(list)
    for opinion_id, member_id in Author.objects.filter(opinion__in=roots).values_list(
        "opinion_id", "member_id"
    ):
        authors[opinion_id].append(member_id)
    levels: dict[int, set[str]] = defaultdict(set)
    for origin_id, level in Adoption.objects.filter(origin__in=roots).values_list("origin_id", "level"):
        levels[origin_id].add(level)
    instructions: dict[int, int] = defaultdict(int)
    for origin_id in Instruction.objects.filter(origin__in=roots).values_list("origin_id", flat=True):
        instructions[origin_id] += 1
    for opinion_id in roots.values_list("pk", flat=True):
        authors.setdefault(opinion_id, [])
    return authors, levels, instructions


def member_stats(committee_id: int, year: int, facts: Facts | None = None) -> list[Tally]:
    authors, levels, instructions = facts or chain_facts(committee_id, year)
    members = {
        pk: name
        for pk, name in Member.objects.filter(committee_id=committee_id).values_list("pk", "person__name")
    }
    rows: dict[int, Tally] = {}
    for opinion_id, member_ids in authors.items():
        for member_id in member_ids:
            name = members.get(member_id)
            if name is None:
                continue
            row = rows.setdefault(member_id, Tally(name, member_id))
            row.submitted += 1
            for level in levels.get(opinion_id, ()):
                row.adopted[level] += 1
            row.instructions += instructions.get(opinion_id, 0)
    return sorted(rows.values(), key=lambda t: (-t.adopted_total, -t.instructions, -t.submitted, t.label))


def sector_stats(committee_id: int, year: int, facts: Facts | None = None) -> list[Tally]:
    authors, levels, instructions = facts or chain_facts(committee_id, year)
    sectors = dict(Member.objects.filter(committee_id=committee_id).values_list("pk", "sector__name"))
    rows: dict[str, Tally] = {}
    for opinion_id, member_ids in authors.items():
        for name in {sectors[m] for m in member_ids if m in sectors}:
            row = rows.setdefault(name, Tally(name, name))
            row.submitted += 1
            for level in levels.get(opinion_id, ()):
                row.adopted[level] += 1
            row.instructions += instructions.get(opinion_id, 0)
    return sorted(rows.values(), key=lambda t: (-t.adopted_total, -t.submitted, t.label))


def unit_stats(committee_id: int, year: int, facts: Facts | None = None) -> list[Tally]:
    """Participating units ranked by their points (the tally), then adoptions."""
    authors, levels, instructions = facts or chain_facts(committee_id, year)
    units = {u.pk: u for u in ParticipatingUnit.objects.filter(committee_id=committee_id)}
    rows: dict[int, Tally] = {pk: Tally(u.name, pk) for pk, u in units.items()}
    item_units = dict(
        Opinion.objects.filter(pk__in=list(authors), unit__isnull=False).values_list("pk", "unit_id")
    )
    for opinion_id, unit_id in item_units.items():
        row = rows[unit_id]
        row.submitted += 1
        for level in levels.get(opinion_id, ()):
            row.adopted[level] += 1
        row.instructions += instructions.get(opinion_id, 0)
    for unit_id, points in UnitTally.objects.filter(committee_id=committee_id, year=year).values_list(
        "unit_id", "points"
    ):
        if unit_id in rows:
            rows[unit_id].points += points
    return sorted(rows.values(), key=lambda t: (-t.points, -t.adopted_total, -t.submitted, t.label))
