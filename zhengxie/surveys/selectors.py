"""Reads of surveys: the lists, the results of a survey (one aggregate query for every choice
count, one for scale averages, one for the latest text answers) and home-page tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet

from zhengxie.org.scope import committee_ids

from .charts import bar_chart
from .models import Answer, Participation, Question, Survey
from .permissions import OFFICE_ROLES, asked

K = Question.Kind
TEXT_SAMPLE = 30  # text answers shown per question on the page (all of them are in the Excel)


def to_answer(user: Any, committee_id: int) -> QuerySet[Survey]:
    """Open surveys asking the user that the user has not answered (the home-page task)."""
    from django.utils import timezone

    return (
        asked(user, committee_id)
        .filter(state=Survey.State.OPEN, closes_at__gt=timezone.now())
        .exclude(Exists(Participation.objects.filter(survey=OuterRef("pk"), user_id=user.pk)))
    )


def mine(user: Any) -> QuerySet[Survey]:
    """Surveys asking the user, with whether the user answered."""
    return (
        asked(user)
        .annotate(answered=Exists(Participation.objects.filter(survey=OuterRef("pk"), user_id=user.pk)))
        .select_related("committee")
    )


def office(user: Any, committee_id: int) -> QuerySet[Survey]:
    if committee_id not in committee_ids(user, OFFICE_ROLES):
        return Survey.objects.none()
    return Survey.objects.filter(committee_id=committee_id).select_related("committee")


@dataclass
class QuestionResult:
    question: Question
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # (label, count, percent)
    answered: int = 0
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    chart: str = ""


def results(survey: Survey) -> list[QuestionResult]:
    questions = list(Question.objects.filter(survey=survey).order_by("number"))
    counts: dict[tuple[int, int], int] = {}
    for qid, value, n in (
        Answer.objects.filter(question__survey=survey, value__isnull=False)
        .values_list("question_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(qid, value)] = n
    answered = dict(
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    averages = dict(
        Answer.objects.filter(question__survey=survey, question__kind=K.SCALE)
        .values_list("question_id")
        .annotate(a=Avg("value"))
        .order_by()
    )
    texts: dict[int, list[str]] = {}
    text_ids = [q.pk for q in questions if q.kind == K.TEXT]
    if text_ids:
        for qid, text in (
            Answer.objects.filter(question_id__in=text_ids)
            .exclude(text="")
            .order_by("question_id", "-response__submitted_on")
            .values_list("question_id", "text")[: TEXT_SAMPLE * len(text_ids) * 3]
        ):
            if len(texts.setdefault(qid, [])) < TEXT_SAMPLE:
                texts[qid].append(text)
    out = []
    for q in questions:
        r = QuestionResult(question=q, answered=answered.get(q.pk, 0))
        if q.kind in (K.SINGLE, K.MULTIPLE, K.SCALE):
            labels = list(q.choices) if q.kind != K.SCALE else [f"{v}分" for v in range(1, q.scale_max + 1)]
            values = [counts.get((q.pk, i), 0) for i in range(1, len(labels) + 1)]
            base = r.answered or 1
            r.rows = [(label, n, round(100 * n / base)) for label, n in zip(labels, values, strict=True)]
            r.chart = bar_chart(labels, values, title=q.text, base=r.answered)
            if q.kind == K.SCALE and averages.get(q.pk) is not None:
                r.average = round(float(averages[q.pk]), 2)
        else:
            r.texts = texts.get(q.pk, [])
        out.append(r)
    return out
