"""The participation app's pending work on the home page: micro-suggestions to screen (the
office), to answer (a handling unit), to rate (the member), and a member's open studio
receptions. Each is a `Task` whose list page shows exactly the rows counted."""

from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in, unit_ids

from . import selectors
from .workflow import OFFICE

OFFICE_TASKS = TaskList(
    Task("to_screen", "待甄别交办的微建议", "participation:micro_office", selectors.to_screen)
)
UNIT_TASKS = TaskList(
    Task("to_answer", "待答复的微建议", "participation:micro_unit", selectors.to_answer, urgent=True)
)
MINE_TASKS = TaskList(Task("to_rate", "待评价的微建议答复", "participation:micro_mine", selectors.to_rate))
CAMPAIGN_TASKS = TaskList(
    Task("to_moderate", "待审核的建言", "participation:campaign_list", selectors.to_moderate)
)
RECEPTION_TASKS = TaskList(
    Task("open", "待处理的工作室接待", "participation:reception_mine", selectors.open_receptions)
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if roles & OFFICE:
        result += OFFICE_TASKS.pending(user, committee_id, ["to_screen"])
        result += CAMPAIGN_TASKS.pending(user, committee_id, ["to_moderate"])
    if unit_ids(user, committee_id):
        result += UNIT_TASKS.pending(user, committee_id, ["to_answer"])
    if Role.MEMBER in roles:
        result += MINE_TASKS.pending(user, committee_id, ["to_rate"])
        result += RECEPTION_TASKS.pending(user, committee_id, ["open"])
    return result
