"""Reads of grassroots work: platform lists with their profile, a platform's records, problems and
visits, the convener's pending work, and the yearly totals per platform, town and committee."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from zhengxie.consultations.models import Platform, PlatformActivity

from .models import Assignment, Problem, Record, Visit

PS = Problem.State


def with_profile(qs: QuerySet[Platform]) -> QuerySet[Platform]:
    assigned = (
        Assignment.objects.filter(platform_id=OuterRef("pk"))
        .order_by()
        .values("platform_id")
        .annotate(n=Count("id"))
    )
    return qs.select_related("profile__group").annotate(
        assigned=Coalesce(Subquery(assigned.values("n")[:1]), 0)
    )


def open_records(platforms: QuerySet[Platform]) -> QuerySet[Record]:
    return Record.objects.filter(platform__in=platforms.values("pk"), finished=False)


def raised_problems(platforms: QuerySet[Platform]) -> QuerySet[Problem]:
    return Problem.objects.filter(platform__in=platforms.values("pk"), state=PS.RAISED)


@dataclass
class Totals:
    held: int = 0
    participants: int = 0
    raised: int = 0
    solved: int = 0
    opinion: int = 0
    proposal: int = 0
    visits: int = 0

    def add(self, other: Totals) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class TownTotals:
    township: str
    totals: Totals = field(default_factory=Totals)
    platforms: list[tuple[Platform, Totals]] = field(default_factory=list)


def year_totals(platforms: QuerySet[Platform], year: int) -> tuple[Totals, list[TownTotals]]:
    """Held consultations, participants, problems raised / solved / passed on as 社情民意 or as
    proposal leads, and members' visits in the year: per platform, per town and overall. A fixed
    number of grouped queries whatever the number of platforms."""
    ids = platforms.values("pk")
    per: dict[int, Totals] = defaultdict(Totals)
    for pid, held, people in (
        PlatformActivity.objects.filter(platform_id__in=ids, held_on__year=year)
        .values("platform_id")
        .annotate(n=Count("id"), p=Sum("participants"))
        .values_list("platform_id", "n", "p")
    ):
        per[pid].held, per[pid].participants = held, people or 0
    for pid, raised, solved, opinion, proposal in (
        Problem.objects.filter(platform_id__in=ids, raised_on__year=year)
        .values("platform_id")
        .annotate(
            n=Count("id"),
            s=Count("id", filter=Q(state=PS.SOLVED)),
            o=Count("id", filter=Q(state=PS.OPINION)),
            r=Count("id", filter=Q(state=PS.PROPOSAL)),
        )
        .values_list("platform_id", "n", "s", "o", "r")
    ):
        t = per[pid]
        t.raised, t.solved, t.opinion, t.proposal = raised, solved, opinion, proposal
    for pid, n in (
        Visit.objects.filter(platform_id__in=ids, visited_on__year=year)
        .values("platform_id")
        .annotate(n=Count("id"))
        .values_list("platform_id", "n")
    ):
        per[pid].visits = n
    towns: dict[str, TownTotals] = {}
    overall = Totals()
    for platform in platforms.order_by("township", "level", "name", "id"):
        t = per.get(platform.pk, Totals())
        town = towns.setdefault(platform.township, TownTotals(platform.township))
        town.platforms.append((platform, t))
        town.totals.add(t)
        overall.add(t)
    return overall, list(towns.values())


def platform_year(platform: Platform, year: int) -> Totals:
    overall, _ = year_totals(Platform.objects.filter(pk=platform.pk), year)
    return overall


def recent_visits(platform: Platform, limit: int = 20) -> list[Visit]:
    return list(
        Visit.objects.filter(platform=platform)
        .select_related("member__person")
        .order_by("-visited_on", "-id")[:limit]
    )


def problems_of(platform: Platform, limit: int = 50) -> list[Problem]:
    """The latest problems, newest first."""
    return list(Problem.objects.filter(platform=platform).order_by("-id")[:limit])


def assigned_members(platform: Platform) -> list[Any]:
    return list(Assignment.objects.filter(platform=platform).select_related("member__person").order_by("id"))
