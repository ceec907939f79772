"""When an item's next progress report is due (per item: monthly, quarterly or on given dates).

Reports are due "by the Nth day" of the month (seed 000: major decisions report by the 5th of
each month); a quarterly report is due by that day of the month after the quarter ends. No
report falls due after the item's own due date: the completion report covers the last stretch.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zhengxie.lib.workdays import add_months

from ..models import ReportCycle


def schedule_after(item: Any, day: date) -> date | None:
    """The first report date strictly after `day`, or None."""
    due: date | None
    if item.report_cycle == ReportCycle.MONTHLY:
        due = day.replace(day=item.report_day)
        if due <= day:
            due = add_months(due, 1)
    elif item.report_cycle == ReportCycle.QUARTERLY:
        first_month_of_next_quarter = ((day.month - 1) // 3 + 1) * 3 + 1
        year = day.year + (first_month_of_next_quarter > 12)
        due = date(year, (first_month_of_next_quarter - 1) % 12 + 1, item.report_day)
        # Still before this quarter's report date (e.g. 2 April for the Q1 report due 5 April)?
        this_quarter = date(day.year, ((day.month - 1) // 3) * 3 + 1, item.report_day)
        if day < this_quarter:
            due = this_quarter
    elif item.report_cycle == ReportCycle.DATES:
        later = sorted(d for d in (date.fromisoformat(s) for s in item.report_dates) if d > day)
        due = later[0] if later else None
    else:
        due = None
    if due is not None and due > item.due_on:
        return None
    return due


def first_report_on(item: Any, today: date) -> date | None:
    return schedule_after(item, today)


def next_report_on(item: Any, today: date) -> date | None:
    """After a report: the date following the one just met (or today, when it was late)."""
    current = item.next_report_on
    return schedule_after(item, max(today, current) if current else today)
