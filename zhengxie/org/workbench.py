from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.jobs import troubled
from zhengxie.lib.pending import PendingItem
from zhengxie.lib.workdays import years_needing_entry, years_to_check

from .models import Member
from .roles import Role
from .scope import has_role


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    items: list[PendingItem] = []
    if has_role(user, committee_id, Role.SYSADMIN):
        for year in years_needing_entry(years_to_check()):
            items.append(
                PendingItem(f"节假日安排待录入：{year}年", 1, reverse("org:holiday_list"), urgent=True)
            )
        # Counted over at most 1 000 rows: a capped count, never a scan of a whole province.
        count = (
            Member.objects.filter(committee_id=committee_id, is_active=True, person__user__isnull=True)
            .values("id")[:1000]
            .count()
        )
        if count:
            items.append(PendingItem("委员未开通账号", count, reverse("org:member_list") + "?account=none"))
        stuck = len(troubled(committee_id=committee_id))
        if stuck:
            items.append(PendingItem("失败或卡住的后台任务", stuck, reverse("org:job_list"), urgent=True))
    return items
