"""Reads of joint activities: a committee's list (hosted with co-organisers, and co-organised),
the organisers of an activity, a co-organiser's own members' invitations, the year's tally, and
clashes of a joint activity's members and venues with other activities of any organiser."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from zhengxie.consultations.models import Activity, Invitation, Outcome
from zhengxie.org.models import Member, ParticipatingUnit

from .models import CoOrganiser

C = CoOrganiser.State
LIVE = (C.INVITED, C.ACCEPTED)
CLASH_CAP = 20


def joint_activities(committee_id: int) -> QuerySet[Activity]:
    """Activities the committee hosts with co-organisers, and those it co-organises (or is invited
    to), with the organisers prefetched."""
    hosted = Q(committee_id=committee_id, pk__in=CoOrganiser.objects.values("activity_id"))
    partnered = Q(
        pk__in=CoOrganiser.objects.filter(partner_id=committee_id, state__in=LIVE).values("activity_id")
    )
    return (
        Activity.objects.filter(hosted | partnered)
        .select_related("committee")
        .prefetch_related(
            Prefetch("co_organisers", queryset=CoOrganiser.objects.select_related("partner", "unit"))
        )
    )


def to_answer(committee_id: int) -> QuerySet[Activity]:
    """Invitations to co-organise waiting for this committee's answer."""
    return Activity.objects.filter(
        state=Activity.State.PLANNED,
        pk__in=CoOrganiser.objects.filter(partner_id=committee_id, state=C.INVITED).values("activity_id"),
    )


def to_invite(committee_id: int) -> QuerySet[Activity]:
    """Joint activities still to come that the committee co-organises but has invited none of
    its members to."""
    return Activity.objects.filter(
        state=Activity.State.PLANNED,
        starts_at__gte=timezone.now(),
        pk__in=CoOrganiser.objects.filter(partner_id=committee_id, state=C.ACCEPTED).values("activity_id"),
    ).exclude(pk__in=Invitation.objects.filter(member__committee_id=committee_id).values("activity_id"))


def unit_members(unit: ParticipatingUnit) -> QuerySet[Member]:
    """A party's or people's organisation's own members: the serving members of its committee
    seated in the sector the unit nominates (`ParticipatingUnit.sector`); none until the office
    names that sector."""
    if unit.sector_id is None:
        return Member.objects.none()
    return Member.objects.filter(committee_id=unit.committee_id, sector_id=unit.sector_id, is_active=True)


def unit_activities(unit: ParticipatingUnit) -> QuerySet[Activity]:
    """The joint activities a party or organisation co-organises (its liaison's list), with the
    organisers prefetched."""
    return (
        Activity.objects.filter(pk__in=CoOrganiser.objects.filter(unit=unit).values("activity_id"))
        .select_related("committee")
        .prefetch_related(
            Prefetch("co_organisers", queryset=CoOrganiser.objects.select_related("partner", "unit"))
        )
    )


def unit_to_invite(unit: ParticipatingUnit) -> QuerySet[Activity]:
    """Joint activities still to come that the unit co-organises and none of its members is
    invited to yet (its liaison's home-page task)."""
    return Activity.objects.filter(
        state=Activity.State.PLANNED,
        starts_at__gte=timezone.now(),
        pk__in=CoOrganiser.objects.filter(unit=unit).values("activity_id"),
    ).exclude(pk__in=Invitation.objects.filter(member__in=unit_members(unit)).values("activity_id"))


def unit_invitations(activity: Activity, unit: ParticipatingUnit) -> QuerySet[Invitation]:
    """The invitations of a unit's own members to the activity (its liaison's sign-in list)."""
    if unit.sector_id is None:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            activity=activity,
            member__committee_id=unit.committee_id,
            member__sector_id=unit.sector_id,
            member__is_active=True,
        )
        .select_related("member__person", "member__sector")
        .order_by("member__person__name", "id")
    )


def organisers(activity: Activity) -> list[CoOrganiser]:
    return list(
        CoOrganiser.objects.filter(activity=activity).select_related("partner", "unit", "answered_by")
    )


def own_invitations(activity: Activity, committee_id: int) -> QuerySet[Invitation]:
    """The invitations of one committee's members to the activity (its sign-in list)."""
    return (
        Invitation.objects.filter(activity=activity, member__committee_id=committee_id)
        .select_related("member__person", "member__sector")
        .order_by("member__person__name", "id")
    )


