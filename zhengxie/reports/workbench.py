"""The home page (工作台): each app contributes the pending items of the user's roles.

The providers are listed here explicitly, one `<app>/workbench.py` per app, so a reader sees every source of
pending work in one place. A provider returns `PendingItem`s for the user in one committee and
must run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhengxie.lib.pending import PendingItem

Provider = Callable[[Any, int], list[PendingItem]]


def _providers() -> list[Provider]:
    from zhengxie.accounts import workbench as accounts
    from zhengxie.audit import workbench as audit
    from zhengxie.notices import workbench as notices
    from zhengxie.org import workbench as org

    return [notices.pending_items, org.pending_items, accounts.pending_items, audit.pending_items]


def pending_items(user: Any, committee_id: int | None) -> list[PendingItem]:
    if committee_id is None:
        return []
    items: list[PendingItem] = []
    for provider in _providers():
        items.extend(provider(user, committee_id))
    return items
