"""Reads of consultations that are more than a `get`: lists, the coordination calendar with its
crowding warnings (调研不扎堆、会议合并开), members' yearly load and the rating comparison."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.selectors import events_for_object
from zhengxie.duty.selectors import member_of
from zhengxie.lib import workdays
from zhengxie.lib.labels import action_label
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role

from . import config
from .models import Activity, Consultation, Document, Instruction, Invitation, Outcome, Rating, Step, Topic

# More activities than this on one day is crowding.
CROWDED_DAY = 3
# A consultation has a handful of outcomes; its page shows at most this many.
OUTCOME_CAP = 50
# An activity's attendance export holds at most this many members (a plenary has a few hundred).
EXPORT_CAP = 5000
# The member-load page shows the busiest members, at most this many.
LOAD_CAP = 200


def consultations(committee_id: int, *, year: int | None = None, state: str = "") -> QuerySet[Consultation]:
    qs = Consultation.objects.filter(committee_id=committee_id).select_related("form", "lead")
    if year:
        qs = qs.filter(Q(plan__year=year) | Q(plan__isnull=True, created_at__year=year))
    if state == "overdue":
        qs = qs.exclude(state=Step.ARCHIVED).filter(due_on__lt=timezone.localdate())
    elif state:
        qs = qs.filter(state=state)
    return qs


def activities(committee_id: int, *, upcoming: bool = False) -> QuerySet[Activity]:
    qs = (
        Activity.objects.filter(committee_id=committee_id)
        .select_related("organiser")
        .annotate(
            invited=Count("invitations"),
            present=Count("invitations", filter=Q(invitations__attendance="present")),
        )
    )
    if upcoming:
        qs = qs.filter(ends_at__gte=timezone.now())
    return qs


def my_invitations(member_ids: list[int]) -> QuerySet[Invitation]:
    return Invitation.objects.filter(member_id__in=member_ids).select_related("activity")


def my_outcomes(member_ids: list[int]) -> QuerySet[Outcome]:
    """The submitted outcomes of the consultations whose meetings the members were invited to,
    with the leaders' instructions on them (prefetched in order): what the participants are
    told about (feedback on adoption, instructions and how they were carried out)."""
    consultations = Activity.objects.filter(
        invitations__member_id__in=member_ids, consultation__isnull=False
    ).values("consultation_id")
    return (
        Outcome.objects.filter(consultation_id__in=consultations, submitted_at__isnull=False)
        .select_related("consultation")
        .prefetch_related(Prefetch("instructions", queryset=Instruction.objects.order_by("given_on", "id")))
    )


def activities_recording_attendance(committee_id: int, day: date) -> list[tuple[str, str]]:
    """settings.DUTY_ATTENDANCE_ELSEWHERE: the committee's activities held on `day` (not
    cancelled), whose attendance their own page records and scores, as (label, url)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    rows = (
        Activity.objects.filter(
            committee_id=committee_id, starts_at__lt=start + timedelta(days=1), ends_at__gte=start
        )
        .exclude(state=Activity.State.CANCELLED)
        .order_by("starts_at", "id")[:20]
    )
    return [
        (f"{a.get_kind_display()}：{a.title}", reverse("consultations:activity_detail", args=[a.pk]))
        for a in rows
    ]


def signing_member(user: Any, activity: Activity) -> Member | None:
    """The user's membership invited to the activity — a member of a co-organising committee
    (joint app) is invited with his own committee's membership — else his membership of the
    host committee (who then hears that he is not on the list)."""
    if not getattr(user, "is_authenticated", False):
        return None
    invited = (
        Member.objects.filter(
            person__user_id=user.pk,
            pk__in=Invitation.objects.filter(activity=activity).values("member_id"),
        )
        .select_related("person", "committee")
        .first()
    )
    return invited or member_of(user, activity.committee_id)


def invitations_of(activity: Activity) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(activity=activity)
        .select_related("member__person", "member__sector")
        .order_by("member__person__name", "id")
    )


def invitation_summary(activity: Activity) -> dict[str, int]:
    return Invitation.objects.filter(activity=activity).aggregate(
        invited=Count("id"),
        registered=Count("id", filter=Q(reply="registered")),
        leave=Count("id", filter=Q(reply="leave")),
        excused=Count("id", filter=Q(reply="excused")),
        present=Count("id", filter=Q(attendance="present")),
        remote=Count("id", filter=Q(remote=True)),
    )


def outcomes_of(consultation: Consultation) -> list[Outcome]:
    return list(consultation.outcomes.order_by("id")[:OUTCOME_CAP])


