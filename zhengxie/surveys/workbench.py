"""Surveys on the home page: open questionnaires the person is asked and has not answered."""

from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem, Task, TaskList

from . import selectors

TASKS = TaskList(Task("to_answer", "待填写的问卷", "surveys:index", selectors.to_answer, urgent=False))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    return TASKS.pending(user, committee_id, ["to_answer"])
