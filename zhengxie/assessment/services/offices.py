"""The committee's offices (机关处室) kept as a list for office assessments: staff add, rename and
stop using them on 考评 → 机关处室; an assessment chooses its subjects from the offices in use."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from zhengxie.audit.services import record
from zhengxie.lib.controlchars import CONTROL_CHARACTERS
from zhengxie.lib.errors import DomainError

from ..models import Office
from .common import _require_staff


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or CONTROL_CHARACTERS.search(name):
        raise DomainError("请填写处室名称（100字以内）")
    return name


def office_add(*, committee_id: int, name: str, by: Any) -> Office:
    _require_staff(by, committee_id)
    name = _name(name)
    order = Office.objects.filter(committee_id=committee_id).count() + 1
    try:
        with transaction.atomic():
            office = Office.objects.create(committee_id=committee_id, name=name, order=order)
            record(action="assessment.office.added", obj=office, by=by, data={"name": name})
    except IntegrityError as exc:
        raise DomainError(f"已有名为“{name}”的处室") from exc
    return office


def office_update(*, office: Office, by: Any, name: str, is_active: bool) -> Office:
    _require_staff(by, office.committee_id)
    name = _name(name)
    old = office.name
    try:
        with transaction.atomic():
            office.name, office.is_active = name, is_active
            office.save(update_fields=["name", "is_active"])
            record(
                action="assessment.office.changed",
                obj=office,
                by=by,
                data={"from": old, "name": name, "active": is_active},
            )
    except IntegrityError as exc:
        raise DomainError(f"已有名为“{name}”的处室") from exc
    return office
