"""Reads of surveys: the lists, the results of a survey (its running counts, and the latest text
answers) and home-page tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from zhengxie.org.scope import committee_ids

from . import tallies
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


def public_open(committee_id: int) -> list[Survey]:
    """The committee's surveys open to the public now (listed on its public page)."""
    from django.utils import timezone

    return list(
        Survey.objects.filter(
            committee_id=committee_id, public=True, state=Survey.State.OPEN, closes_at__gt=timezone.now()
        )
        .only("pk", "title", "closes_at")
        .order_by("-pk")[:20]
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
    # The running counts (tallies.py), not the answers: the page costs the same at 30 answers
    # and at 30 000.
    counts = tallies.read(survey)
    answered = {qid: n for (qid, value), n in counts.items() if value == 0}
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
            points = sum(n for n in values if n)
            if q.kind == K.SCALE and points:
                weighted = sum(v * n for v, n in enumerate(values, start=1))
                r.average = round(weighted / points, 2)
        else:
            r.texts = texts.get(q.pk, [])
        out.append(r)
    return out
