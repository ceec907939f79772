"""Helpers shared by the assessment services: the staff check, rounding, notices by user id, and
ranking subjects by their totals."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from zhengxie.lib.errors import NotAllowed
from zhengxie.notices.services import notify

from ..models import (
    Assessment,
    Score,
    Subject,
)
from ..permissions import can_manage

CENT = Decimal("0.01")


def _require_staff(by: Any, committee_id: int) -> None:
    if by is not None and not can_manage(by, committee_id):
        raise NotAllowed()


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def recipient_id_or_user(user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=user_id)


def notify_user(user_id: int, **kwargs: Any) -> None:
    notify(recipient=recipient_id_or_user(user_id), **kwargs)


def rank_subjects(assessment: Assessment) -> None:
    """Totals from the scores, then ranks (equal totals share a rank) and grades."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for subject_id, value in Score.objects.filter(
        subject__assessment=assessment, value__isnull=False
    ).values_list("subject_id", "value"):
        totals[subject_id] += value or Decimal(0)
    subjects = list(Subject.objects.filter(assessment=assessment))
    for s in subjects:
        s.total = _q(totals.get(s.pk, Decimal(0)))
    previous, rank = None, 0
    for position, s in enumerate(sorted(subjects, key=lambda s: (-(s.total or 0), s.name)), start=1):
        if s.total != previous:
            rank, previous = position, s.total
        s.rank = rank
        s.grade = assessment.scheme.grade_for(s.total)
    Subject.objects.bulk_update(subjects, ["total", "rank", "grade"])
