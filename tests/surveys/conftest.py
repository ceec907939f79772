"""An open anonymous survey of all city members with four questions, one of them shown only for
one answer (branching), for the survey tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.personas import Personas
from zhengxie.surveys import services
from zhengxie.surveys.models import Question, Survey


@dataclass
class SV:
    survey: Survey
    overall: Question  # single: 满意 / 基本满意 / 不满意
    why: Question  # text, required, shown only for 不满意
    used: Question  # multiple
    speed: Question  # scale 1–5


def build_survey(p: Personas, *, anonymous: bool = True, **audience: Any) -> SV:
    staff = p.activity_staff
    if not audience:
        audience = {"all_members": True}
    survey = services.survey_create(
        committee_id=p.city.pk,
        by=staff,
        data=services.SurveyDraft(
            title="履职服务满意度调查", description="", closes_at=timezone.now() + timedelta(days=3),
            anonymous=anonymous, **audience,
        ),
    )  # fmt: skip
    Q = services.QuestionDraft
    overall = services.question_add(
        survey=survey,
        by=staff,
        data=Q(kind="single", text="总体满意度", choices=["满意", "基本满意", "不满意"]),
    )
    why = services.question_add(
        survey=survey, by=staff, data=Q(kind="text", text="不满意的原因", show_if=overall, show_if_choice=3)
    )
    used = services.question_add(
        survey=survey,
        by=staff,
        data=Q(kind="multiple", text="常用功能", choices=["提案", "社情民意", "会议"]),
    )
    speed = services.question_add(survey=survey, by=staff, data=Q(kind="scale", text="材料送达", scale_max=5))
    services.survey_open(survey=survey, by=staff)
    return SV(survey=survey, overall=overall, why=why, used=used, speed=speed)


@pytest.fixture
def sv(p: Personas) -> SV:
    return build_survey(p)


def good(sv: SV, overall: str = "1") -> dict[str, Any]:
    """A valid answer form."""
    return {
        f"q{sv.overall.pk}": overall,
        f"q{sv.used.pk}": ["1", "3"],
        f"q{sv.speed.pk}": "4",
        f"q{sv.why.pk}": "材料太晚" if overall == "3" else "",
    }
