"""Warning colours (亮灯), recomputed by a periodic job (domain.md §5.2, thresholds per committee
in working days):

- red: overdue (against the current due date, i.e. after an approved extension the new one), or
  the completion report was returned too often;
- yellow: few working days left, a progress report missing, or progress behind the planned
  straight line from issue to due date;
- blue: the due date is near, or the item was not signed for in time;
- green: on track.

A change is claimed with a conditional UPDATE on the old colour, so when two workers or a rerun
of the job overlap exactly one of them writes the ColourChange and sends its notices (and the
notices are keyed by that change as well).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.workdays import WorkdayCalendar, add_working_days, working_days_between
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .config import policy_for
from .models import Colour, ColourChange, Item, WarningPolicy

S = Item.State
WATCHED = (S.ISSUED, S.IN_PROGRESS, S.RETURN_REVIEW, S.VERIFYING)
# What colour_for reads: the job loads only these columns of each item.
BOARD_FIELDS = (
    "id", "committee_id", "state", "due_on", "rejections", "next_report_on", "issued_at", "progress", "colour",
)  # fmt: skip


@dataclass
class Today:
    """Everything the colour of one item depends on besides the item: computed once per run."""

    day: date
    cal: WorkdayCalendar
    _shifted: dict[tuple[date, int], date]

    @classmethod
    def of(cls, day: date) -> Today:
        return cls(day, WorkdayCalendar([day.year - 1, day.year, day.year + 1]), {})

    def plus(self, start: date, n: int) -> date:
        key = (start, n)
        if key not in self._shifted:
            self._shifted[key] = add_working_days(start, n, self.cal)
        return self._shifted[key]


def colour_for(item: Item, policy: WarningPolicy, today: Today) -> tuple[str, str]:
    """(colour, reason) of an item now; no colour for items that are not with a unit."""
    if item.state not in WATCHED:
        return "", ""
    day = today.day
    if item.state == S.VERIFYING:
        return Colour.GREEN, "办结报告待核实"
    if day > item.due_on:
        return Colour.RED, "已超过办结时限"
    if item.rejections >= policy.red_after_rejections:
        return Colour.RED, f"办结报告已被退回{item.rejections}次"
    if item.due_on <= today.plus(day, policy.yellow_days):
        return Colour.YELLOW, f"距办结时限不足{policy.yellow_days}个工作日"
    # A report due on a rest day is due on the next working day, plus the grace days.
    if item.next_report_on and day > today.plus(
        item.next_report_on - timedelta(days=1), policy.report_grace_days + 1
    ):
        return Colour.YELLOW, f"应于{item.next_report_on:%Y年%m月%d日}报送的进度未报送"
    if item.issued_at and item.state == S.IN_PROGRESS:
        issued = timezone.localdate(item.issued_at)
        window = (item.due_on - issued).days
        if window > 0:
            planned = min(100, (day - issued).days * 100 // window)
            if planned - item.progress >= policy.behind_plan_points:
                return Colour.YELLOW, f"进度{item.progress}%，落后于计划进度{planned}%"
    if item.due_on <= today.plus(day, policy.blue_days):
        return Colour.BLUE, f"距办结时限不足{policy.blue_days}个工作日"
    if item.state == S.ISSUED and item.issued_at:
        waited = working_days_between(timezone.localdate(item.issued_at), day, today.cal)
        if waited > policy.sign_days:
            return Colour.BLUE, f"下发已{waited}个工作日仍未签收"
    return Colour.GREEN, "按计划推进"


def refresh(today: date | None = None, items: Iterable[Item] | None = None) -> list[ColourChange]:
    """Recompute colours; write and announce the changes this run claimed."""
    now = Today.of(today or timezone.localdate())
    if items is None:
        items = (
            Item.objects.filter(Q(state__in=WATCHED) | ~Q(colour=""))
            .only(*BOARD_FIELDS)
            .order_by("id")
            .iterator(chunk_size=2000)
        )
    policies: dict[int, WarningPolicy] = {}
    changes: list[ColourChange] = []
    for item in items:
        policy = policies.get(item.committee_id) or policies.setdefault(
            item.committee_id, policy_for(item.committee_id)
        )
        colour, reason = colour_for(item, policy, now)
        if colour != item.colour:
            change = _claim(item, colour, reason)
            if change is not None:
                changes.append(change)
    return changes


def _claim(item: Item, colour: str, reason: str) -> ColourChange | None:
    # No savepoint: losing the claim leaves without an exception, and inside a caller's
    # transaction (an item issued by a job) a failure must fail it whole.
    with transaction.atomic(savepoint=False):
        claimed = Item.objects.filter(pk=item.pk, colour=item.colour).update(
            colour=colour, colour_since=timezone.now()
        )
        if claimed != 1:
            return None  # another run got there first and announced it
        old, item.colour = item.colour, colour
        if not colour:
            return None  # the item left the units' hands: nothing to announce
        change = ColourChange.objects.create(
            committee_id=item.committee_id, item=item, old=old, new=colour, reason=reason[:200]
        )
        record(
            action="supervision.item.colour_changed",
            obj=item,
            data={"from": old, "to": colour, "reason": reason},
        )
        _announce(change, item)
    return change


def _announce(change: ColourChange, item: Item) -> None:
    """Blue and yellow go to the responsible person (or the unit's clerks); red adds the unit's
    leader and the supervising leader, by SMS as well."""
    full = Item.objects.select_related("lead_unit", "responsible_user", "supervising_leader").get(pk=item.pk)
    if change.new == Colour.GREEN:
        return
    recipients: dict[int, Any] = {}
    if full.responsible_user is not None:
        recipients[full.responsible_user.pk] = full.responsible_user
    wanted_roles = [Role.UNIT_CLERK] if not recipients else []
    if change.new == Colour.RED:
        wanted_roles.append(Role.UNIT_LEADER)
        if full.supervising_leader is not None:
            recipients[full.supervising_leader.pk] = full.supervising_leader
    user_ids = RoleAssignment.objects.filter(
        committee_id=full.committee_id, handling_unit_id=full.lead_unit_id, role__in=wanted_roles
    ).values("user_id")
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        recipients.setdefault(user.pk, user)
    label = Colour(change.new).label
    for user in recipients.values():
        notify(
            recipient=user,
            key=f"supervision.colour.{change.pk}",
            title=f"督办事项{label}：{full.number} {full.title}"[:200],
            body=f"{change.reason}。办结时限：{full.due_on:%Y年%m月%d日}，承办单位：{full.lead_unit.name}。",
            url=reverse("supervision:item_detail", args=[full.pk]),
            committee_id=full.committee_id,
            sms=change.new == Colour.RED,
        )
