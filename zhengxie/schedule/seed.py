"""Synthetic forward schedules for `manage.py seed`: per committee a dozen entries over the coming
month. Bulk-created (benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Entry

PER_COMMITTEE = 12
KINDS = [k.value for k in Entry.Kind]


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee_id__in=[c.pk for c in result.committees], role=Role.ACTIVITY_STAFF
        ).values_list("committee_id", "user_id")
    )
    today = timezone.localdate()
    rows = []
    for committee_id, user_id in staff.items():
        for i in range(PER_COMMITTEE):
            start = timezone.make_aware(datetime.combine(today + timedelta(days=rng.randint(0, 30)), time(9)))
            rows.append(
                Entry(
                    committee_id=committee_id, kind=KINDS[i % len(KINDS)], title=f"工作安排{i + 1}", starts_at=start,
                    ends_at=start + timedelta(hours=2), place="政协会议室", organiser="办公室", created_by_id=user_id,
                )
            )  # fmt: skip
    with transaction.atomic():
        Entry.objects.bulk_create(rows, batch_size=5000)