def instructions_of(rows: list[Outcome]) -> dict[int, list[Instruction]]:
    """Every leader's instruction on each outcome with its supervision item, in one query."""
    found: dict[int, list[Instruction]] = defaultdict(list)
    if rows:
        for row in (
            Instruction.objects.filter(outcome__in=rows).select_related("item").order_by("given_on", "id")
        ):
            found[row.outcome_id].append(row)
    return found


# --- the coordination calendar -------------------------------------------------------------------


@dataclass
class Day:
    day: date
    activities: list[Activity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _span(activity: Activity) -> list[date]:
    first = timezone.localtime(activity.starts_at).date()
    last = timezone.localtime(activity.ends_at).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)][:31]


def month_calendar(committee_id: int, year: int, month: int) -> list[Day]:
    """Every day of the month with the planned and held activities of the committee and its
    special committees, and what crowds each day: too many activities, the same place twice, a
    member invited to two activities."""
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(nxt, time.min))
    rows = list(
        Activity.objects.filter(committee_id=committee_id, starts_at__lt=end, ends_at__gte=start)
        .exclude(state=Activity.State.CANCELLED)
        .select_related("organiser")
        .order_by("starts_at", "id")
    )
    ids = [a.pk for a in rows]
    invited: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for activity_id, member_id, name in Invitation.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "member_id", "member__person__name"
    ):
        invited[activity_id].add(member_id)
        names[member_id] = name
    days = {first + timedelta(days=i): Day(first + timedelta(days=i)) for i in range((nxt - first).days)}
    for activity in rows:
        for d in _span(activity):
            if d in days:
                days[d].activities.append(activity)
    for day in days.values():
        day.warnings = clashes(day.activities, invited, names)
    return list(days.values())


def clashes(acts: list[Activity], invited: dict[int, set[int]], names: dict[int, str]) -> list[str]:
    found: list[str] = []
    if len(acts) >= CROWDED_DAY:
        found.append(f"同日安排{len(acts)}项活动，建议错开或合并")
    by_place: dict[str, list[Activity]] = defaultdict(list)
    for a in acts:
        if a.place:
            by_place[a.place].append(a)
    for place, same in by_place.items():
        if len(same) > 1:
            found.append(f"地点“{place}”同日安排{len(same)}项活动")
    seen: dict[int, int] = defaultdict(int)
    for a in acts:
        for m in invited.get(a.pk, ()):
            seen[m] += 1
    doubled = sorted((names.get(m, str(m)) for m, n in seen.items() if n > 1))
    if doubled:
        shown = "、".join(doubled[:5]) + ("等" if len(doubled) > 5 else "")
        found.append(f"{len(doubled)}名委员同日受邀参加多项活动：{shown}")
    return found


def clashes_for(activity: Activity) -> list[str]:
    """The warnings the planner sees on an activity: the other activities on its days."""
    days = _span(activity)
    start = timezone.make_aware(datetime.combine(days[0], time.min))
    end = timezone.make_aware(datetime.combine(days[-1] + timedelta(days=1), time.min))
    others = list(
        Activity.objects.filter(committee_id=activity.committee_id, starts_at__lt=end, ends_at__gte=start)
        .exclude(state=Activity.State.CANCELLED)
        .order_by("id")
    )
    invited: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for activity_id, member_id, name in Invitation.objects.filter(activity__in=others).values_list(
        "activity_id", "member_id", "member__person__name"
    ):
        invited[activity_id].add(member_id)
        names[member_id] = name
    return clashes(others, invited, names) if len(others) > 1 else []


def notice_warnings(activity: Activity, today: date | None = None) -> list[str]:
    """For a consultation meeting: was the notice sent, and were the materials ready, the required
    working days before it (the committee's 制定方案 and 前期调研 rules; default 15 and 10)?"""
    if activity.consultation_id is None or activity.state != Activity.State.PLANNED:
        return []
    today = today or timezone.localdate()
    meeting = timezone.localtime(activity.starts_at).date()
    rules = config.step_rules(activity.committee_id)
    notice_days, material_days = rules[Step.SCHEME].days, rules[Step.RESEARCH].days
    cal = workdays.WorkdayCalendar([today.year, meeting.year])
    found = []
    first = (
        Invitation.objects.filter(activity=activity)
        .order_by("invited_at")
        .values_list("invited_at", flat=True)
        .first()
    )
    sent_on = timezone.localtime(first).date() if first else today
    lead = workdays.working_days_between(sent_on, meeting, cal)
    if lead < notice_days:
        what = "通知发出时" if first else "尚未发出通知，现在"
        found.append(f"{what}距会议仅{max(lead, 0)}个工作日，少于规定的{notice_days}个工作日")
    has_materials = Document.objects.filter(
        consultation_id=activity.consultation_id, kind="materials"
    ).exists()
    if not has_materials and workdays.working_days_between(today, meeting, cal) < material_days:
        found.append(f"会议材料应于会前{material_days}个工作日送达，尚未登记会议材料")
    return found


