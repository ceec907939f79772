"""委员学习's pending items on the home page: a member's required courses not yet finished (a
`Task` whose list is exactly the rows counted). Staff reach the library, plans, notes and figures
through the shortcuts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .models import Assignment


def _due(user: Any, committee_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        committee_id=committee_id, member__person__user_id=user.pk, done_at__isnull=True
    ).order_by("due_on", "id")


MINE_TASKS = TaskList(Task("due", "待完成的学习课程", "learning:mine", _due))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if Role.MEMBER in roles:
        result += MINE_TASKS.pending(user, committee_id, ["due"])
    return result
