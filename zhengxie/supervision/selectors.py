"""Reads of the supervision app: the office's board, a unit's inbox, a leader's items, an item's
timeline, the figures of a period for bulletins, and what other apps ask about their items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhengxie.audit.selectors import actor_label, events_for_object
from zhengxie.lib.labels import action_label
from zhengxie.org.models import HandlingUnit
from zhengxie.search.query import matching_ids

from .models import Colour, ColourChange, Extension, Item
from .permissions import items_visible

S = Item.State

# The unit's inbox buckets (承办单位: 待签收 / 办理中 / 已报送 / 已办结).
UNIT_BUCKETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "to_sign": ("待签收", (S.ISSUED,)),
    "in_progress": ("办理中", (S.IN_PROGRESS, S.RETURN_REVIEW)),
    "reported": ("已报送待核实", (S.VERIFYING,)),
    "done": ("已办结", (S.DONE, S.CLOSED)),
}


def board(committee_id: int, filters: dict[str, Any]) -> QuerySet[Item]:
    """The office's board: every item of the committee, narrowed by the filter form."""
    qs = Item.objects.filter(committee_id=committee_id).select_related(
        "lead_unit", "source", "supervising_leader"
    )
    if filters.get("q"):
        # Title, content and reports through the one search index; or the item's number.
        qs = qs.filter(
            Q(pk__in=matching_ids("supervision", filters["q"], committee_id))
            | Q(number__contains=filters["q"])
        )
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("unit"):
        qs = qs.filter(lead_unit=filters["unit"])
    if filters.get("leader"):
        qs = qs.filter(supervising_leader=filters["leader"])
    if filters.get("colour"):
        qs = qs.filter(colour=filters["colour"])
    if filters.get("due_from"):
        qs = qs.filter(due_on__gte=filters["due_from"])
    if filters.get("due_to"):
        qs = qs.filter(due_on__lte=filters["due_to"])
    if filters.get("top_only"):
        qs = qs.filter(parent__isnull=True)
    return qs


def unit_inbox(user: Any, committee_id: int, bucket: str) -> QuerySet[Item]:
    states = UNIT_BUCKETS[bucket][1]
    qs = items_visible(user, Item.objects.filter(committee_id=committee_id, state__in=states))
    return qs.select_related("lead_unit", "source")


