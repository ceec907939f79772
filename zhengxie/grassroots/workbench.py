"""Grassroots pending items on the home page, for a convener: platform consultations under way on
the group's platforms, and problems the people raised still waiting for an outcome."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengxie.consultations.models import Platform
from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .models import Problem, Record
from .permissions import convened_platforms


def _records(user: Any, committee_id: int) -> QuerySet[Platform]:
    open_ = Record.objects.filter(committee_id=committee_id, finished=False)
    return convened_platforms(user, committee_id).filter(pk__in=open_.values("platform_id"))


def _problems(user: Any, committee_id: int) -> QuerySet[Platform]:
    raised = Problem.objects.filter(committee_id=committee_id, state=Problem.State.RAISED)
    return convened_platforms(user, committee_id).filter(pk__in=raised.values("platform_id"))


TASKS = TaskList(
    Task("records", "协商进行中的平台", "grassroots:index", _records),
    Task("problems", "有待办结群众问题的平台", "grassroots:index", _problems, urgent=True),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    if Role.CONVENER not in roles_in(user, committee_id):
        return []
    return TASKS.pending(user, committee_id, ["records", "problems"])
