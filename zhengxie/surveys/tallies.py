"""The survey's running counts (`Tally`): made when a survey opens, counted up with each answer in
the answer's transaction, rebuilt from the answers where rows were written without the service
(the synthetic seed, surveys opened before the counts existed)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q

from .models import Answer, Question, Survey, Tally

K = Question.Kind


def _top(q: Question) -> int:
    if q.kind == K.SCALE:
        return q.scale_max
    if q.kind in (K.SINGLE, K.MULTIPLE):
        return len(q.choices)
    return 0


def rebuild(survey: Survey) -> None:
    """Replace the survey's counts with what its answers say (one pass over them)."""
    questions = list(Question.objects.filter(survey=survey))
    counts: dict[tuple[int, int], int] = {}
    for qid, value, n in (
        Answer.objects.filter(question__survey=survey, value__isnull=False)
        .values_list("question_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(qid, value)] = n
    for qid, n in (
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    ):
        counts[(qid, 0)] = n
    Tally.objects.filter(question__survey=survey).delete()
    Tally.objects.bulk_create(
        Tally(question=q, value=v, count=counts.get((q.pk, v), 0))
        for q in questions
        for v in range(_top(q) + 1)
    )


def count_answer(keys: Iterable[tuple[int, int]]) -> None:
    """Count one response: (question id, 0) for each question it answered and (question id, n)
    for each choice or scale point — one UPDATE."""
    by_question: dict[int, list[int]] = {}
    for qid, value in keys:
        by_question.setdefault(qid, []).append(value)
    if not by_question:
        return
    where = reduce(or_, (Q(question_id=qid, value__in=values) for qid, values in by_question.items()))
    Tally.objects.filter(where).update(count=F("count") + 1)


def read(survey: Survey) -> dict[tuple[int, int], int]:
    """(question id, value) → count, for the results."""
    return {
        (qid, value): n
        for qid, value, n in Tally.objects.filter(question__survey=survey).values_list(
            "question_id", "value", "count"
        )
    }
