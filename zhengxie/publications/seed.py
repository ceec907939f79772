"""Synthetic publications for `manage.py seed` (benchmarks): per committee the two default
series and twelve numbered 《建言资政》 issues of the year with one article each. Rows are
bulk-created (no audit events: benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Issue, IssueItem, Series

ISSUES = 12


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
        Series.objects.bulk_create(
            [
                Series(committee_id=c, name=n, kind=k)
                for c in staff
                for n, k in (("建言资政", "advice"), ("协商专报", "consultation"))
            ]
        )
        advice = dict(
            Series.objects.filter(committee_id__in=staff, name="建言资政").values_list("committee_id", "pk")
        )
        issues = Issue.objects.bulk_create(
            Issue(
                committee_id=c,
                series_id=advice[c],
                title=f"建言资政第{n}期",
                state=Issue.State.SENT,
                year=today.year,
                number=n,
                recipients="党委主要领导、政府主要领导",
                sent_on=today,
                created_by_id=u,
            )
            for c, u in staff.items()
            for n in range(1, ISSUES + 1)
        )
        IssueItem.objects.bulk_create(
            IssueItem(committee_id=i.committee_id, issue=i, title=i.title, author="研究室", body="对策建议。")
            for i in issues
        )
