"""The notices' part of the home page (工作台)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.pending import PendingItem

from .selectors import unread_count


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    count = unread_count(user)
    return [PendingItem("未读消息", count, reverse("notices:inbox"))] if count else []
