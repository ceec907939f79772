"""Group exchange on the home page: the messages others sent in one's groups since one last read
them (未读消息 N). Its list is exactly those messages, each opening its conversation."""

from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.scope import roles_in

from . import selectors
from .permissions import DIRECTORY_ROLES

EXCHANGE_TASKS = TaskList(Task("unread", "未读消息", "exchange:index", selectors.unread_messages))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    if not roles_in(user, committee_id) & set(DIRECTORY_ROLES):
        return []
    return EXCHANGE_TASKS.pending(user, committee_id, ["unread"])
