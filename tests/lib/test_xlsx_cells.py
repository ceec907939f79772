"""Excel exports hold typed cells: rates as numbers shown as percentages, times as dates, and
every table gets an autofilter on its header row."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from zhengxie.lib.xlsx import Percent, workbook_response
from zhengxie.supervision.selectors import UnitFigures, on_time_fraction


def test_rates_are_percent_numbers_times_are_dates_and_tables_filter() -> None:
    at = datetime(2026, 3, 5, 1, 30, tzinfo=ZoneInfo("UTC"))  # 09:30 in Beijing
    response = workbook_response(
        "t.xlsx",
        [
            (
                "表",
                ("单位", "按期办结率", "办结时间", "期限"),
                [("市住建局", Percent(0.5), at, date(2026, 3, 31)), ("市教育局", "—", "", "")],
            )
        ],
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rate, when, due = sheet["B2"], sheet["C2"], sheet["D2"]
    assert rate.value == 0.5 and rate.number_format == "0.0%"
    assert when.value == datetime(2026, 3, 5, 9, 30) and when.is_date and "yyyy" in when.number_format
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert sheet["B3"].value == "—"
    assert sheet.auto_filter.ref == "A1:D3"


def test_the_on_time_rate_counts_overdue_items_in_its_denominator() -> None:
    # One item done on time, two open past their due date: not 100 %.
    assert on_time_fraction(1, 2) == 1 / 3
    assert (
        UnitFigures(unit_id=1, unit="市住建局", total=3, done=1, done_on_time=1, overdue=2).on_time_rate
        == "33%"
    )
    assert UnitFigures(unit_id=1, unit="市住建局", total=2, done=2, done_on_time=2).on_time_rate == "100%"
    assert UnitFigures(unit_id=1, unit="市住建局", total=1).on_time_rate == "—"
