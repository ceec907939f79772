"""Reads of the forward schedule: a committee's rows for a span of days — its own activities, the
activities it co-organises (joint app), and its entries — the clashes among them (members,
leaders, venues), and a person's calendar feed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhengxie.consultations.models import Activity, Invitation
from zhengxie.org.models import Member

from .models import ActivityLeader, Entry

WEEKDAYS = "一二三四五六日"
ROW_CAP = 500
FEED_PAST = timedelta(days=60)
FEED_AHEAD = timedelta(days=400)


@dataclass
class Row:
    starts_at: datetime
    ends_at: datetime
    title: str
    kind: str
    place: str
    leaders: list[str]
    organiser: str
    activity_id: int | None = None
    entry_id: int | None = None
    leader_ids: list[int] = field(default_factory=list)

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def weekday(self) -> str:
        return f"星期{WEEKDAYS[self.day.weekday()]}"


@dataclass
class Day:
    day: date
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def weekday(self) -> str:
        return f"星期{WEEKDAYS[self.day.weekday()]}"


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min)),
    )


def committee_activities(committee_id: int) -> Any:
    """The committee's own activities and those it co-organises (accepted), not cancelled."""
    own_or_joint = Q(committee_id=committee_id) | Q(
        co_organisers__partner_id=committee_id, co_organisers__state="accepted"
    )
    return Activity.objects.filter(own_or_joint).exclude(state=Activity.State.CANCELLED)


def schedule(committee_id: int, first: date, last: date) -> list[Day]:
    """The days from `first` to `last` with their rows in time order and each day's clashes."""
    start, end = _bounds(first, last)
    acts = list(
        committee_activities(committee_id)
        .filter(starts_at__lt=end, ends_at__gte=start)
        .select_related("committee", "organiser")
        .order_by("starts_at", "id")
        .distinct()[:ROW_CAP]
    )
    venues: dict[int, list[str]] = defaultdict(list)
    # Co-organisers' venues (分会场), read by lookup so that the joint app need not be imported.
    for activity_id, venue in (
        Activity.objects.filter(pk__in=[a.pk for a in acts])
        .filter(co_organisers__venue__gt="")
        .values_list("pk", "co_organisers__venue")
    ):
        venues[activity_id].append(venue)
    entries = list(
        Entry.objects.filter(committee_id=committee_id, starts_at__lt=end, ends_at__gte=start)
        .prefetch_related("leaders")
        .order_by("starts_at", "id")[:ROW_CAP]
    )
    attending: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for activity_id, user_id, name in (
        ActivityLeader.objects.filter(activity__in=acts)
        .order_by("user__display_name", "id")
        .values_list("activity_id", "user_id", "user__display_name")
    ):
        attending[activity_id].append((user_id, name))
    rows = [_activity_row(a, committee_id, venues[a.pk], attending[a.pk]) for a in acts]
    rows += [_entry_row(e) for e in entries]
    days: dict[date, Day] = {}
    d = first
    while d <= last:
        days[d] = Day(d)
        d += timedelta(days=1)
    for row in sorted(rows, key=lambda r: r.starts_at):
        if row.day in days:
            days[row.day].rows.append(row)
    invited: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for activity_id, person_id, name in Invitation.objects.filter(activity__in=acts).values_list(
        "activity_id", "member__person_id", "member__person__name"
    ):
        invited[activity_id].add(person_id)
        names[person_id] = name
    for day in days.values():
        day.warnings = _clashes(day.rows, invited, names)
    leader_ids = {u for r in rows for u in r.leader_ids}
    known = {f"a{r.activity_id}" for r in rows if r.activity_id} | {
        f"e{r.entry_id}" for r in rows if r.entry_id
    }
    for when, text in leader_overlaps(leader_engagements(leader_ids, start, end), committee_id, known):
        if when in days and text not in days[when].warnings:
            days[when].warnings.append(text)
    return list(days.values())


def _activity_row(a: Activity, committee_id: int, venues: list[str], leaders: list[tuple[int, str]]) -> Row:
    if a.organiser is not None:
        organiser = a.organiser.name
    else:
        organiser = "" if a.committee_id == committee_id else f"{a.committee.name}主办"
    place = "、".join([a.place or "线上", *venues])
    return Row(
        a.starts_at, a.ends_at, a.title, a.get_kind_display(), place, [n for _, n in leaders], organiser,
        activity_id=a.pk, leader_ids=[u for u, _ in leaders],
    )  # fmt: skip


def _entry_row(e: Entry) -> Row:
    users = list(e.leaders.all())
    return Row(
        e.starts_at, e.ends_at, e.title, e.get_kind_display(), e.place, [str(u) for u in users], e.organiser,
        entry_id=e.pk, leader_ids=[u.pk for u in users],
    )  # fmt: skip


@dataclass(frozen=True)
class Engagement:
    """One leader at one activity or entry, of any committee."""

    user_id: int
    leader: str
    starts_at: datetime
    ends_at: datetime
    title: str
    committee_id: int
    committee: str
    ref: str  # "a<activity id>" or "e<entry id>"


