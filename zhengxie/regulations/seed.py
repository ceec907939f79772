"""Synthetic regulations for `manage.py seed` (benchmarks): per committee twenty rules with a
first version and every fourth one revised. Rows are bulk-created (no audit events)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Regulation, Version

RULES = 20
CATEGORIES = [c.value for c in Regulation.Category]


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.ACTIVITY_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    today = timezone.localdate()
    with transaction.atomic():
        regulations = Regulation.objects.bulk_create(
            Regulation(committee_id=c, title=f"工作制度{n}", category=rng.choice(CATEGORIES))
            for c in staff
            for n in range(1, RULES + 1)
        )
        versions = []
        for n, r in enumerate(regulations):
            adopted = today - timedelta(days=rng.randrange(30, 1000))
            user = staff[r.committee_id]
            versions.append(
                Version(
                    committee_id=r.committee_id,
                    regulation=r,
                    number=1,
                    kind="new",
                    adopted_on=adopted,
                    effective_on=adopted,
                    text="制度正文。",
                    recorded_by_id=user,
                )
            )
            if n % 4 == 0:
                versions.append(
                    Version(
                        committee_id=r.committee_id,
                        regulation=r,
                        number=2,
                        kind="revised",
                        adopted_on=today,
                        effective_on=today,
                        text="修订后的正文。",
                        note="修订",
                        recorded_by_id=user,
                    )
                )
        Version.objects.bulk_create(versions, batch_size=5000)