def member_load(committee_id: int, year: int, cap: int = LOAD_CAP) -> list[Member]:
    """The busiest members of the year (at most `cap`), each with `invited` and `attended`
    counts: one GROUP BY over the year's invitations, then the members themselves."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    counts = list(
        Invitation.objects.filter(
            committee_id=committee_id, activity__starts_at__gte=start, activity__starts_at__lt=end
        )
        .exclude(activity__state=Activity.State.CANCELLED)
        .values("member_id")
        .annotate(invited=Count("id"), attended=Count("id", filter=Q(attendance="present")))
        .order_by("-invited", "member_id")[:cap]
    )
    # Names only: a person's encrypted columns are not loaded (or decrypted) for 200 rows.
    members = (
        Member.objects.select_related("person", "sector")
        .only("id", "person__id", "person__name", "sector__id", "sector__name")
        .in_bulk([c["member_id"] for c in counts])
    )
    rows = []
    for c in counts:
        member = members[c["member_id"]]
        member.invited, member.attended = c["invited"], c["attended"]  # type: ignore[attr-defined]
        rows.append(member)
    return rows


# --- a consultation's history ---------------------------------------------------------------------

TIMELINE_CAP = 200


def timeline(consultation: Consultation) -> list[dict[str, Any]]:
    """The consultation's steps and scheduling, oldest first, replayed from the audit log."""
    events = events_for_object(consultation)[:TIMELINE_CAP]
    return [
        {"at": e.created_at, "actor": e.actor_name or "系统", "action": action_label(e.action)}
        for e in events
    ]


# --- quality ratings ------------------------------------------------------------------------------


def rating_summary(consultation: Consultation) -> dict[str, Any]:
    """The average on the 100-point rubric, the third parties' own average (seed 000: 第三方质量评价,
    raters holding the external rater role), and every rater's total and comment for the archive."""
    third = Exists(
        RoleAssignment.objects.filter(
            user_id=OuterRef("rater_id"), committee_id=consultation.committee_id, role=Role.EXTERNAL_RATER
        )
    )
    rows = list(
        Rating.objects.filter(consultation=consultation)
        .annotate(third_party=third)
        .values("total", "comment", "third_party")
        .order_by("-third_party", "id")
    )
    totals = [r["total"] for r in rows]
    third_totals = [r["total"] for r in rows if r["third_party"]]

    def mean(values: list[Decimal]) -> Decimal | None:
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1")) if values else None

    return {
        "average": mean(totals),
        "raters": len(rows),
        "third_party_average": mean(third_totals),
        "third_party_raters": len(third_totals),
        "comments": [r for r in rows if r["comment"]],
    }


def yearly_ratings(committee_id: int) -> list[dict[str, Any]]:
    """Average score and number of rated consultations per year (the plan's year, or the year the
    consultation was opened outside a plan), for comparing years."""
    rows = (
        Rating.objects.filter(committee_id=committee_id)
        .annotate(year=Coalesce("consultation__plan__year", ExtractYear("consultation__created_at")))
        .values("year")
        .annotate(avg=Avg("total"), consultations=Count("consultation", distinct=True))
        .order_by("-year")
    )
    return [
        {
            "year": r["year"],
            "average": Decimal(r["avg"]).quantize(Decimal("0.1")),
            "consultations": r["consultations"],
        }
        for r in rows
    ]


def special_shortfall(committee_id: int, year: int) -> dict[str, int] | None:
    """The plan's rule "at least N 专题协商 a year" (Requirement.special_per_year): how many the
    year has — the topics included in the year's plan and the consultations opened outside it,
    of a form whose name contains 专题协商 — and the minimum, or None when the year meets it.
    Two queries."""
    required = config.requirement_for(committee_id).special_per_year
    if not required:
        return None
    planned = Topic.objects.filter(
        plan__committee_id=committee_id,
        plan__year=year,
        state=Topic.State.INCLUDED,
        form__name__contains=config.SPECIAL_MARK,
    ).count()
    outside = Consultation.objects.filter(
        committee_id=committee_id,
        topic__isnull=True,
        form__name__contains=config.SPECIAL_MARK,
    ).filter(Q(plan__year=year) | Q(plan__isnull=True, created_at__year=year))
    have = planned + outside.count()
    return None if have >= required else {"have": have, "required": required, "year": year}
