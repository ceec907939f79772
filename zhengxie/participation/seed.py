"""Synthetic micro-suggestions and studios for `manage.py seed` (benchmarks, via
settings.SEEDERS): per committee about 40 micro-suggestions this year in every state, routed ones
spread over the committee's handling units (some answered late, most rated), and one studio with
three members and 20 receptions, and one public campaign with 30 members' contributions, most of
them published. Bulk-created without audit events (benchmark data, not anyone's
action)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import HandlingUnit, Member, RoleAssignment
from zhengxie.org.roles import Role

from .models import TOPICS, Campaign, Contribution, MicroSuggestion, Reception, Studio

BATCH = 2000
PER_COMMITTEE = 40
RECEPTIONS = 20
S = MicroSuggestion.State
STATES = [S.SUBMITTED] * 2 + [S.ROUTED] * 3 + [S.ANSWERED] * 2 + [S.RATED] * 6 + [S.DECLINED]
RATINGS = ["satisfied"] * 6 + ["basic"] * 3 + ["unsatisfied"]
PLACES = ("人民路", "滨江公园", "第一中学", "中心菜市场", "火车站广场", "东关村")
OUTCOMES = ["solved"] * 3 + ["open"]


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    now, today = timezone.now(), timezone.localdate()
    micros: list[MicroSuggestion] = []
    receptions: list[Reception] = []
    contributions: list[Contribution] = []
    with transaction.atomic():
        for committee_id, user_id in staff.items():
            members = list(
                Member.objects.filter(committee_id=committee_id)
                .order_by("id")
                .values_list("id", flat=True)[:200]
            )
            units = list(HandlingUnit.objects.filter(committee_id=committee_id).values_list("id", flat=True))
            if not members:
                continue
            for i in range(PER_COMMITTEE):
                state = rng.choice(STATES) if units else S.SUBMITTED
                submitted = now - timedelta(days=rng.randint(0, 120))
                routed = submitted + timedelta(days=2) if state not in (S.SUBMITTED, S.DECLINED) else None
                due = (routed.date() + timedelta(days=14)) if routed else None
                answered = (
                    routed + timedelta(days=rng.randint(3, 20))
                    if routed and state in (S.ANSWERED, S.RATED)
                    else None
                )
                place = rng.choice(PLACES)
                micros.append(
                    MicroSuggestion(
                        committee_id=committee_id,
                        member_id=rng.choice(members),
                        title=f"关于{place}{rng.choice(TOPICS)}问题的微建议{i + 1}",
                        body="群众反映较多，建议有关部门尽快研究解决。",
                        place=place,
                        topic=rng.choice(TOPICS),
                        state=state,
                        submitted_at=submitted,
                        screen_due_on=submitted.date() + timedelta(days=4),
                        unit_id=rng.choice(units) if routed else None,
                        routed_at=routed,
                        answer_due_on=due,
                        answer="已办理。" if answered else "",
                        answered_at=answered,
                        rating=rng.choice(RATINGS) if state == S.RATED else "",
                        rated_at=answered + timedelta(days=1) if answered and state == S.RATED else None,
                        decline_reason="不属于政府职能范围" if state == S.DECLINED else "",
                        created_by_id=user_id,
                    )
                )
            studio = Studio.objects.create(
                committee_id=committee_id,
                name="委员工作室",
                place="街道党群服务中心",
                opening="每周三上午",
                created_by_id=user_id,
            )
            studio_members = members[:3]
            studio.members.set(studio_members)
            for _ in range(RECEPTIONS):
                receptions.append(
                    Reception(
                        committee_id=committee_id,
                        studio=studio,
                        member_id=rng.choice(studio_members),
                        received_on=today - timedelta(days=rng.randint(0, 150)),
                        problem="群众反映身边的实际困难。",
                        action="已记录并协调解决。",
                        outcome=rng.choice(OUTCOMES),
                        created_by_id=user_id,
                    )
                )
            campaign = Campaign.objects.create(
                committee_id=committee_id,
                title="我为发展献一策",
                description="面向社会征集意见建议。",
                audience=Campaign.Audience.PUBLIC,
                starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=30),
                created_by_id=user_id,
            )
            for i in range(30):
                contributions.append(
                    Contribution(
                        committee_id=committee_id,
                        campaign=campaign,
                        member_id=rng.choice(members),
                        body=f"建议{i + 1}：加强{rng.choice(TOPICS)}工作。",
                        state=rng.choice(["published"] * 4 + ["pending", "rejected"]),
                    )
                )
        MicroSuggestion.objects.bulk_create(micros, batch_size=BATCH)
        Contribution.objects.bulk_create(contributions, batch_size=BATCH)
        Reception.objects.bulk_create(receptions, batch_size=BATCH)
