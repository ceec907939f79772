"""Synthetic topic groups for `manage.py seed` (benchmarks, via settings.SEEDERS): one standing
group per committee open to all its members, with POSTS_PER_GROUP posts written by the committee's
seeded staff account (benchmark data, not anyone's action: bulk-created without audit events),
every fifth a reply, and one distilled suggestion."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Audience, Post, Suggestion, TopicGroup

BATCH = 2000
POSTS_PER_GROUP = 40
TOPICS = ("优化营商环境", "乡村振兴", "城市更新", "基层医疗", "养老服务", "生态保护")


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
        groups = TopicGroup.objects.bulk_create(
            TopicGroup(
                committee_id=c,
                title=f"委员谈{rng.choice(TOPICS)}",
                description="请委员围绕议题建言献策。",
                created_by_id=u,
                post_count=POSTS_PER_GROUP,
                last_post_at=now,
            )
            for c, u in staff.items()
        )
        Audience.objects.bulk_create(
            (Audience(group=g, committee_id=g.committee_id) for g in groups), batch_size=BATCH
        )
        posts = Post.objects.bulk_create(
            (
                Post(
                    group=g,
                    committee_id=g.committee_id,
                    author_id=g.created_by_id,
                    body=f"关于{g.title[3:]}的意见（{n + 1}）",
                    useful_count=rng.randint(0, 5),
                )
                for g in groups
                for n in range(POSTS_PER_GROUP)
            ),
            batch_size=BATCH,
        )
        by_group: dict[int, list[Post]] = {}
        for p in posts:
            by_group.setdefault(p.group_id, []).append(p)
        replies = []
        for rows in by_group.values():
            for i in range(4, len(rows), 5):
                rows[i].parent_id = rows[0].pk
                rows[0].reply_count += 1
                replies.append(rows[i])
            replies.append(rows[0])
        Post.objects.bulk_update(replies, ["parent", "reply_count"], batch_size=BATCH)
        suggestions = Suggestion.objects.bulk_create(
            Suggestion(
                group=g,
                committee_id=g.committee_id,
                number=1,
                area="经济发展",
                title=f"关于{g.title[3:]}的建议",
                summary="综合委员发言整理。",
                created_by_id=g.created_by_id,
            )
            for g in groups
        )
        Suggestion.posts.through.objects.bulk_create(
            (
                Suggestion.posts.through(suggestion_id=s.pk, post_id=p.pk)
                for s in suggestions
                for p in by_group[s.group_id][:3]
            ),
            batch_size=BATCH,
        )
