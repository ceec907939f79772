"""Entering a year's holidays and 调休 working days (the data behind lib/workdays.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.models import CalendarDay

MAX_RANGE_DAYS = 31


def calendar_days_set(*, start: date, end: date, is_workday: bool, name: str, by: Any) -> int:
    """Mark every day from `start` to `end` as a holiday or a working day (replacing earlier entries)."""
    if end < start:
        raise DomainError("结束日期不能早于开始日期")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise DomainError(f"一次最多录入{MAX_RANGE_DAYS}天")
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    with transaction.atomic():
        for day in days:
            CalendarDay.objects.update_or_create(
                day=day, defaults={"is_workday": is_workday, "name": name.strip(), "entered_by": by}
            )
        record(
            action="calendar.days_set",
            by=by,
            data={"start": start, "end": end, "is_workday": is_workday, "name": name.strip()},
        )
    return len(days)


def calendar_day_delete(*, entry: CalendarDay, by: Any) -> None:
    with transaction.atomic():
        record(action="calendar.day_deleted", by=by, data={"day": entry.day, "is_workday": entry.is_workday})
        entry.delete()
