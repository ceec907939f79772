"""Demo data: a closed anonymous survey with answers and an open research survey; seed: a survey
with answers per committee."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee
from zhengxie.surveys.models import Answer, Response, Survey


def test_demo_has_a_survey_with_answers_and_one_to_answer(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    closed = Survey.objects.get(committee__code="DEMO-01", title__contains="满意度")
    assert closed.state == Survey.State.CLOSED and closed.response_count >= 10
    assert not Response.objects.filter(survey=closed, respondent__isnull=False).exists()
    research = Survey.objects.get(committee__code="DEMO-01", title__contains="养老")
    assert research.consultation is not None and not research.anonymous
    client = Client()
    client.force_login(User.objects.get(username="demo_member"))
    assert "待填写的问卷" in client.get("/").content.decode()
    client.force_login(User.objects.get(username="demo_activity_staff"))
    page = client.get(reverse("surveys:results", args=[closed.pk])).content.decode()
    assert "<svg" in page and "平均" in page
    public = Survey.objects.get(committee__code="DEMO-01", public=True)
    assert public.response_count >= 10 and not Response.objects.filter(
        survey=public, respondent__isnull=False
    )
    anonymous = Client()
    listing = anonymous.get(reverse("participation:public_index", args=["DEMO-01"])).content.decode()
    assert public.title in listing
    assert anonymous.get(reverse("surveys:public", args=["DEMO-01", public.pk])).status_code == 200


def test_county_seed_adds_a_survey_with_answers(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    survey = Survey.objects.get(committee=Committee.objects.get(code="SEED-county"))
    assert survey.response_count == Response.objects.filter(survey=survey).count() >= 5
    assert Answer.objects.filter(response__survey=survey).exists()
