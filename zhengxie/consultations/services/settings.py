"""Changing a committee's consultation settings: its list of forms, the deadline of each step and
the quality rubric (each created from config.py's defaults first)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from .. import config
from ..models import ConsultationForm, Requirement, RubricItem, StepRule

ATTENDANCE_KINDS = {
    "plenary": "全体会议",
    "standing": "常委会议",
    "consultation": "专题协商会、双周协商等",
    "inspection": "视察、调研、考察",
    "grassroots": "基层协商",
    "training": "学习培训",
}


def form_add(
    *, committee_id: int, by: Any, name: str, attendance_kind: str, is_online: bool = False
) -> ConsultationForm:
    name = name.strip()
    if not name or len(name) > 40:
        raise DomainError("协商形式名称不能为空，且不超过40个字")
    if attendance_kind not in ATTENDANCE_KINDS:
        raise DomainError("请选择出席计分类型")
    existing = config.forms_for(committee_id, active_only=False)
    if any(f.name == name for f in existing):
        raise DomainError("该协商形式已存在")
    with transaction.atomic():
        form = ConsultationForm.objects.create(
            committee_id=committee_id, name=name, attendance_kind=attendance_kind, is_online=is_online,
            order=len(existing),
        )  # fmt: skip
        record(action="consultations.form.added", obj=form, by=by, data={"name": name})
    return form


def form_set_active(*, form: ConsultationForm, by: Any, active: bool) -> None:
    with transaction.atomic():
        ConsultationForm.objects.filter(pk=form.pk).update(is_active=active)
        record(action="consultations.form.changed", obj=form, by=by, data={"active": active})


def step_rules_update(*, committee_id: int, by: Any, days: dict[str, Any]) -> None:
    """Set the working days of each step (step code -> days), all or nothing."""
    rules = config.step_rules(committee_id)
    clean: dict[str, int] = {}
    for step, rule in rules.items():
        raw = str(days.get(step, rule.days)).strip()
        if not raw.isdigit() or int(raw) > 250:
            raise DomainError(f"“{rule.get_step_display()}”的工作日数须是0至250之间的整数")
        clean[step] = int(raw)
    changes = {s: n for s, n in clean.items() if rules[s].days != n}
    with transaction.atomic():
        for step, n in changes.items():
            StepRule.objects.filter(pk=rules[step].pk).update(days=n)
        if changes:
            record(action="consultations.steps.changed", obj=rules[next(iter(changes))], by=by, data=changes)


def rubric_update(*, committee_id: int, by: Any, points: dict[str, Any]) -> None:
    """Set the points of each rubric item (item id -> points); they must add up to 100."""
    items = config.rubric_for(committee_id)
    clean: dict[int, Decimal] = {}
    for item in items:
        try:
            value = Decimal(str(points.get(str(item.pk), item.max_points)).strip())
        except (InvalidOperation, ValueError):
            raise DomainError(f"“{item.name}”的分值须是数字") from None
        if not value.is_finite() or value < 0 or value > 100:
            raise DomainError(f"“{item.name}”的分值须在0至100之间")
        clean[item.pk] = value.quantize(Decimal("0.1"))
    if sum(clean.values(), Decimal(0)) != 100:
        raise DomainError(f"各项分值合计须为100分，现为{sum(clean.values(), Decimal(0))}分")
    with transaction.atomic():
        for item in items:
            if item.max_points != clean[item.pk]:
                RubricItem.objects.filter(pk=item.pk).update(max_points=clean[item.pk])
        record(
            action="consultations.rubric.changed",
            obj=items[0],
            by=by,
            data={str(k): v for k, v in clean.items()},
        )


def requirement_update(
    *, committee_id: int, by: Any, special_per_year: Any, trip_report_days: Any
) -> Requirement:
    """The yearly minimum of 专题协商 and the days allowed for a trip report."""
    try:
        special, days = int(str(special_per_year).strip()), int(str(trip_report_days).strip())
    except ValueError:
        raise DomainError("请填写整数") from None
    if not 0 <= special <= 50:
        raise DomainError("每年专题协商次数须在0至50之间")
    if not 1 <= days <= 60:
        raise DomainError("视察调研报告期限须在1至60个工作日之间")
    req = config.requirement_for(committee_id)
    with transaction.atomic():
        Requirement.objects.filter(pk=req.pk).update(special_per_year=special, trip_report_days=days)
        req.special_per_year, req.trip_report_days = special, days
        record(
            action="consultations.requirement.changed",
            obj=req,
            by=by,
            data={"special_per_year": special, "trip_report_days": days},
        )
    return req
