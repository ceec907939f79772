"""Reads of 委员学习: a member's list, hours and completions; the figures of a committee (coverage
of a term by sector, hours per member and sector, completion rates per course). Each figure is a
fixed number of grouped queries whatever the number of members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhengxie.org.models import Member, Sector, Term

from .models import Assignment, Completion, Course, Progress, StudyDay


def member_assignments(member: Member) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(member=member).select_related("course").order_by("done_at", "due_on", "id")
    )


def seconds_in_year(member: Member, year: int) -> int:
    total = StudyDay.objects.filter(member=member, day__year=year).aggregate(s=Sum("seconds"))["s"]
    return int(total or 0)


def hours_label(seconds: int) -> str:
    return f"{seconds / 3600:.1f}"


def course_progress(member: Member | None, course: Course) -> dict[int, Progress]:
    """The member's progress on each lesson of the course, by lesson id."""
    if member is None:
        return {}
    return {p.lesson_id: p for p in Progress.objects.filter(member=member, lesson__course=course)}


def standing_completion(member: Member | None, course: Course) -> Completion | None:
    if member is None:
        return None
    return Completion.objects.filter(member=member, course=course, state=Completion.State.DONE).first()


@dataclass
class SectorCoverage:
    name: str
    total: int = 0
    trained: int = 0
    untrained: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.trained / self.total) if self.total else 0


def coverage(committee_id: int, term: Term | None) -> list[SectorCoverage]:
    """For the term's members, by sector: how many finished at least one course during the term,
    and who has not yet (seed 003: every member trained within a term)."""
    if term is None:
        return []
    members = Member.objects.filter(committee_id=committee_id, is_active=True, terms=term)
    during = Q(completed_at__date__gte=term.starts_on)
    if term.ends_on:
        during &= Q(completed_at__date__lte=term.ends_on)
    trained = set(
        Completion.objects.filter(during, committee_id=committee_id, state=Completion.State.DONE).values_list(
            "member_id", flat=True
        )
    )
    rows: dict[int, SectorCoverage] = {
        pk: SectorCoverage(name)
        for pk, name in Sector.objects.filter(committee_id=committee_id).values_list("pk", "name")
    }
    for pk, sector_id, name in members.values_list("pk", "sector_id", "person__name").order_by(
        "sector_id", "pk"
    ):
        row = rows.setdefault(sector_id, SectorCoverage("—"))
        row.total += 1
        if pk in trained:
            row.trained += 1
        else:
            row.untrained.append(name)
    return [r for r in rows.values() if r.total]


@dataclass
class MemberHours:
    member_id: int
    name: str
    sector: str
    seconds: int
    credit_hours: int
    courses: int

    @property
    def hours(self) -> str:
        return hours_label(self.seconds)


def hours(committee_id: int, year: int) -> list[MemberHours]:
    """Every active member's time on lessons in the year, and the 学时 of courses finished in it."""
    seconds = dict(
        StudyDay.objects.filter(committee_id=committee_id, day__year=year)
        .values("member_id")
        .annotate(s=Sum("seconds"))
        .values_list("member_id", "s")
    )
    done = {
        m: (h, n)
        for m, h, n in Completion.objects.filter(
            committee_id=committee_id, year=year, state=Completion.State.DONE
        )
        .values("member_id")
        .annotate(h=Sum("hours"), n=Count("id"))
        .values_list("member_id", "h", "n")
    }
    rows = []
    for pk, name, sector in (
        Member.objects.filter(committee_id=committee_id, is_active=True)
        .order_by("sector__order", "sector_id", "id")
        .values_list("pk", "person__name", "sector__name")
    ):
        h, n = done.get(pk, (0, 0))
        rows.append(MemberHours(pk, name, sector, int(seconds.get(pk, 0)), int(h or 0), int(n or 0)))
    return rows


def hours_by_sector(rows: list[MemberHours]) -> list[dict[str, Any]]:
    sectors: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = sectors.setdefault(r.sector, {"sector": r.sector, "members": 0, "seconds": 0, "credit_hours": 0})
        s["members"] += 1
        s["seconds"] += r.seconds
        s["credit_hours"] += r.credit_hours
    for s in sectors.values():
        s["hours"] = hours_label(s["seconds"])
        s["average"] = hours_label(s["seconds"] // s["members"]) if s["members"] else "0.0"
    return list(sectors.values())


def completion_rates(committee_id: int, year: int) -> list[dict[str, Any]]:
    """Per course required in the year's plans: how many members were assigned, how many finished."""
    rows = (
        Assignment.objects.filter(committee_id=committee_id, item__plan__year=year)
        .values("course_id", "course__title")
        .annotate(assigned=Count("id"), done=Count("id", filter=Q(done_at__isnull=False)))
        .order_by("course__title")
    )
    return [
        {
            "course": r["course__title"],
            "assigned": r["assigned"],
            "done": r["done"],
            "percent": round(100 * r["done"] / r["assigned"]) if r["assigned"] else 0,
        }
        for r in rows
    ]


def due_soon(member: Member, today: date) -> int:
    return Assignment.objects.filter(member=member, done_at__isnull=True, due_on__lt=today).count()
