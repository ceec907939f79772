"""The leaders' dashboard (领导驾驶舱) on a leader's home page: the committee's loops at a glance —
this year's proposals by state and by month, the units late with their replies, the red
supervision items, the consultations and activities of the coming weeks, the latest adoptions and
instructions of 社情民意 and consultations. A fixed number of queries, whatever the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone

from zhengxie.consultations.models import Activity, Consultation
from zhengxie.consultations.models import Instruction as ConsultationInstruction
from zhengxie.opinions.models import Adoption, Level
from zhengxie.opinions.models import Instruction as OpinionInstruction
from zhengxie.proposals.models import Assignment, Proposal
from zhengxie.proposals.permissions import office_q
from zhengxie.supervision.models import Colour, Item

from .charts import Chart, bars, columns

P = Proposal.State
COMING_DAYS = 28
LIST_SIZE = 8
OPEN_ITEM_STATES = (
    Item.State.REGISTERED,
    Item.State.ISSUED,
    Item.State.IN_PROGRESS,
    Item.State.RETURN_REVIEW,
    Item.State.VERIFYING,
)


@dataclass
class Dashboard:
    year: int
    charts: list[Chart] = field(default_factory=list)
    late_units: list[dict[str, Any]] = field(default_factory=list)
    red_count: int = 0
    red_items: list[Item] = field(default_factory=list)
    coming: list[dict[str, Any]] = field(default_factory=list)
    adoptions: list[dict[str, Any]] = field(default_factory=list)
    instructions: list[dict[str, Any]] = field(default_factory=list)


def _proposals(committee_id: int, year: int) -> tuple[Chart, Chart]:
    qs = Proposal.objects.filter(office_q([committee_id]), year=year)
    by_state = dict(qs.values_list("state").annotate(n=Count("id")).order_by())
    order = [s for s in P if s not in (P.DRAFT, P.COSIGNING)]
    states = bars(
        f"{year}年提案办理状态", [(s.label, by_state.get(s.value, 0)) for s in order if by_state.get(s.value)]
    )
    months = dict(
        qs.filter(submitted_at__isnull=False)
        .annotate(m=ExtractMonth("submitted_at"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    trend = columns(f"{year}年各月收到提案", [(f"{m}月", months.get(m, 0)) for m in range(1, 13)])
    return states, trend


def _adoption_levels(committee_id: int, year: int) -> Chart:
    levels = dict(
        Adoption.objects.filter(origin__committee_id=committee_id, origin__year=year)
        .values_list("level")
        .annotate(n=Count("origin_id", distinct=True))
        .order_by()
    )
    return bars(f"{year}年社情民意各级采用", [(label, levels.get(code, 0)) for code, label in Level.choices])


def _late_units(committee_id: int) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return list(
        Assignment.objects.filter(
            committee_id=committee_id,
            role__in=(Assignment.Role.LEAD, Assignment.Role.SPLIT),
            state__in=(Assignment.State.PENDING, Assignment.State.HANDLING),
            due_on__lt=today,
        )
        .values("unit__name")
        .annotate(late=Count("id"))
        .order_by("-late", "unit__name")[:LIST_SIZE]
    )


def _coming(committee_id: int) -> list[dict[str, Any]]:
    now = timezone.now()
    today = timezone.localdate()
    until = today + timedelta(days=COMING_DAYS)
    until_at = timezone.make_aware(datetime.combine(until, time.max))
    activities = (
        Activity.objects.filter(committee_id=committee_id, starts_at__gte=now, starts_at__lte=until_at)
        .exclude(state=Activity.State.CANCELLED)
        .order_by("starts_at")[:LIST_SIZE]
    )
    rows: list[dict[str, Any]] = [
        {
            "on": timezone.localtime(a.starts_at).date(),
            "title": a.title,
            "kind": a.get_kind_display(),
            "url": reverse("consultations:activity_detail", args=[a.pk]),
        }
        for a in activities
    ]
    # A consultation's meeting with no activity scheduled for it yet.
    meetings = list(
        Consultation.objects.filter(committee_id=committee_id, meeting_on__gte=today, meeting_on__lte=until)
        .select_related("form")
        .order_by("meeting_on")[: LIST_SIZE * 2]
    )
    scheduled = set(
        Activity.objects.filter(consultation_id__in=[c.pk for c in meetings], starts_at__gte=now).values_list(
            "consultation_id", flat=True
        )
    )
    meetings = [c for c in meetings if c.pk not in scheduled]
    rows += [
        {
            "on": c.meeting_on,
            "title": c.title,
            "kind": c.form.name,
            "url": reverse("consultations:consultation_detail", args=[c.pk]),
        }
        for c in meetings
    ]
    return sorted(rows, key=lambda r: r["on"])[:LIST_SIZE]


def _latest(committee_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    adoptions: list[dict[str, Any]] = [
        {
            "on": a.adopted_on,
            "title": a.opinion.title,
            "by": f"{a.recipient}（{a.get_level_display()}，{a.get_kind_display()}）",
            "url": reverse("opinions:detail", args=[a.opinion_id]),
        }
        for a in Adoption.objects.filter(committee_id=committee_id)
        .select_related("opinion")
        .order_by("-adopted_on", "-id")[:LIST_SIZE]
    ]
    instructions: list[dict[str, Any]] = [
        {
            "on": i.given_on,
            "by": i.leader_name,
            "title": i.opinion.title,
            "what": "社情民意",
            "url": reverse("opinions:detail", args=[i.opinion_id]),
        }
        for i in OpinionInstruction.objects.filter(committee_id=committee_id)
        .select_related("opinion")
        .order_by("-given_on", "-id")[:LIST_SIZE]
    ]
    instructions += [
        {
            "on": i.given_on,
            "by": i.leader_name,
            "title": i.outcome.title,
            "what": "协商成果",
            "url": reverse("consultations:consultation_detail", args=[i.outcome.consultation_id]),
        }
        for i in ConsultationInstruction.objects.filter(committee_id=committee_id)
        .select_related("outcome")
        .order_by("-given_on", "-id")[:LIST_SIZE]
    ]
    instructions.sort(key=lambda r: r["on"], reverse=True)
    return adoptions, instructions[:LIST_SIZE]


def dashboard(committee_id: int) -> Dashboard:
    year = timezone.localdate().year
    board = Dashboard(year=year)
    states, trend = _proposals(committee_id, year)
    board.charts = [states, trend, _adoption_levels(committee_id, year)]
    board.late_units = _late_units(committee_id)
    red = Item.objects.filter(committee_id=committee_id, colour=Colour.RED, state__in=OPEN_ITEM_STATES)
    board.red_count = red.count()
    board.red_items = list(red.select_related("lead_unit").order_by("due_on", "id")[:LIST_SIZE])
    board.coming = _coming(committee_id)
    board.adoptions, board.instructions = _latest(committee_id)
    return board
