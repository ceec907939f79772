"""Reads of the plenary's business that are more than a `get`."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhengxie.consultations.models import Activity, Invitation

from .models import AgendaItem, DiscussionGroup, GroupSeat, Speech, SpeechCall

T = Speech.State
# The order the collection prints in: oral speeches (delivered or to be delivered) by their
# order, then written ones.
SELECTED = (T.ORAL, T.DELIVERED, T.WRITTEN)


def plenaries(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.annotate(
        agenda=Count("agenda_items", distinct=True), groups=Count("discussion_groups", distinct=True)
    )


def agenda_of(activity: Activity) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(activity=activity).order_by("starts_at", "id")


def groups_of(activity: Activity) -> list[DiscussionGroup]:
    """The groups with their seated members and each member's speech count, in three queries."""
    groups = list(
        DiscussionGroup.objects.filter(activity=activity).select_related("convener__person").order_by("id")
    )
    seats = list(
        GroupSeat.objects.filter(activity=activity)
        .select_related("member__person", "member__sector")
        .order_by("member__person__name", "id")
    )
    spoken = dict(
        Invitation.objects.filter(activity=activity, member_id__in=[s.member_id for s in seats]).values_list(
            "member_id", "speeches"
        )
    )
    by_group: dict[int, list[GroupSeat]] = {g.pk: [] for g in groups}
    for seat in seats:
        seat.speeches = spoken.get(seat.member_id, 0)  # type: ignore[attr-defined]
        by_group[seat.group_id].append(seat)
    for g in groups:
        g.seated = by_group[g.pk]  # type: ignore[attr-defined]
    return groups


def my_group(activity: Activity, member_ids: list[int]) -> GroupSeat | None:
    return (
        GroupSeat.objects.filter(activity=activity, member_id__in=member_ids)
        .select_related("group", "group__convener__person")
        .first()
    )


def unseated_invitations(activity: Activity) -> QuerySet[Invitation]:
    seated = GroupSeat.objects.filter(activity=activity).values("member_id")
    return (
        Invitation.objects.filter(activity=activity)
        .exclude(member_id__in=seated)
        .select_related("member__person", "member__sector")
        .order_by("member__person__name", "id")
    )


def speeches_of(call: SpeechCall, state: str = "") -> QuerySet[Speech]:
    qs = Speech.objects.filter(call=call).select_related("author__person", "unit", "special_committee")
    return qs.filter(state=state) if state else qs


def speech_counts(call: SpeechCall) -> dict[str, int]:
    return Speech.objects.filter(call=call).aggregate(
        total=Count("id", filter=~Q(state=T.WITHDRAWN)),
        waiting=Count("id", filter=Q(state=T.SUBMITTED)),
        oral=Count("id", filter=Q(state__in=[T.ORAL, T.DELIVERED])),
        written=Count("id", filter=Q(state=T.WRITTEN)),
    )


def collection(call: SpeechCall) -> list[Speech]:
    rows = list(
        Speech.objects.filter(call=call, state__in=SELECTED).select_related(
            "author__person", "author__sector", "unit", "special_committee"
        )
    )
    oral = sorted((s for s in rows if s.state != T.WRITTEN), key=lambda s: (s.order or 999, s.pk))
    written = sorted((s for s in rows if s.state == T.WRITTEN), key=lambda s: s.pk)
    return oral + written


def my_speeches(member_ids: list[int]) -> QuerySet[Speech]:
    return Speech.objects.filter(author_id__in=member_ids).select_related("call__activity")


def open_calls_for(member_ids: list[int], committee_id: int | None = None) -> QuerySet[SpeechCall]:
    """Calls still open for plenaries the member is invited to."""
    invited = Invitation.objects.filter(member_id__in=member_ids).values("activity_id")
    qs = SpeechCall.objects.filter(activity_id__in=invited, closes_at__gt=timezone.now()).exclude(
        activity__state=Activity.State.CANCELLED
    )
    if committee_id is not None:
        qs = qs.filter(committee_id=committee_id)
    return qs
