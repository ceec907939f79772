"""Topic groups on the home page: open groups a member has not spoken in yet, and suggestions the
office has distilled but not yet sent on. Both are `Task`s whose list is exactly the rows counted."""

from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from . import selectors

GROUP_TASKS = TaskList(
    Task("unposted", "进行中的主题议政群（尚未发言）", "groups:index", selectors.unposted),
)
SUGGESTION_TASKS = TaskList(
    Task("draft", "待报送的议政建议", "groups:suggestion_list", selectors.draft_suggestions),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if Role.MEMBER in roles:
        result += GROUP_TASKS.pending(user, committee_id, ["unposted"])
    if roles & {Role.ACTIVITY_STAFF, Role.INFO_STAFF}:
        result += SUGGESTION_TASKS.pending(user, committee_id, ["draft"])
    return result
