"""Keyset pagination with a capped count (DESIGN §4 "Pages"): never a deep OFFSET, never an
unbounded COUNT(*). Pages move by the last id seen (`?after=<id>`), newest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models
from django.http import HttpRequest, QueryDict

T = TypeVar("T", bound=models.Model)

PAGE_SIZE = 20
COUNT_CAP = 1000


@dataclass
class KeysetPage(Generic[T]):
    items: list[T]
    next_after: int | None  # id to pass as ?after= for the next page, None on the last page
    total: int  # exact up to COUNT_CAP
    total_capped: bool  # True when there are more than COUNT_CAP rows
    query: QueryDict = field(default_factory=QueryDict)

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.total_capped else str(self.total)

    def next_query(self) -> str:
        """The current filters plus ?after= for the next page."""
        params = self.query.copy()
        params["after"] = str(self.next_after)
        return params.urlencode()


def keyset_page(
    request: HttpRequest, queryset: models.QuerySet[T], *, page_size: int = PAGE_SIZE, count: bool = True
) -> KeysetPage[T]:
    """One page of `queryset` ordered by descending id, starting after `?after=`."""
    after_raw = request.GET.get("after", "")
    qs = queryset.order_by("-id")
    total, capped = 0, False
    if count:
        # Counting over a sliced subquery stops at COUNT_CAP + 1 rows instead of scanning them all.
        total = queryset.order_by().values("id")[: COUNT_CAP + 1].count()
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
    if after_raw.isdigit():
        qs = qs.filter(id__lt=int(after_raw))
    rows = list(qs[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    query = request.GET.copy()
    query.pop("after", None)
    return KeysetPage(
        items=rows,
        next_after=rows[-1].pk if has_more and rows else None,
        total=total,
        total_capped=capped,
        query=query,
    )


def page_context(page: KeysetPage[Any]) -> dict[str, Any]:
    return {"page": page, "items": page.items}
