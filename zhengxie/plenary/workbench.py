"""The plenary's pending items on the home page: speeches waiting for review and oral speeches to
mark delivered after the plenary (activity staff); returned speeches to revise and open calls for
speeches not yet answered (member). Each item's link lists exactly the counted rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhengxie.consultations.permissions import my_member_ids
from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .models import Speech, SpeechCall
from .selectors import open_calls_for

T = Speech.State


def _to_review(user: Any, committee_id: int) -> QuerySet[Speech]:
    return Speech.objects.filter(committee_id=committee_id, state=T.SUBMITTED)


def _to_mark_delivered(user: Any, committee_id: int) -> QuerySet[Speech]:
    return Speech.objects.filter(
        committee_id=committee_id, state=T.ORAL, call__activity__starts_at__lte=timezone.now()
    )


def _returned(user: Any, committee_id: int) -> QuerySet[Speech]:
    return Speech.objects.filter(
        committee_id=committee_id, author_id__in=my_member_ids(user), state=T.RETURNED
    )


def _open_calls(user: Any, committee_id: int) -> QuerySet[SpeechCall]:
    mine = my_member_ids(user)
    answered = Speech.objects.filter(author_id__in=mine).exclude(state=T.WITHDRAWN).values("call_id")
    return open_calls_for(mine, committee_id).exclude(pk__in=answered)


STAFF_TASKS = TaskList(
    Task("review", "待审核的大会发言", "plenary:speech_list", _to_review),
    Task("deliver", "待登记是否已大会发言", "plenary:speech_list", _to_mark_delivered),
)
MEMBER_TASKS = TaskList(
    Task("returned", "退回修改的大会发言", "plenary:my_speeches", _returned, urgent=True),
    Task("open_calls", "正在征集的大会发言", "plenary:my_speeches", _open_calls),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if Role.ACTIVITY_STAFF in roles:
        result += STAFF_TASKS.pending(user, committee_id, ["review", "deliver"])
    if Role.MEMBER in roles:
        result += MEMBER_TASKS.pending(user, committee_id, ["returned", "open_calls"])
    return result
