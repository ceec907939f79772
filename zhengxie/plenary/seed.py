"""Synthetic plenary business for `manage.py seed` (benchmarks): per committee one plenary of
the year (an activity seeded by consultations, or a new one) with four agenda items, three
discussion groups and a call for speeches with about twenty speeches in mixed states. Rows are
bulk-created (no audit events: benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.consultations.models import Activity
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role

from .models import AgendaItem, DiscussionGroup, Speech, SpeechCall

BATCH = 5000
SPEECHES = 20
STATES = [s.value for s in Speech.State]
TOPICS = ("县域经济", "营商环境", "乡村振兴", "生态保护", "养老服务", "义务教育", "就业创业", "数字政府")


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.ACTIVITY_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    now = timezone.now()
    with transaction.atomic():
        for committee in result.committees:
            user_id = staff.get(committee.pk)
            if user_id is None:
                continue
            plenary = (
                Activity.objects.filter(committee=committee, kind=Activity.Kind.PLENARY)
                .order_by("id")
                .first()
            )
            if plenary is None:
                plenary = Activity.objects.create(
                    committee=committee, kind=Activity.Kind.PLENARY, title=f"{committee.name}全体会议",
                    starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=31), place="会议中心",
                    created_by_id=user_id,
                )  # fmt: skip
            AgendaItem.objects.bulk_create(
                AgendaItem(
                    committee=committee,
                    activity=plenary,
                    kind=kind,
                    title=title,
                    place="会议中心",
                    starts_at=plenary.starts_at + timedelta(hours=h),
                    ends_at=plenary.starts_at + timedelta(hours=h + 2),
                )
                for h, kind, title in (
                    (0, "assembly", "开幕大会"),
                    (4, "group", "分组讨论"),
                    (24, "assembly", "大会发言"),
                    (28, "assembly", "闭幕大会"),
                )
            )
            DiscussionGroup.objects.bulk_create(
                DiscussionGroup(committee=committee, activity=plenary, name=f"第{n}组", room=f"第{n}会议室")
                for n in "一二三"
            )
            call = SpeechCall.objects.create(
                committee=committee, activity=plenary, title=f"{plenary.title}大会发言征集",
                closes_at=plenary.starts_at - timedelta(days=3), created_by_id=user_id,
            )  # fmt: skip
            authors = list(Member.objects.filter(committee=committee).values_list("pk", flat=True)[:200])
            if not authors:
                continue
            Speech.objects.bulk_create(
                (
                    Speech(
                        committee=committee,
                        call=call,
                        title=f"关于{rng.choice(TOPICS)}的建议",
                        body="建议内容。",
                        author_id=rng.choice(authors),
                        state=rng.choice(STATES),
                        submitted_by_id=user_id,
                        submitted_at=now,
                    )
                    for _ in range(SPEECHES)
                ),
                batch_size=BATCH,
            )
