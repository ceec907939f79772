"""Who sees what of the plenary's business.

Activity staff and leaders see every plenary of their committee with its agenda, groups, call
and every speech. A member sees the plenaries he or she is invited to (agenda, groups, the call)
and only his or her own speeches. Anything else is 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhengxie.consultations.models import Activity
from zhengxie.consultations.permissions import OFFICE_ROLES, activities_visible, my_member_ids
from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids, get_for_user, has_role

from .models import GroupSeat, Speech, SpeechCall


def is_office(user: Any, committee_id: int | None) -> bool:
    return has_role(user, committee_id, *OFFICE_ROLES)


def is_staff(user: Any, committee_id: int | None) -> bool:
    return has_role(user, committee_id, Role.ACTIVITY_STAFF)


def plenaries_visible(user: Any) -> QuerySet[Activity]:
    return activities_visible(user, Activity.objects.filter(kind=Activity.Kind.PLENARY))


def get_plenary_for_user(user: Any, pk: Any) -> Activity:
    return get_for_user(plenaries_visible(user), user, pk)  # type: ignore[arg-type]


def calls_visible(user: Any) -> QuerySet[SpeechCall]:
    return SpeechCall.objects.filter(activity__in=plenaries_visible(user).values("pk"))


def get_call_for_user(user: Any, pk: Any) -> SpeechCall:
    return get_for_user(calls_visible(user).select_related("activity"), user, pk)  # type: ignore[arg-type]


def speeches_visible(user: Any, qs: QuerySet[Speech] | None = None) -> QuerySet[Speech]:
    qs = Speech.objects.all() if qs is None else qs
    office = committee_ids(user, OFFICE_ROLES)
    reach = Q(committee_id__in=office) if office else None
    mine = my_member_ids(user)
    if mine:
        reach = Q(author_id__in=mine) if reach is None else reach | Q(author_id__in=mine)
    return qs.none() if reach is None else qs.filter(reach)


def get_speech_for_user(user: Any, pk: Any) -> Speech:
    qs = speeches_visible(user).select_related(
        "call__activity", "author__person", "author__sector", "unit", "special_committee"
    )
    return get_for_user(qs, user, pk)  # type: ignore[arg-type]


def get_seat_for_staff(user: Any, pk: Any) -> GroupSeat:
    seat = get_for_user(
        GroupSeat.objects.select_related("group", "member__person"), user, pk, [Role.ACTIVITY_STAFF]
    )
    return seat
