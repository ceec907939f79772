from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from zhengxie.audit.models import AuditEvent
from zhengxie.lib.models import CalendarDay

URL = reverse("org:holiday_list")


def test_sysadmin_enters_a_holiday_range(client, p):
    client.force_login(p.sysadmin)
    data = {"start": "2027-02-06", "end": "2027-02-13", "is_workday": "0", "name": "春节"}
    assert client.post(URL, data).status_code == 302
    assert CalendarDay.objects.filter(is_workday=False, name="春节").count() == 8
    assert AuditEvent.objects.filter(action="calendar.days_set", actor=p.sysadmin).exists()


def test_bad_range_is_refused_and_nothing_stored(client, p):
    client.force_login(p.sysadmin)
    backwards = client.post(
        URL, {"start": "2027-02-13", "end": "2027-02-06", "is_workday": "0", "name": "春节"}
    )
    assert backwards.status_code == 400 and "结束日期不能早于开始日期" in backwards.content.decode()
    too_long = client.post(URL, {"start": "2027-01-01", "end": "2027-03-01", "is_workday": "0", "name": "x"})
    assert too_long.status_code == 400 and "最多录入31天" in too_long.content.decode()
    assert not CalendarDay.objects.exists()


def test_sysadmin_is_warned_in_november_about_next_year(client, p):
    client.force_login(p.sysadmin)
    with time_machine.travel(date(2026, 11, 23)):
        assert "2027年节假日安排尚未录入" in client.get(URL).content.decode()
        assert "节假日安排待录入：2027年" in client.get("/").content.decode()
        CalendarDay.objects.create(day=date(2027, 2, 8), is_workday=False, name="春节")
        assert "节假日安排待录入" not in client.get("/").content.decode()


def test_pending_item_only_when_a_year_is_missing(client, p):
    client.force_login(p.sysadmin)
    with time_machine.travel(date(2026, 6, 1)):  # 2026 is known, 2027 not asked about before November
        assert "节假日安排待录入" not in client.get("/").content.decode()
        assert "尚未录入" not in client.get(URL).content.decode()
    # January (within the password lifetime of the personas): the current year is always checked.
    with time_machine.travel(date(2027, 1, 15)):
        client.force_login(p.sysadmin)
        assert "节假日安排待录入：2027年" in client.get("/").content.decode()
    with time_machine.travel(date(2027, 1, 15)):
        client.force_login(p.secadmin)
        assert "节假日安排待录入" not in client.get("/").content.decode()


def test_sysadmin_deletes_an_entry(client, p):
    entry = CalendarDay.objects.create(day=date(2027, 2, 8), is_workday=False, name="春节")
    client.force_login(p.sysadmin)
    assert client.post(reverse("org:holiday_delete", args=[entry.pk])).status_code == 302
    assert not CalendarDay.objects.exists()
    assert AuditEvent.objects.filter(action="calendar.day_deleted").exists()


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin", "proposal_staff", "member_wang"])
def test_other_roles_cannot_reach_the_holiday_page(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(URL).status_code == 404
    assert (
        client.post(
            URL, {"start": "2027-02-06", "end": "2027-02-07", "is_workday": "0", "name": "x"}
        ).status_code
        == 404
    )
    assert not CalendarDay.objects.exists()
    entry = CalendarDay.objects.create(day=date(2027, 2, 8), is_workday=False, name="春节")
    assert client.post(reverse("org:holiday_delete", args=[entry.pk])).status_code == 404
    assert CalendarDay.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("rows", [2, 30])
def test_holiday_page_query_count_is_fixed(client, p, rows, django_assert_num_queries):
    for d in range(1, rows + 1):
        CalendarDay.objects.create(
            day=date(2026, 1, 1).replace(month=1 + (d - 1) // 28, day=1 + (d - 1) % 28),
            is_workday=False,
            name="x",
        )
    client.force_login(p.sysadmin)
    client.get(URL)
    with time_machine.travel(date(2026, 6, 1)), django_assert_num_queries(7):
        assert client.get(URL + "?year=2026").status_code == 200