def attendance_by_committee(activity: Activity) -> dict[int, dict[str, int]]:
    """Invited and present per members' committee, for the host's overview."""
    rows = (
        Invitation.objects.filter(activity=activity)
        .values("member__committee_id")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(attendance="present")))
    )
    return {r["member__committee_id"]: {"invited": r["invited"], "present": r["present"]} for r in rows}


def shared_outcomes(activity: Activity) -> list[Outcome]:
    """The submitted outcomes of the activity's consultation: they belong to every organiser."""
    if activity.consultation_id is None:
        return []
    return list(
        Outcome.objects.filter(consultation_id=activity.consultation_id, submitted_at__isnull=False).order_by(
            "id"
        )
    )


def year_tally(committee_id: int, year: int) -> dict[str, int]:
    """The committee's joint work of the year: activities it hosted with co-organisers, activities
    it co-organised, its members' attendances at them, and the outcomes they produced."""
    in_year = Q(starts_at__year=year) & ~Q(state=Activity.State.CANCELLED)
    hosted = Activity.objects.filter(
        in_year, committee_id=committee_id, co_organisers__isnull=False
    ).distinct()
    partnered = Activity.objects.filter(
        in_year, co_organisers__partner_id=committee_id, co_organisers__state=C.ACCEPTED
    )
    both = Activity.objects.filter(Q(pk__in=hosted.values("pk")) | Q(pk__in=partnered.values("pk")))
    return {
        "hosted": hosted.count(),
        "partnered": partnered.count(),
        "present": Invitation.objects.filter(
            activity__in=both.values("pk"), member__committee_id=committee_id, attendance="present"
        ).count(),
        "outcomes": Outcome.objects.filter(
            consultation_id__in=both.exclude(consultation__isnull=True).values("consultation_id"),
            submitted_at__isnull=False,
        ).count(),
    }


def _day_window(activity: Activity) -> tuple[datetime, datetime]:
    first = timezone.localtime(activity.starts_at).date()
    last = timezone.localtime(activity.ends_at).date()
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return start, end


def clashes(activity: Activity, viewer_committee_id: int) -> list[str]:
    """What else, in any organiser's committee, overlaps the joint activity in time and shares an
    invited member or a venue (the host's place or a co-organiser's 分会场).

    A co-organiser sees only its own members' clashes and its own venue's, and an activity of
    another committee only by that committee's name — never the host's other records."""
    rows = organisers(activity)
    committees = {activity.committee_id} | {r.partner_id for r in rows if r.partner_id}
    is_host = viewer_committee_id == activity.committee_id
    start, end = _day_window(activity)
    others = (
        Activity.objects.filter(committee_id__in=committees, starts_at__lt=end, ends_at__gt=start)
        .exclude(pk=activity.pk)
        .exclude(state=Activity.State.CANCELLED)
        .select_related("committee")
    )
    others_list = list(others.order_by("starts_at", "id")[:200])
    if not others_list:
        return []
    mine = Invitation.objects.filter(activity=activity)
    if not is_host:
        mine = mine.filter(member__committee_id=viewer_committee_id)
    people = dict(mine.values_list("member__person_id", "member__person__name"))
    busy: dict[int, set[int]] = defaultdict(set)
    for activity_id, person_id in Invitation.objects.filter(
        activity__in=others_list, member__person_id__in=list(people)
    ).values_list("activity_id", "member__person_id"):
        busy[activity_id].add(person_id)
    places = {activity.place} if is_host and activity.place else set()
    places |= {r.venue for r in rows if r.venue and (is_host or r.partner_id == viewer_committee_id)}
    found: list[str] = []
    for other in others_list:
        name = (
            f"“{other.title}”"
            if other.committee_id == viewer_committee_id
            else f"{other.committee}的一项活动"
        )
        when = f"{timezone.localtime(other.starts_at):%m-%d %H:%M}"
        if busy.get(other.pk):
            who = "、".join(sorted(people[p] for p in busy[other.pk]))
            found.append(f"{who}同日另有安排：{name}（{when}）")
        if other.place and other.place in places:
            found.append(f"场地“{other.place}”同日另有{name}（{when}）")
        if len(found) >= CLASH_CAP:
            break
    return found
