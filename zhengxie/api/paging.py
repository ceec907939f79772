"""Keyset pages for API lists: newest first, `after` = the last id the client has seen."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)


def keyset(rows: QuerySet[M], after: int | None, limit: int) -> tuple[list[M], int | None]:
    """(this page's rows, the `after` value of the next page or None on the last page)."""
    if after:
        rows = rows.filter(id__lt=after)
    page = list(rows.order_by("-id")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return page, (page[-1].pk if more else None)
