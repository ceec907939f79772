"""Publications on the home page: drafts with articles waiting to be numbered and sent (activity
staff). The link lists exactly the counted issues."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .models import Issue, IssueItem


def _to_send(user: Any, committee_id: int) -> QuerySet[Issue]:
    filled = IssueItem.objects.filter(committee_id=committee_id).values("issue_id")
    return Issue.objects.filter(committee_id=committee_id, state=Issue.State.DRAFT, pk__in=filled)


STAFF_TASKS = TaskList(Task("to_send", "待编号报送的刊物", "publications:index", _to_send))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    if Role.ACTIVITY_STAFF in roles_in(user, committee_id):
        return STAFF_TASKS.pending(user, committee_id, ["to_send"])
    return []
