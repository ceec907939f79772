"""The notices' part of the home page (工作台): unread messages, and announcements and briefings
the member has not read yet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .announcements import unread
from .selectors import unread_count

ANNOUNCEMENT_TASKS = TaskList(Task("unread", "未读的通知公告和通报", "notices:announcements", unread))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    count = unread_count(user)
    items = [PendingItem("未读消息", count, reverse("notices:inbox"))] if count else []
    if Role.MEMBER in roles_in(user, committee_id):  # announcements go to members
        items += ANNOUNCEMENT_TASKS.pending(user, committee_id, ["unread"])
    return items
