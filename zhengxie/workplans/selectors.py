"""Reads of the year's plans: the items of each plan with what became of them (plan against done),
and the counts the page and the home page show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from zhengxie.consultations.models import Activity

from .models import Item, YearPlan


@dataclass
class Progress:
    planned: int = 0
    arranged: int = 0
    held: int = 0
    late: int = 0  # planned month passed, not held


def items_of(year_plan: YearPlan) -> list[Item]:
    return list(year_plan.items.select_related("lead", "activity").order_by("plan", "month", "id"))


def progress(items: list[Item], year: int) -> dict[str, Progress]:
    today = timezone.localdate()
    found: dict[str, Progress] = {p.value: Progress() for p in Item.Plan}
    for item in items:
        p = found[item.plan]
        p.planned += 1
        if item.activity is not None:
            p.arranged += 1
            if item.activity.state == Activity.State.HELD:
                p.held += 1
        if (year, item.month) < (today.year, today.month) and not (
            item.activity is not None and item.activity.state == Activity.State.HELD
        ):
            p.late += 1
    return found


def due_unarranged(committee_id: int) -> QuerySet[Item]:
    """Items of an approved or published plan whose month has come, not yet arranged."""
    today = timezone.localdate()
    return (
        Item.objects.filter(
            committee_id=committee_id,
            activity__isnull=True,
            year_plan__state__in=[YearPlan.State.APPROVED, YearPlan.State.PUBLISHED],
        )
        .filter(
            # this year up to this month, or any earlier year
            year_plan__year__lte=today.year,
        )
        .exclude(year_plan__year=today.year, month__gt=today.month)
    )
