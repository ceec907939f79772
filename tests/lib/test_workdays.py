"""Deadline arithmetic against the State Council's published 2025 and 2026 holiday schedules."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhengxie.lib import workdays
from zhengxie.lib.models import CalendarDay
from zhengxie.lib.tasks import check_holiday_calendar
from zhengxie.lib.workdays import (
    add_months,
    add_working_days,
    due_at,
    is_workday,
    known_year,
    working_days_between,
    years_needing_entry,
    years_to_check,
)

pytestmark = pytest.mark.django_db

SCHEDULE = [
    # 2025: 春节 1/28–2/4 off, 1/26 (Sun) and 2/8 (Sat) worked; 劳动节 5/1–5/5 off, 4/27 (Sun) worked;
    # 国庆+中秋 10/1–10/8 off, 9/28 (Sun) and 10/11 (Sat) worked.
    ("2025-01-26", True), ("2025-01-28", False), ("2025-02-04", False), ("2025-02-08", True),
    ("2025-04-27", True), ("2025-05-01", False), ("2025-05-05", False), ("2025-05-06", True),
    ("2025-09-28", True), ("2025-10-01", False), ("2025-10-08", False), ("2025-10-11", True),
    # 2026: 元旦 1/1–1/3 off, 1/4 (Sun) worked; 春节 2/15–2/23 off, 2/14 and 2/28 (Sat) worked;
    # 国庆 10/1–10/7 off, 9/20 (Sun) and 10/10 (Sat) worked.
    ("2026-01-01", False), ("2026-01-04", True), ("2026-02-14", True), ("2026-02-15", False),
    ("2026-02-23", False), ("2026-02-28", True), ("2026-09-20", True), ("2026-10-07", False),
    ("2026-10-10", True), ("2026-10-12", True),
]  # fmt: skip


@pytest.mark.parametrize(("day", "working"), SCHEDULE)
def test_published_schedule(day, working):
    assert is_workday(date.fromisoformat(day)) is working


def test_seven_working_days_across_the_national_day_holiday():
    # 9/28 Sun(1) 9/29(2) 9/30(3) — 10/1–10/8 off — 10/9(4) 10/10(5) 10/11 Sat(6) 10/13(7)
    assert add_working_days(date(2025, 9, 26), 7) == date(2025, 10, 13)


def test_working_days_across_spring_festival_2026():
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)  # the 调休 Saturday
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_calendar_months_clamp_to_month_end():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 8, 15), 6) == date(2026, 2, 15)


def test_due_at_is_the_end_of_the_local_day():
    start = datetime(2025, 9, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    due = due_at(start, 7, "working_days")
    assert due.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None) == datetime(
        2025, 10, 13, 23, 59, 59
    )
    assert due_at(start, 3, "months").date() == date(2025, 12, 26)
    assert due_at(start, 10, "days").date() == date(2025, 10, 6)
    with pytest.raises(ValueError):
        due_at(start, 1, "weeks")


def test_an_unannounced_year_falls_back_to_weekends_with_a_warning_once(caplog, monkeypatch):
    monkeypatch.setattr(workdays, "_warned_years", set())  # independent of earlier tests
    assert years_needing_entry([2026, 2027]) == [2027]
    assert known_year(2026) and not known_year(2027)
    with caplog.at_level("WARNING"):
        # 2027-02-08 is a Monday; without data it counts as a working day, 2027-02-06 a Saturday not.
        assert is_workday(date(2027, 2, 8)) is True
        assert is_workday(date(2027, 2, 6)) is False
        assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 8)
    warnings = [r for r in caplog.records if "2027年节假日安排未录入" in r.getMessage()]
    assert len(warnings) == 1


def test_years_to_check_adds_next_year_from_november():
    assert years_to_check(date(2026, 10, 31)) == [2026]
    assert years_to_check(date(2026, 11, 1)) == [2026, 2027]


def test_known_years_need_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert years_needing_entry([2025, 2026]) == []


def test_daily_check_warns_about_next_year_in_november(caplog):
    with time_machine.travel(date(2026, 11, 23)), caplog.at_level("WARNING"):
        assert check_holiday_calendar.call() == [2027]
        assert "2027年节假日安排尚未录入" in caplog.text
    CalendarDay.objects.create(day=date(2027, 1, 1), is_workday=False, name="元旦")
    with time_machine.travel(date(2026, 11, 24)):
        assert check_holiday_calendar.call() == []
    with time_machine.travel(date(2026, 6, 1)):
        CalendarDay.objects.all().delete()
        assert check_holiday_calendar.call() == []


def test_entered_days_override_and_complete_an_unknown_year():
    for d in range(6, 14):  # an administrator enters 春节 2027
        CalendarDay.objects.create(day=date(2027, 2, d), is_workday=False, name="春节")
    CalendarDay.objects.create(day=date(2027, 2, 20), is_workday=True, name="春节调休")
    assert years_needing_entry([2027]) == []
    assert is_workday(date(2027, 2, 8)) is False
    assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 15)
    assert is_workday(date(2027, 2, 20)) is True


def test_working_day_arithmetic_does_not_query_per_day(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        add_working_days(date(2025, 1, 1), 200)
    with django_assert_max_num_queries(3):
        working_days_between(date(2025, 1, 1), date(2027, 12, 31))
