"""Survey pages run a fixed number of queries, however many surveys, questions or answers."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.surveys.models import Answer, Response

from .conftest import SV, build_survey


def test_the_survey_list_does_not_grow(client: Client, p: Personas, sv: SV) -> None:
    client.force_login(p.member_wang)
    add = lambda n: [build_survey(p) for _ in range(n)]  # noqa: E731
    assert same_for_few_and_many(client, reverse("surveys:index"), add, many=8) <= 12
    client.force_login(p.activity_staff)
    assert same_for_few_and_many(client, reverse("surveys:index"), add, few=1, many=4) <= 12


def _answers(sv: SV, n: int) -> None:
    for i in range(n):
        r = Response.objects.create(survey=sv.survey, submitted_on="2026-12-01")
        Answer.objects.bulk_create(
            [
                Answer(response=r, question=sv.overall, value=1 + i % 3),
                Answer(response=r, question=sv.used, value=1),
                Answer(response=r, question=sv.speed, value=1 + i % 5),
                Answer(response=r, question=sv.why, text=f"原因{i}"),
            ]
        )


def test_results_and_the_answer_page_do_not_grow(client: Client, p: Personas, sv: SV) -> None:
    client.force_login(p.activity_staff)
    url = reverse("surveys:results", args=[sv.survey.pk])
    assert same_for_few_and_many(client, url, lambda n: _answers(sv, n), many=40) <= 18
    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("surveys:answer", args=[sv.survey.pk]), lambda n: None) <= 14