def unit_bucket_counts(user: Any, committee_id: int) -> dict[str, int]:
    qs = items_visible(user, Item.objects.filter(committee_id=committee_id))
    counts = dict(qs.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {key: sum(counts.get(s, 0) for s in states) for key, (_, states) in UNIT_BUCKETS.items()}


def leader_items(user: Any, committee_id: int) -> QuerySet[Item]:
    return (
        Item.objects.filter(committee_id=committee_id, supervising_leader=user)
        .exclude(state=S.CANCELLED)
        .select_related("lead_unit", "source")
    )


def items_for_source(obj: models.Model) -> QuerySet[Item]:
    """The items following up `obj` (a proposal, an instruction…), for its own page."""
    return Item.objects.filter(link_type=ContentType.objects.get_for_model(obj), link_id=obj.pk)


def items_for_model(model: type[models.Model]) -> QuerySet[Item]:
    """The items following up any row of `model`, for a feeding app's jobs."""
    return Item.objects.filter(link_type=ContentType.objects.get_for_model(model))


def followed_up_ids(user: Any, model: type[models.Model]) -> QuerySet[Item, Any]:
    """Ids of the `model` rows that items the user may see follow up: the feeding app lets the
    supervision office read the record an item of theirs is about."""
    return items_visible(user).filter(link_type=ContentType.objects.get_for_model(model)).values("link_id")


@dataclass
class TimelineEntry:
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


def timeline(item: Item) -> list[TimelineEntry]:
    """Every transition, report, extension and colour change of the item, oldest first, from
    the audit log (which records each of them in the same transaction as the change)."""
    events = events_for_object(item)
    return [
        TimelineEntry(
            at=e.created_at,
            actor=actor_label(e),
            action=action_label(e.action),
            detail=e.data,
        )
        for e in events
    ]


# --- figures of a period (bulletins) -------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def on_time_fraction(done_on_time: int, overdue: int) -> float | None:
    """按期办结率: of the items that have fallen due (done on time, done late, or open past their
    original due date), the share done on time. Dividing by the items done alone would show
    100 % beside a unit's overdue items."""
    due = done_on_time + overdue
    return done_on_time / due if due else None


@dataclass
class UnitFigures:
    unit_id: int
    unit: str
    total: int = 0
    done: int = 0
    done_on_time: int = 0
    overdue: int = 0
    red: int = 0
    yellow: int = 0
    extensions: int = 0

    @property
    def on_time_rate(self) -> str:
        fraction = on_time_fraction(self.done_on_time, self.overdue)
        return "—" if fraction is None else f"{int(fraction * 100)}%"

    @property
    def open(self) -> int:
        return self.total - self.done


def period_figures(committee_id: int, year: int, quarter: int) -> list[UnitFigures]:
    """Per lead unit, the year's items up to the end of the quarter: total, done, done on time and
    overdue (both against the original due date, whatever extensions were approved), items that
    turned red or yellow during the quarter, and extensions granted in the quarter. An open item is
    overdue once its original due date is behind both the quarter's end and today (a bulletin on
    the current quarter does not count items that are not yet due)."""
    start, end = quarter_bounds(year, quarter)
    as_of = min(end, timezone.localdate())
    end_at = timezone.make_aware(datetime.combine(end, time.max))
    start_at = timezone.make_aware(datetime.combine(start, time.min))
    year_at = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    items = Item.objects.filter(
        committee_id=committee_id, issued_at__gte=year_at, issued_at__lte=end_at
    ).exclude(state=S.CANCELLED)
    done = Q(done_at__isnull=False, done_at__lte=end_at)
    rows = items.values("lead_unit_id").annotate(
        total=Count("id"),
        done=Count("id", filter=done),
        done_on_time=Count("id", filter=done & Q(done_at__date__lte=models.F("original_due_on"))),
        overdue=Count(
            "id",
            filter=(done & Q(done_at__date__gt=models.F("original_due_on")))
            | (~done & Q(original_due_on__lt=as_of)),
        ),
    )
    figures = {
        r["lead_unit_id"]: UnitFigures(
            unit_id=r["lead_unit_id"],
            unit="",
            **{k: r[k] for k in ("total", "done", "done_on_time", "overdue")},
        )
        for r in rows
    }
    changes = (
        ColourChange.objects.filter(
            committee_id=committee_id, changed_at__gte=start_at, changed_at__lte=end_at
        )
        .filter(new__in=(Colour.RED, Colour.YELLOW))
        .values("item__lead_unit_id", "new")
        .annotate(n=Count("item_id", distinct=True))
    )
    for row in changes:
        unit = figures.setdefault(
            row["item__lead_unit_id"], UnitFigures(unit_id=row["item__lead_unit_id"], unit="")
        )
        setattr(unit, row["new"], row["n"])
    extensions = (
        Extension.objects.filter(
            committee_id=committee_id,
            state=Extension.State.APPROVED,
            decided_at__gte=start_at,
            decided_at__lte=end_at,
        )
        .values("item__lead_unit_id")
        .annotate(n=Count("id"))
    )
    for row in extensions:
        unit = figures.setdefault(
            row["item__lead_unit_id"], UnitFigures(unit_id=row["item__lead_unit_id"], unit="")
        )
        unit.extensions = row["n"]
    names = dict(HandlingUnit.objects.filter(pk__in=figures).values_list("pk", "name"))
    for unit in figures.values():
        unit.unit = names.get(unit.unit_id, "")
    return sorted(figures.values(), key=lambda u: (-u.total, u.unit))


def red_items(committee_id: int, year: int, quarter: int) -> list[dict[str, Any]]:
    """Items that turned red during the quarter: listed by name in the bulletin."""
    start, end = quarter_bounds(year, quarter)
    start_at = timezone.make_aware(datetime.combine(start, time.min))
    end_at = timezone.make_aware(datetime.combine(end, time.max))
    changes = (
        ColourChange.objects.filter(
            committee_id=committee_id, new=Colour.RED, changed_at__gte=start_at, changed_at__lte=end_at
        )
        .select_related("item__lead_unit")
        .order_by("item_id", "id")
    )
    seen: dict[int, dict[str, Any]] = {}
    for change in changes:
        seen.setdefault(
            change.item_id,
            {
                "number": change.item.number,
                "title": change.item.title,
                "unit": change.item.lead_unit.name,
                "reason": change.reason,
            },
        )
    return list(seen.values())


def suggested_lists(figures: list[UnitFigures]) -> tuple[list[int], list[int]]:
    """Praise units that finished items on time with nothing overdue or red; remind units with
    overdue or red items. Staff change both before issuing."""
    praised = [
        u.unit_id for u in figures if u.done and not u.overdue and not u.red and u.done == u.done_on_time
    ]
    reminded = [u.unit_id for u in figures if u.overdue or u.red]
    return praised, reminded
