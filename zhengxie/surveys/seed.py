"""Synthetic surveys for `manage.py seed` (benchmarks, via settings.SEEDERS): one closed anonymous
survey per committee (a single-choice, a multiple-choice, a scale and a text question) with about
one answer per ten members — bulk-created without audit events or participation markers
(benchmark data, not anyone's answers)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role

from . import tallies
from .models import Answer, Audience, Question, Response, Survey

BATCH = 2000
SHARE = 10  # one response per this many members


def seed(result: Any, rng: random.Random, *, responses: int | None = None) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    members = dict.fromkeys(staff, 0)
    for committee_id in Member.objects.filter(committee_id__in=staff).values_list("committee_id", flat=True):
        members[committee_id] += 1
    today = timezone.localdate()
    with transaction.atomic():
        for committee_id, user_id in staff.items():
            survey = Survey.objects.create(
                committee_id=committee_id,
                title="委员履职服务满意度调查",
                anonymous=True,
                closes_at=timezone.now() - timedelta(days=1),
                state=Survey.State.CLOSED,
                created_by_id=user_id,
            )
            Audience.objects.create(survey=survey)
            single = Question.objects.create(
                survey=survey,
                number=1,
                kind="single",
                text="总体满意度",
                choices=["满意", "基本满意", "不满意"],
            )
            multiple = Question.objects.create(
                survey=survey,
                number=2,
                kind="multiple",
                text="常用功能",
                choices=["提案", "社情民意", "会议活动", "主题议政"],
            )
            scale = Question.objects.create(
                survey=survey, number=3, kind="scale", text="材料送达及时程度", scale_max=5
            )
            text = Question.objects.create(
                survey=survey, number=4, kind="text", text="意见建议", required=False
            )
            count = responses if responses is not None else max(members[committee_id] // SHARE, 5)
            made = Response.objects.bulk_create(
                (Response(survey=survey, submitted_on=today) for _ in range(count)), batch_size=BATCH
            )
            answers: list[Answer] = []
            for r in made:
                answers.append(
                    Answer(response=r, question=single, value=rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
                )
                answers += [
                    Answer(response=r, question=multiple, value=v) for v in rng.sample(range(1, 5), 2)
                ]
                answers.append(Answer(response=r, question=scale, value=rng.randint(1, 5)))
                if rng.random() < 0.3:
                    answers.append(Answer(response=r, question=text, text="建议进一步改进服务。"))
                if len(answers) >= BATCH * 5:
                    Answer.objects.bulk_create(answers, batch_size=BATCH)
                    answers = []
            Answer.objects.bulk_create(answers, batch_size=BATCH)
            Survey.objects.filter(pk=survey.pk).update(response_count=count)
            tallies.rebuild(survey)
