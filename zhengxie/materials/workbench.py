"""Meeting materials on the home page: a member's coming meetings that carry an agenda or
documents (会议材料), listed on the materials page."""

from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from . import selectors

TASKS = TaskList(Task("upcoming", "近期会议的会议材料", "materials:index", selectors.upcoming))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    if Role.MEMBER not in roles_in(user, committee_id):
        return []
    return TASKS.pending(user, committee_id, ["upcoming"])
