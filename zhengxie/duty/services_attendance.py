"""Attendance: scoring or deducting each member's presence at a meeting or activity.

`attendance_mark` is the one entry point, for this app's attendance sheets and for other apps'
meetings (consultations will pass its own meeting object as `source`). Changing a member's status
reverses the entry of the old status and records the new one; marking the same status again
changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

from .models import AttendanceLine, AttendanceSheet, PointEntry
from .services import entry_reverse, record_points

K = AttendanceSheet.Kind
ST = AttendanceLine.Status

# kind -> status -> (rule code, variant); a status without a rule scores nothing.
KIND_RULES: dict[str, dict[str, tuple[str, str]]] = {
    K.PLENARY: {ST.PRESENT: ("M01", ""), ST.EXCUSED: ("D02", ""), ST.UNEXCUSED: ("D01", "")},
    K.STANDING: {ST.PRESENT: ("M03", ""), ST.EXCUSED: ("D03", "请假缺席"), ST.UNEXCUSED: ("D03", "无故缺席")},
    K.CONSULTATION: {ST.PRESENT: ("M04", ""), ST.UNEXCUSED: ("D04", "")},
    K.INSPECTION: {ST.PRESENT: ("A01", ""), ST.UNEXCUSED: ("D04", "")},
    K.GRASSROOTS: {ST.PRESENT: ("A04", ""), ST.UNEXCUSED: ("D04", "")},
    K.TRAINING: {ST.PRESENT: ("L01", "集中学习"), ST.UNEXCUSED: ("D04", "")},
}


def attendance_mark(
    *,
    member: Member,
    source: models.Model,
    kind: str,
    status: str | None,
    by: Any,
    year: int,
    reason: str = "出席情况更正",
) -> PointEntry | None:
    """Make the ledger say `status` for `member` at `source`; None status clears the attendance.
    `reason` goes on the reversing entries of a changed or cleared status."""
    rules = KIND_RULES[kind]
    wanted = rules.get(status) if status else None
    codes = sorted({code for code, _ in rules.values()})
    source_type = ContentType.objects.get_for_model(source)
    current = list(
        PointEntry.objects.filter(
            member=member, source_type=source_type, source_id=source.pk, rule__code__in=codes
        )
        .standing()
        .select_related("rule")
    )
    kept: PointEntry | None = None
    with transaction.atomic():
        for entry in current:
            if wanted is not None and (entry.rule.code, entry.variant) == wanted and kept is None:
                kept = entry
            else:
                entry_reverse(entry=entry, by=by, reason=reason)
        if kept is None and wanted is not None:
            code, variant = wanted
            kept = record_points(
                member=member, code=code, source=source, by=by, year=year, variant=variant, again=True
            )
    return kept


def sheet_create(*, committee_id: int, title: str, kind: str, held_on: date, by: Any) -> AttendanceSheet:
    title = title.strip()
    if not title:
        raise DomainError("请填写会议或活动名称")
    if kind not in KIND_RULES:
        raise DomainError("请选择会议或活动类型")
    if held_on > timezone.localdate():
        raise DomainError("会议日期不能晚于今天：请在会议结束后登记出席情况")
    with transaction.atomic():
        sheet = AttendanceSheet.objects.create(
            committee_id=committee_id, title=title[:100], kind=kind, held_on=held_on, created_by=by
        )
        record(
            action="duty.attendance.sheet_created", obj=sheet, by=by, data={"kind": kind, "held_on": held_on}
        )
    return sheet


def sheet_record(*, sheet: AttendanceSheet, statuses: dict[int, str], by: Any) -> dict[str, int]:
    """Record the statuses (member id -> present / excused / unexcused, or "" to clear) of many
    members at once, all or nothing. Returns how many lines were added, changed and cleared."""
    valid = set(ST.values) | {""}
    bad = [s for s in statuses.values() if s not in valid]
    if bad:
        raise DomainError("出席情况只能是出席、请假或无故缺席")
    members = Member.objects.filter(committee_id=sheet.committee_id, pk__in=list(statuses)).select_related(
        "person"
    )
    by_id = {m.pk: m for m in members}
    if len(by_id) != len(statuses):
        raise DomainError("名单中有不属于本政协的委员，请刷新后重试")
    lines = {
        line.member_id: line
        for line in AttendanceLine.objects.filter(sheet=sheet, member_id__in=list(statuses))
    }
    counts = {"added": 0, "changed": 0, "cleared": 0}
    with transaction.atomic():
        for member_id, status in sorted(statuses.items()):
            line = lines.get(member_id)
            if (line.status if line else "") == status:
                continue
            attendance_mark(
                member=by_id[member_id],
                source=sheet,
                kind=sheet.kind,
                status=status or None,
                by=by,
                year=sheet.year,
            )
            if not status:
                AttendanceLine.objects.filter(pk=line.pk).delete()  # type: ignore[union-attr]
                counts["cleared"] += 1
            elif line is None:
                AttendanceLine.objects.create(sheet=sheet, member_id=member_id, status=status)
                counts["added"] += 1
            else:
                AttendanceLine.objects.filter(pk=line.pk).update(status=status, updated_at=timezone.now())
                counts["changed"] += 1
        if any(counts.values()):
            record(action="duty.attendance.recorded", obj=sheet, by=by, data=counts)
    return counts
