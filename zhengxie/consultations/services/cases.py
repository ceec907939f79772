"""The consultation case library (协商案例, seed 002/003): activity staff select a consultation
whose outcome has been submitted as a case, with a short write-up of the process, the outcome
and its effect; a shared case is read by the committees above (a province reads its counties'
shared cases). Cases are indexed for search (`searchdocs/case.py`)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.search.index import reindex

from ..models import Case, Consultation, Step

# Past 报送成果: the outcome is out, so there is an outcome and an effect to write up.
FINISHED = (Step.TRACKING, Step.FEEDBACK, Step.ARCHIVED)
LIMITS = {"title": 200, "summary": 5000, "outcome": 5000, "effect": 5000}
NAMES = {"title": "案例标题", "summary": "协商过程", "outcome": "协商成果", "effect": "成效"}


def _clean(values: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for field, limit in LIMITS.items():
        text = (values.get(field) or "").strip()
        if not text:
            raise DomainError(f"请填写{NAMES[field]}")
        if len(text) > limit:
            raise DomainError(f"{NAMES[field]}不能超过{limit}个字")
        cleaned[field] = text
    return cleaned


def case_select(*, consultation: Consultation, by: Any, shared: bool = False, **values: str) -> Case:
    if consultation.state not in FINISHED:
        raise DomainError("协商成果报送后才能选为案例")
    data = _clean(values)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                committee_id=consultation.committee_id, consultation=consultation, shared=shared,
                selected_by=by, **data,
            )  # fmt: skip
            record(action="consultations.case.selected", obj=case, by=by, data={"shared": shared})
            reindex("case", case.pk)
    except IntegrityError:
        raise DomainError("该协商已选为案例") from None
    return case


def case_update(*, case: Case, by: Any, shared: bool, **values: str) -> Case:
    data = _clean(values)
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(shared=shared, **data)
        for field, value in data.items():
            setattr(case, field, value)
        changed = {"shared": shared} if case.shared != shared else {}
        case.shared = shared
        record(action="consultations.case.changed", obj=case, by=by, data=changed)
        reindex("case", case.pk)
    return case
