"""Deadline arithmetic: calendar days, calendar months and working days with China's statutory
holidays and 调休 working weekends. The only place where due dates are computed (DESIGN §4).

Which days are working days, in order of precedence:
1. days an administrator entered (lib.models.CalendarDay) — corrections, and years the holiday
   library does not know yet (the State Council publishes each year's schedule in the autumn);
2. the `chinese_calendar` package, for the years it knows;
3. otherwise Monday to Friday, with a warning: the administrator is asked to enter that year.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils import timezone

from .models import CalendarDay

logger = logging.getLogger(__name__)
_warned_years: set[int] = set()


@lru_cache(maxsize=64)
def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _entered(years: Iterable[int]) -> dict[date, bool]:
    """Administrator-entered days of these years, in one query."""
    years = sorted(set(years))
    rows = CalendarDay.objects.filter(day__year__in=years).values_list("day", "is_workday")
    return dict(rows)


def known_year(year: int) -> bool:
    return _library_knows(year) or CalendarDay.objects.filter(day__year=year).exists()


def years_needing_entry(years: Iterable[int]) -> list[int]:
    """Years that neither the library nor an administrator has covered.

    Costs no query at all while the library knows every year asked about (the daily check and the
    home page call this often)."""
    unknown = sorted(y for y in set(years) if not _library_knows(y))
    if not unknown:
        return []
    entered = set(
        CalendarDay.objects.filter(day__year__in=unknown)
        .order_by()
        .values_list("day__year", flat=True)
        .distinct()
    )
    return [y for y in unknown if y not in entered]


def years_to_check(today: date | None = None) -> list[int]:
    """This year always; next year from November on, when the State Council usually publishes it."""
    today = today or timezone.localdate()
    return [today.year] + ([today.year + 1] if today.month >= 11 else [])


class WorkdayCalendar:
    """Answers is-this-a-working-day for a span of years with one query for the entered days."""

    def __init__(self, years: Iterable[int]) -> None:
        self.years = set(years)
        # Read on the first question, not when built: a job that builds one per row and then
        # never asks (an item already late is red whatever the calendar says) reads nothing.
        self._entered: dict[date, bool] | None = None

    @property
    def entered(self) -> dict[date, bool]:
        if self._entered is None:
            self._entered = _entered(self.years)
        return self._entered

    def is_workday(self, day: date) -> bool:
        if day.year not in self.years:
            self.years.add(day.year)
            if self._entered is not None:
                self._entered.update(_entered([day.year]))
        if day in self.entered:
            return self.entered[day]
        if _library_knows(day.year):
            return bool(chinese_calendar.is_workday(day))
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning("%s年节假日安排未录入，工作日按周一至周五计算", day.year)
        return day.weekday() < 5


def is_workday(day: date) -> bool:
    return WorkdayCalendar([day.year]).is_workday(day)


def add_working_days(start: date, n: int, cal: WorkdayCalendar | None = None) -> date:
    """The n-th working day after `start` (`start` itself does not count)."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = cal or WorkdayCalendar([start.year, start.year + 1])
    day = start
    while n > 0:
        day += timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


def working_days_between(start: date, end: date, cal: WorkdayCalendar | None = None) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier).
    Pass a calendar when counting for many rows, so the entered days are read once."""
    if end < start:
        return -working_days_between(end, start, cal)
    cal = cal or WorkdayCalendar(range(start.year, end.year + 1))
    return sum(1 for i in range(1, (end - start).days + 1) if cal.is_workday(start + timedelta(days=i)))


def add_calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def add_months(start: date, n: int) -> date:
    """Calendar months, clamped to the month's end: 31 January + 1 month = 28/29 February."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


UNITS: dict[str, Callable[[date, int], date]] = {
    "working_days": add_working_days,
    "days": add_calendar_days,
    "months": add_months,
}


def due_at(start: datetime | date, amount: int, unit: str) -> datetime:
    """The end (23:59:59 local time) of the day `amount` `unit`s after `start`."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    start_day = timezone.localdate(start) if isinstance(start, datetime) else start
    day = UNITS[unit](start_day, amount)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
