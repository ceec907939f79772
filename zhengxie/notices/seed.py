"""Synthetic announcements for `manage.py seed` (via settings.SEEDERS): per committee six
announcements this year to every member with an account, half of the receipts read. Bulk-created
without audit events (benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role

from .models import Announcement, Receipt

PER_COMMITTEE = 6


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    now = timezone.now()
    with transaction.atomic():
        for committee_id, user_id in staff.items():
            readers = list(
                Member.objects.filter(committee_id=committee_id, person__user__isnull=False).values_list(
                    "person__user_id", "person__name"
                )
            )
            for i in range(PER_COMMITTEE):
                a = Announcement.objects.create(
                    committee_id=committee_id,
                    kind="briefing" if i % 2 else "notice",
                    title=f"第{i + 1}号通知公告",
                    body="请各位委员知悉。",
                    required=i % 3 == 0,
                    recipients=len(readers),
                    published_by_id=user_id,
                    published_at=now - timedelta(days=rng.randint(0, 200)),
                )
                Receipt.objects.bulk_create(
                    (
                        Receipt(
                            announcement=a, user_id=u, name=n, read_at=now if rng.random() < 0.5 else None
                        )
                        for u, n in readers
                    ),
                    batch_size=2000,
                )
