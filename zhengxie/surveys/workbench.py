"""Surveys on the home page: open questionnaires the person is asked and has not answered."""

from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import roles_in

from . import selectors

TASKS = TaskList(Task("to_answer", "待填写的问卷", "surveys:index", selectors.to_answer, urgent=False))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    # Only members and handling units' accounts are ever asked: nobody else pays for the lookup.
    if not roles_in(user, committee_id) & (UNIT_ROLES | {Role.MEMBER}):
        return []
    return TASKS.pending(user, committee_id, ["to_answer"])
