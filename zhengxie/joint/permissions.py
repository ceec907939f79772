"""Who sees a joint activity, and as which side.

The host committee's office (activity staff, leaders) sees its activity and every co-organiser.
A co-organising committee's office sees the activity on the joint page only — never the host's
activity page, invitation list or other records — with its own members' invitations and
attendance, and the outcomes that belong to every organiser. The side is read from the current
committee, so a person working for two committees sees each side in its own committee. A
declined invitation, or a committee that is no co-organiser, is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from zhengxie.consultations.models import Activity
from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .models import CoOrganiser


@dataclass(frozen=True)
class Side:
    committee_id: int
    is_host: bool
    row: CoOrganiser | None  # the co-organiser row of a partner committee
    can_act: bool  # activity staff (a leader reads)


def get_joint_for_user(user: Any, pk: Any, committee_id: int) -> tuple[Activity, Side]:
    if not has_role(user, committee_id, *OFFICE_ROLES):
        raise Http404("未找到该记录")
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
