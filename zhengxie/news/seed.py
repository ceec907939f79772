"""Synthetic 要闻动态 and 政协知识 for `manage.py seed` (benchmarks): per committee thirty
published news items and five knowledge articles. Rows are bulk-created (no audit events)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Article

NEWS, KNOWLEDGE = 30, 5


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.ACTIVITY_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    now = timezone.now()
    rows = []
    for committee_id, user_id in staff.items():
        for n in range(NEWS + KNOWLEDGE):
            section = Article.Section.NEWS if n < NEWS else Article.Section.KNOWLEDGE
            rows.append(
                Article(
                    committee_id=committee_id,
                    section=section,
                    title=f"{'工作动态' if n < NEWS else '政协知识'}{n + 1}",
                    summary="政协工作动态摘要。",
                    body="<p>政协工作动态正文。</p>",
                    state=Article.State.PUBLISHED,
                    published_at=now - timedelta(days=rng.randrange(0, 365)),
                    shared_down=n == 0,
                    created_by_id=user_id,
                )
            )
    with transaction.atomic():
        Article.objects.bulk_create(rows, batch_size=5000)
