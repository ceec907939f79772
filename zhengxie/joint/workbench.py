"""Joint activities' pending items on the home page, for a committee's activity staff: an
invitation to co-organise waiting for the answer, and a joint activity to come that the committee
co-organises but has invited none of its members to; for a party's or people's organisation's
liaison, a joint activity to come that the unit co-organises and none of its members is invited to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengxie.consultations.models import Activity
from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from . import selectors
from .permissions import liaison_unit


def _to_answer(user: Any, committee_id: int) -> QuerySet[Activity]:
    return selectors.to_answer(committee_id)


def _to_invite(user: Any, committee_id: int) -> QuerySet[Activity]:
    return selectors.to_invite(committee_id)


def _unit_to_invite(user: Any, committee_id: int) -> QuerySet[Activity]:
    unit = liaison_unit(user, committee_id)
    return selectors.unit_to_invite(unit) if unit is not None else Activity.objects.none()


TASKS = TaskList(
    Task("to_answer", "待确认的联办邀请", "joint:list", _to_answer, urgent=True),
    Task("to_invite", "联办活动待邀请本会委员", "joint:list", _to_invite),
    Task("unit_to_invite", "联办活动待邀请本党派团体委员", "joint:list", _unit_to_invite),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    keys = []
    if Role.ACTIVITY_STAFF in roles:
        keys += ["to_answer", "to_invite"]
    if Role.UNIT_LIAISON in roles:
        keys.append("unit_to_invite")
    return TASKS.pending(user, committee_id, keys)
