"""Synthetic group exchange for `manage.py seed` (benchmarks, via settings.SEEDERS): per committee
the exchange settings and one office work group owned by the committee's seeded staff account,
with MESSAGES_PER_GROUP messages (benchmark data, not anyone's action: bulk-created without audit
events)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import ExchangeSettings, Group, GroupMember, Message

BATCH = 2000
MESSAGES_PER_GROUP = 60
LINES = (
    "请各位查收会议通知。",
    "调研提纲已上传，请提意见。",
    "收到。",
    "明天上午九点集合出发。",
    "材料已修改完毕。",
)


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    start = timezone.now() - timedelta(days=30)
    with transaction.atomic():
        ExchangeSettings.objects.bulk_create(
            (ExchangeSettings(committee_id=c) for c in staff), batch_size=BATCH, ignore_conflicts=True
        )
        groups = Group.objects.bulk_create(
            Group(committee_id=c, name="机关工作群", kind=Group.Kind.WORK, owner_id=u, member_count=1)
            for c, u in staff.items()
        )
        GroupMember.objects.bulk_create(
            (GroupMember(group=g, user_id=g.owner_id) for g in groups), batch_size=BATCH
        )
        messages = Message.objects.bulk_create(
            (
                Message(
                    group=g,
                    committee_id=g.committee_id,
                    author_id=g.owner_id,
                    body=rng.choice(LINES),
                )
                for g in groups
                for _ in range(MESSAGES_PER_GROUP)
            ),
            batch_size=BATCH,
        )
        last: dict[int, int] = {}
        for m in messages:
            last[m.group_id] = max(last.get(m.group_id, 0), m.pk)
        for g in groups:
            g.last_message_id, g.last_message_at = last.get(g.pk, 0), start
        Group.objects.bulk_update(groups, ["last_message_id", "last_message_at"], batch_size=BATCH)
