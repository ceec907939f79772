"""When progress reports fall due: monthly by a day of the month, quarterly by that day of the
month after the quarter, or on given dates; never after the item's own due date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.supervision import config
from zhengxie.supervision.models import Item, ReportCycle
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.services import progress
from zhengxie.supervision.services.schedule import schedule_after

from .helpers import aware, fresh, signed


def _item(cycle: str, due_on: date = date(2027, 12, 31), **fields: Any) -> Item:
    return Item(report_cycle=cycle, due_on=due_on, **fields)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 4), date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 4, 5)),  # strictly after: today's report is this one
        (date(2026, 3, 10), date(2026, 4, 5)),
        (date(2026, 12, 20), date(2027, 1, 5)),
    ],
)
def test_monthly_reports_fall_due_on_the_fifth(day: date, expected: date) -> None:
    assert schedule_after(_item(ReportCycle.MONTHLY, report_day=5), day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 10), date(2026, 4, 5)),
        (date(2026, 4, 2), date(2026, 4, 5)),  # the first quarter's report is still to come
        (date(2026, 4, 5), date(2026, 7, 5)),
        (date(2026, 8, 31), date(2026, 10, 5)),
        (date(2026, 11, 20), date(2027, 1, 5)),
        (date(2027, 1, 3), date(2027, 1, 5)),
    ],
)
def test_quarterly_reports_fall_due_after_each_quarter(day: date, expected: date) -> None:
    assert schedule_after(_item(ReportCycle.QUARTERLY, report_day=5), day) == expected


def test_reports_on_given_dates() -> None:
    item = _item(ReportCycle.DATES, report_dates=["2026-06-30", "2026-09-30", "2026-12-15"])
    assert schedule_after(item, date(2026, 5, 1)) == date(2026, 6, 30)
    assert schedule_after(item, date(2026, 6, 30)) == date(2026, 9, 30)
    assert schedule_after(item, date(2026, 12, 15)) is None


@pytest.mark.parametrize(
    "item",
    [
        _item(ReportCycle.MONTHLY, due_on=date(2026, 4, 1), report_day=5),
        _item(ReportCycle.QUARTERLY, due_on=date(2026, 4, 1), report_day=5),
        _item(ReportCycle.DATES, due_on=date(2026, 4, 1), report_dates=["2026-04-02"]),
        _item(ReportCycle.NONE, due_on=date(2026, 4, 1)),
    ],
    ids=["monthly", "quarterly", "dates", "none"],
)
def test_no_report_falls_due_after_the_item_itself(item: Item) -> None:
    assert schedule_after(item, date(2026, 3, 10)) is None


def test_issuing_sets_the_first_report_date_and_each_report_the_next(p: Personas) -> None:
    with time_machine.travel(aware(date(2026, 3, 10)), tick=False):
        item = signed(p, due_on=date(2026, 9, 30), report_cycle=ReportCycle.MONTHLY, report_day=5)
        assert item.next_report_on == date(2026, 4, 5)
    with time_machine.travel(aware(date(2026, 4, 3)), tick=False):
        progress.progress_report(item=fresh(item), by=p.unit_clerk, percent=20, text="完成方案编制")
    assert fresh(item).next_report_on == date(2026, 5, 5)
    with time_machine.travel(aware(date(2026, 5, 12)), tick=False):  # a week late
        progress.progress_report(item=fresh(item), by=p.unit_clerk, percent=40, text="完成招标工作")
    assert fresh(item).next_report_on == date(2026, 6, 5)
    with time_machine.travel(aware(date(2026, 9, 6)), tick=False):  # the last report before the due date
        progress.progress_report(item=fresh(item), by=p.unit_clerk, percent=90, text="基本完成施工")
    assert fresh(item).next_report_on is None


def _form(p: Personas, title: str, report_dates: str) -> dict[str, Any]:
    return {
        "title": title,
        "source": config.sources_for(p.city.pk)[0].pk,
        "due_on": "2026-12-31",
        "lead_unit": p.unit.pk,
        "report_cycle": "dates",
        "report_day": 5,
        "report_dates": report_dates,
        "weight": "1",
    }


def test_given_dates_are_entered_on_the_registration_form(client: Client, p: Personas) -> None:
    with time_machine.travel(aware(date(2026, 3, 10)), tick=True):
        client.force_login(p.supervision_staff)
        create = reverse("supervision:item_create")
        assert client.post(create, _form(p, "按节点报告", "2026-09-30，2026-06-30")).status_code == 302
        bad = client.post(create, _form(p, "日期写错", "六月底"))
        assert bad.status_code == 400 and "日期格式应为 2026-06-30" in bad.content.decode()
        item = Item.objects.get()
        assert item.report_dates == ["2026-06-30", "2026-09-30"]
        item_services.item_issue(
            item=item_services.item_approve(item=item, by=p.leader), by=p.supervision_staff
        )
    assert fresh(item).next_report_on == date(2026, 6, 30)
