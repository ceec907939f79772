"""Query-count checks shared by the list and detail tests: a page must cost the same number of
queries whatever the number of rows behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client: Any, url: str) -> int:
    """Queries of one GET of `url`, after a warm-up GET (which may load the session, open the
    committee-year or create a committee's default lists once)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def same_for_few_and_many(
    client: Any, url: str, add: Callable[[int], object], *, few: int = 2, many: int = 20
) -> int:
    """Add `few` rows, count the page's queries, add up to `many`, count again: the two counts
    must be equal. Returns the count."""
    add(few)
    before = queries(client, url)
    add(many - few)
    after = queries(client, url)
    assert before == after, f"{before} queries for {few} rows, {after} for {many}"
    return after
