from __future__ import annotations

from typing import Any

from zhengxie.lib.pending import PendingItem


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    return []
