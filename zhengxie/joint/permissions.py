"""Who sees a joint activity, and as which side.

The host committee's office (activity staff, leaders) sees its activity and every co-organiser.
A co-organising committee's office sees the activity on the joint page only — never the host's
activity page, invitation list or other records — with its own members' invitations and
attendance, and the outcomes that belong to every organiser. The side is read from the current
committee, so a person working for two committees sees each side in its own committee. A
declined invitation, or a committee that is no co-organiser, is 404.

A party's or people's organisation's liaison (`Role.UNIT_LIAISON`, held in the host committee for
one participating unit) sees only the activities its unit co-organises, on the joint page, with its
own members' invitations and the shared outcomes; any other activity of the host is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.org.models import ParticipatingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, liaison_unit_ids

from . import selectors
from .models import CoOrganiser


@dataclass(frozen=True)
class Side:
    committee_id: int
    is_host: bool
    row: CoOrganiser | None  # the co-organiser row of a partner committee
    can_act: bool  # activity staff (a leader reads)
    unit: ParticipatingUnit | None = None  # the party or organisation a liaison works for


def liaison_unit(user: Any, committee_id: int | None) -> ParticipatingUnit | None:
    """The participating unit the user is liaison for in the committee (one at most: a role is
    held once per committee)."""
    ids = liaison_unit_ids(user, committee_id)
    if not ids:
        return None
    return ParticipatingUnit.objects.filter(pk__in=ids).select_related("sector").first()


def get_joint_for_user(user: Any, pk: Any, committee_id: int) -> tuple[Activity, Side]:
    if not has_role(user, committee_id, *OFFICE_ROLES):
        return _unit_side(user, pk, committee_id)
    activity = Activity.objects.filter(pk=pk).select_related("committee", "consultation").first()
    if activity is None:
        raise Http404("未找到该记录")
    can_act = has_role(user, committee_id, Role.ACTIVITY_STAFF)
    if activity.committee_id == committee_id:
        return activity, Side(committee_id, True, None, can_act)
    row = (
        CoOrganiser.objects.filter(activity=activity, partner_id=committee_id)
        .exclude(state=CoOrganiser.State.DECLINED)
        .first()
    )
    if row is None:
        raise Http404("未找到该记录")
    row.activity = activity
    return activity, Side(committee_id, False, row, can_act)


def _unit_side(user: Any, pk: Any, committee_id: int) -> tuple[Activity, Side]:
    unit = liaison_unit(user, committee_id)
    if unit is None or not str(pk).isdigit():
        raise Http404("未找到该记录")
    row = (
        CoOrganiser.objects.filter(activity_id=pk, unit=unit, committee_id=committee_id)
        .select_related("activity__committee", "activity__consultation")
        .first()
    )
    if row is None:
        raise Http404("未找到该记录")
    return row.activity, Side(committee_id, False, row, True, unit)


def side_invitations(activity: Activity, side: Side) -> QuerySet[Invitation]:
    """The invitations a side works on: a co-organising committee's members, a liaison's unit's
    members (the host's own list is on its activity page)."""
    if side.unit is not None:
        return selectors.unit_invitations(activity, side.unit)
    return selectors.own_invitations(activity, side.committee_id)
