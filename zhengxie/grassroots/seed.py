"""Synthetic grassroots work for `manage.py seed`: for every seeded committee's platforms (there
are none from consultations' seed, so a few are made per committee: a town with villages and an
enterprise), a group per town, profiles, and this year's platform consultations with problems.
Bulk-created (benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.consultations.models import Platform, PlatformActivity
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Group, Problem, Profile, Record
from .services import DEFAULT_STEPS

TOWNS = 3
VILLAGES = 4
BATCH = 5000


def seed(result: Any, rng: random.Random) -> None:
    committees = [c.pk for c in result.committees]
    staff = dict(
        RoleAssignment.objects.filter(committee_id__in=committees, role=Role.ACTIVITY_STAFF).values_list(
            "committee_id", "user_id"
        )
    )
    today = timezone.localdate()
    with transaction.atomic():
        groups = Group.objects.bulk_create(
            [
                Group(committee_id=c, name=f"第{t + 1}镇政协活动小组", township=f"第{t + 1}镇")
                for c in staff
                for t in range(TOWNS)
            ],
            batch_size=BATCH,
        )
        platforms: list[Platform] = []
        owners: list[Group] = []
        for g in groups:
            platforms.append(
                Platform(
                    committee_id=g.committee_id,
                    name=f"{g.township}协商议事室",
                    level="township",
                    township=g.township,
                )
            )
            owners.append(g)
            platforms.append(
                Platform(
                    committee_id=g.committee_id,
                    name=f"{g.township}企业议事室",
                    level="enterprise",
                    township=g.township,
                )
            )
            owners.append(g)
            for v in range(VILLAGES):
                platforms.append(
                    Platform(
                        committee_id=g.committee_id,
                        name=f"{g.township}第{v + 1}村议事点",
                        level="village",
                        township=g.township,
                        village=f"第{v + 1}村",
                    )
                )
                owners.append(g)
        Platform.objects.bulk_create(platforms, batch_size=BATCH)
        Profile.objects.bulk_create(
            [
                Profile(committee_id=p.committee_id, platform=p, group=g, convener_name="召集人", venue="活动室",
                        has_sign=rng.random() < 0.8, system="每月议事", has_archive=rng.random() < 0.6)
                for p, g in zip(platforms, owners, strict=True)
            ],
            batch_size=BATCH,
        )  # fmt: skip
        activities = [
            PlatformActivity(
                committee_id=p.committee_id, platform=p, held_on=date(today.year, 1, 1) + timedelta(days=rng.randint(0, max(today.timetuple().tm_yday - 1, 0))),
                topic="民生实事协商", participants=rng.randint(10, 40), problems_solved=rng.randint(0, 3),
                recorded_by_id=staff[p.committee_id],
            )
            for p in platforms
            for _ in range(2)
        ]  # fmt: skip
        PlatformActivity.objects.bulk_create(activities, batch_size=BATCH)
        records = Record.objects.bulk_create(
            [
                Record(committee_id=a.committee_id, platform_id=a.platform_id, title=a.topic, steps=DEFAULT_STEPS,
                       state=DEFAULT_STEPS[-1], finished=True, activity=a, opened_by_id=a.recorded_by_id)
                for a in activities
            ],
            batch_size=BATCH,
        )  # fmt: skip
        states = [s.value for s in Problem.State]
        Problem.objects.bulk_create(
            [
                Problem(committee_id=r.committee_id, platform_id=r.platform_id, record=r, text="群众反映的问题",
                        state=rng.choice(states), raised_on=today, raised_by_id=r.opened_by_id)
                for r in records
            ],
            batch_size=BATCH,
        )  # fmt: skip