def leader_engagements(user_ids: set[int], start: datetime, end: datetime) -> list[Engagement]:
    """Everything these leaders attend between `start` and `end`, in every committee: activities
    any organiser named them for (not cancelled) and schedule entries. Two reads, whatever the
    number of rows."""
    if not user_ids:
        return []
    found = [
        Engagement(u, n, s, e, t, c, cn, f"a{pk}")
        for u, n, s, e, t, c, cn, pk in ActivityLeader.objects.filter(
            user_id__in=user_ids, activity__starts_at__lt=end, activity__ends_at__gt=start
        )
        .exclude(activity__state=Activity.State.CANCELLED)
        .values_list(
            "user_id", "user__display_name", "activity__starts_at", "activity__ends_at", "activity__title",
            "activity__committee_id", "activity__committee__name", "activity_id",
        )[:ROW_CAP]
    ]  # fmt: skip
    found += [
        Engagement(u, n, s, e, t, c, cn, f"e{pk}")
        for u, n, s, e, t, c, cn, pk in Entry.leaders.through.objects.filter(
            user_id__in=user_ids, entry__starts_at__lt=end, entry__ends_at__gt=start
        ).values_list(
            "user_id", "user__display_name", "entry__starts_at", "entry__ends_at", "entry__title",
            "entry__committee_id", "entry__committee__name", "entry_id",
        )[:ROW_CAP]
    ]  # fmt: skip
    # The same activity reached twice (named by two organisers) is one engagement.
    return sorted(set(found), key=lambda g: (g.user_id, g.starts_at, g.title))


def leader_overlaps(
    engagements: list[Engagement], viewer_committee_id: int, known: set[str], involving: str = ""
) -> list[tuple[date, str]]:
    """Each leader's engagements that overlap in time, as (day, warning); with `involving`, only
    the pairs that include that record. A record outside the viewer's own schedule (`known` refs
    and the viewer's own records) is named only as "某政协的一项安排", never by its title."""
    found: list[tuple[date, str]] = []
    by_leader: dict[int, list[Engagement]] = defaultdict(list)
    for g in engagements:
        by_leader[g.user_id].append(g)

    def name(g: Engagement) -> str:
        mine = g.committee_id == viewer_committee_id or g.ref in known
        return f"“{g.title}”" if mine else f"{g.committee}的一项安排"

    for items in by_leader.values():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b.starts_at >= a.ends_at:
                    break
                if involving and involving not in (a.ref, b.ref):
                    continue
                when = timezone.localtime(b.starts_at)
                found.append((when.date(), f"{a.leader}时间冲突：{name(a)}与{name(b)}（{when:%H:%M}）"))
    return found


def activity_leader_clashes(activity: Activity, viewer_committee_id: int) -> list[str]:
    """For the joint page: leaders attending the activity who are booked elsewhere at the same time,
    in any committee. A co-organiser sees its own leaders only; the host sees every organiser's."""
    rows = ActivityLeader.objects.filter(activity=activity)
    if viewer_committee_id != activity.committee_id:
        rows = rows.filter(committee_id=viewer_committee_id)
    user_ids = set(rows.values_list("user_id", flat=True))
    engagements = leader_engagements(user_ids, activity.starts_at, activity.ends_at)
    activity_ids = [int(g.ref[1:]) for g in engagements if g.ref.startswith("a")]
    known = {
        f"a{pk}"
        for pk in committee_activities(viewer_committee_id)
        .filter(pk__in=activity_ids)
        .values_list("pk", flat=True)
    }
    return [
        text
        for _, text in leader_overlaps(engagements, viewer_committee_id, known, involving=f"a{activity.pk}")
    ]


def _clashes(rows: list[Row], invited: dict[int, set[int]], names: dict[int, str]) -> list[str]:
    found: list[str] = []
    by_place: dict[str, int] = defaultdict(int)
    for r in rows:
        for place in {p for p in r.place.split("、") if p and p != "线上"}:
            by_place[place] += 1
    found += [f"场地“{p}”同日安排{n}项" for p, n in by_place.items() if n > 1]
    by_leader: dict[str, int] = defaultdict(int)
    for r in rows:
        for name in r.leaders:
            by_leader[name] += 1
    found += [f"{name}同日有{n}项安排" for name, n in sorted(by_leader.items()) if n > 1]
    seen: dict[int, int] = defaultdict(int)
    for r in rows:
        for person in invited.get(r.activity_id or 0, ()):
            seen[person] += 1
    doubled = sorted(names[p] for p, n in seen.items() if n > 1)
    if doubled:
        shown = "、".join(doubled[:5]) + ("等" if len(doubled) > 5 else "")
        found.append(f"{len(doubled)}名委员同日受邀参加多项活动：{shown}")
    return found


def person_feed(user: Any) -> list[Row]:
    """What the person's calendar shows: the activities he or she is invited to as a member of any
    committee (not cancelled), and the schedule entries he or she attends as a leader."""
    now = timezone.now()
    members = Member.objects.filter(person__user_id=user.pk).values("pk")
    acts = (
        Activity.objects.filter(invitations__member_id__in=members, starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_AHEAD)
        .exclude(state=Activity.State.CANCELLED)
        .select_related("committee")
        .distinct()
        .order_by("starts_at")[:ROW_CAP]
    )  # fmt: skip
    entries = Entry.objects.filter(
        leaders=user, starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_AHEAD
    ).order_by("starts_at")[:ROW_CAP]
    rows = [
        Row(a.starts_at, a.ends_at, a.title, a.get_kind_display(), a.place or a.video_link, [], a.committee.name,
            activity_id=a.pk)
        for a in acts
    ] + [Row(e.starts_at, e.ends_at, e.title, e.get_kind_display(), e.place, [], e.organiser, entry_id=e.pk) for e in entries]  # fmt: skip
    return sorted(rows, key=lambda r: r.starts_at)
