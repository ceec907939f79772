"""Work waiting for a person, shown on the home page (工作台).

A `Task` is one kind of pending work (待签收的督办事项, 待会签的提案答复 …). It names ONE selector
that gives both the count on the home page and the rows of the list its link opens: the link is
the list page with `?task=<key>`, and the list view shows exactly `task.rows(user, committee_id)`
(`TaskList.chosen`). The count and the list cannot disagree because they are the same queryset.

Each app declares its tasks next to its selectors and offers them by role in its `workbench.py`;
reports/workbench.py lists the apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

# Counts on the home page stop here, like the lists' capped counts (lib.pagination).
COUNT_CAP = 1000
PARAM = "task"

Selector = Callable[[Any, int], "QuerySet[Any]"]


@dataclass(frozen=True)
class PendingItem:
    label: str  # what kind of work, e.g. "待签收的督办事项"
    count: int
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class Task:
    """One kind of pending work: its label, the list page that shows it and the rows it counts."""

    key: str
    label: str
    url_name: str
    select: Selector
    urgent: bool = False

    def url(self) -> str:
        return f"{reverse(self.url_name)}?{PARAM}={self.key}"

    def rows(self, user: Any, committee_id: int) -> QuerySet[Any]:
        return self.select(user, committee_id)

    def count(self, user: Any, committee_id: int) -> int:
        return self.rows(user, committee_id).order_by().values("pk")[:COUNT_CAP].count()

    def pending(self, user: Any, committee_id: int) -> PendingItem | None:
        """The home-page line, or None when nothing waits."""
        n = self.count(user, committee_id)
        return PendingItem(self.label, n, self.url(), self.urgent) if n else None


class TaskList:
    """The tasks one list page can show, by key."""

    def __init__(self, *tasks: Task) -> None:
        self.by_key = {t.key: t for t in tasks}

    def __getitem__(self, key: str) -> Task:
        return self.by_key[key]

    def pending(self, user: Any, committee_id: int, keys: Iterable[str]) -> list[PendingItem]:
        items = (self.by_key[k].pending(user, committee_id) for k in keys)
        return [item for item in items if item is not None]

    def chosen(self, request: HttpRequest) -> Task | None:
        """The task the page was opened for (`?task=`), None without one; an unknown key is 404."""
        key = request.GET.get(PARAM)
        if not key:
            return None
        if key not in self.by_key:
            raise Http404
        return self.by_key[key]
