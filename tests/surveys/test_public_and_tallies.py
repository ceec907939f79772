"""A survey for the public, answered on the committee's public page without login: anonymous,
guarded like the public contribution form, nothing personal stored. And the running counts the
results read: kept with each answer, equal to what the answers say."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.participation import challenge
from zhengxie.surveys import selectors, services, tallies
from zhengxie.surveys.models import Answer, Participation, Response, Survey, Tally

from .conftest import SV, good

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _public(p: Personas) -> Survey:
    survey = services.survey_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.SurveyDraft(
            title="市民对老旧小区改造的意见",
            description="",
            closes_at=timezone.now() + timedelta(days=3),
            public=True,
        ),
    )
    services.question_add(
        survey=survey,
        by=p.activity_staff,
        data=services.QuestionDraft(kind="single", text="您是否支持加装电梯", choices=["支持", "不支持"]),
    )
    services.question_add(
        survey=survey,
        by=p.activity_staff,
        data=services.QuestionDraft(kind="text", text="其他意见", required=False),
    )
    return services.survey_open(survey=survey, by=p.activity_staff)


def _post(client: Client, survey: Survey, **overrides: Any) -> Any:
    url = reverse("surveys:public", args=[survey.committee.code, survey.pk])
    token = client.get(url).context["token"]
    q1, q2 = survey.questions.order_by("number")
    data = {
        f"q{q1.pk}": "1",
        f"q{q2.pk}": "电梯费用要公开",
        "token": token,
        "answer": str(signing.loads(token, salt=challenge.SALT)["s"]),
        "website": "",
    }
    data.update(overrides)
    return client.post(url, data, REMOTE_ADDR="203.0.113.9")


def test_the_public_answers_without_login_and_nothing_personal_is_kept(client: Client, p: Personas) -> None:
    survey = _public(p)
    index = client.get(reverse("participation:public_index", args=[p.city.code])).content.decode()
    assert "市民对老旧小区改造的意见" in index
    response = _post(client, survey)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.respondent_id is None and stored.member_id is None
    assert not Participation.objects.exists()
    event = AuditEvent.objects.get(action="surveys.survey.answered_public")
    assert event.actor_id is None and event.ip is None and event.data == {}
    assert "203.0.113.9" not in str(list(AuditEvent.objects.values()))
    survey.refresh_from_db()
    assert survey.response_count == 1
    page = client.get(response["Location"]).content.decode()
    assert "感谢您参与问卷调查" in page


def test_robots_wrong_challenges_floods_and_bad_answers_store_nothing(client: Client, p: Personas) -> None:
    survey = _public(p)
    assert _post(client, survey, website="http://spam").status_code == 400
    assert _post(client, survey, answer="99").status_code == 400
    q1 = survey.questions.get(number=1)
    bad = _post(client, survey, **{f"q{q1.pk}": "7"})
    assert bad.status_code == 400 and "第1题：选项无效" in bad.content.decode()
    assert not Response.objects.exists()
    cache.clear()
    for _ in range(challenge.PER_IP_PER_HOUR):
        assert _post(client, survey).status_code == 302
    assert _post(client, survey).status_code == 429
    assert Response.objects.count() == challenge.PER_IP_PER_HOUR


def test_only_public_open_surveys_have_a_public_page(client: Client, p: Personas, sv: SV) -> None:
    members_only = sv.survey
    assert client.get(reverse("surveys:public", args=[p.city.code, members_only.pk])).status_code == 404
    assert client.get(reverse("surveys:public", args=["NOPE", members_only.pk])).status_code == 404
    survey = _public(p)
    services.survey_close(survey=survey, by=p.activity_staff)
    page = client.get(reverse("surveys:public", args=[p.city.code, survey.pk]))
    assert page.status_code == 200 and "问卷已结束" in page.content.decode()
    with pytest.raises(DomainError, match="问卷已结束"):
        services.response_submit_public(survey=survey, answers={})
    with pytest.raises(DomainError, match="该问卷不面向社会公众"):
        services.response_submit_public(survey=members_only, answers={})


def test_a_public_survey_must_be_anonymous(p: Personas) -> None:
    with pytest.raises(DomainError, match="面向社会公众的问卷只能匿名"):
        services.survey_create(
            committee_id=p.city.pk,
            by=p.activity_staff,
            data=services.SurveyDraft(
                title="t",
                description="",
                closes_at=timezone.now() + timedelta(days=1),
                public=True,
                anonymous=False,
            ),
        )


def test_the_counts_follow_each_answer_and_equal_the_answers(client: Client, p: Personas, sv: SV) -> None:
    client.force_login(p.member_wang)
    client.post(reverse("surveys:answer", args=[sv.survey.pk]), good(sv, overall="3"))
    counted = tallies.read(sv.survey)
    assert counted[(sv.overall.pk, 3)] == 1 and counted[(sv.overall.pk, 1)] == 0
    assert counted[(sv.used.pk, 0)] == 1 and counted[(sv.used.pk, 1)] == counted[(sv.used.pk, 3)] == 1
    assert counted[(sv.why.pk, 0)] == 1
    tallies.rebuild(sv.survey)
    assert tallies.read(sv.survey) == counted
    speed = next(r for r in selectors.results(sv.survey) if r.question.pk == sv.speed.pk)
    assert speed.average == 4.0 and speed.answered == 1
    # A refused answer counts nothing.
    with pytest.raises(DomainError):
        services.response_submit(survey=sv.survey, by=p.member_wang, answers={})
    assert tallies.read(sv.survey) == counted
    # Per question: the answered count and one row per choice or point (3 + text + 3 + 5).
    assert Tally.objects.filter(question__survey=sv.survey).count() == 4 + 1 + 4 + 6
    assert Answer.objects.count() == 5


def test_staff_see_the_public_link(client: Client, p: Personas) -> None:
    survey = _public(p)
    client.force_login(p.activity_staff)
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "社会公众" in page and reverse("surveys:public", args=[p.city.code, survey.pk]) in page
