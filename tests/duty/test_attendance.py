"""Attendance sheets: staff record many members at once; each status scores or deducts by the
rules of the sheet's kind; a corrected status reverses the old entry."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.duty.helpers import add_members
from tests.querycount import queries
from zhengxie.audit.models import AuditEvent
from zhengxie.duty import services_attendance
from zhengxie.duty.models import AttendanceLine, AttendanceSheet, PointEntry
from zhengxie.duty.selectors import standings
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Sector

TODAY = date.today()


def _sheet(p, kind="plenary"):
    return services_attendance.sheet_create(
        committee_id=p.city.pk, title="第三次全体会议", kind=kind, held_on=TODAY, by=p.activity_staff
    )


def _totals(p):
    return {pk: row.total for pk, row in standings(p.city.pk, TODAY.year).by_member().items()}


def test_staff_record_a_plenary_for_many_members_at_once(client, p):
    others = add_members(p, 3)
    client.force_login(p.activity_staff)
    response = client.post(
        reverse("duty:sheet_create"),
        {"title": "第三次全体会议", "kind": "plenary", "held_on": TODAY.isoformat()},
    )
    sheet = AttendanceSheet.objects.get()
    assert response.url == reverse("duty:sheet_detail", args=[sheet.pk])
    url = reverse("duty:sheet_detail", args=[sheet.pk])
    data = {
        f"m{p.member_wang_record.pk}": "present",
        f"m{others[0].pk}": "excused",
        f"m{others[1].pk}": "unexcused",
        f"m{others[2].pk}": "",
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "新增3人" in page
    totals = _totals(p)
    assert totals[p.member_wang_record.pk] == 20
    assert (totals[others[0].pk], totals[others[1].pk], totals[others[2].pk]) == (-5, -20, 0)
    assert AuditEvent.objects.filter(action="duty.attendance.recorded").count() == 1


def test_saving_the_same_statuses_again_changes_nothing(p):
    sheet = _sheet(p)
    services_attendance.sheet_record(
        sheet=sheet, statuses={p.member_wang_record.pk: "present"}, by=p.activity_staff
    )
    counts = services_attendance.sheet_record(
        sheet=sheet, statuses={p.member_wang_record.pk: "present"}, by=p.activity_staff
    )
    assert counts == {"added": 0, "changed": 0, "cleared": 0}
    assert PointEntry.objects.count() == 1


def test_a_corrected_status_reverses_the_old_entry_and_can_go_back(p):
    sheet = _sheet(p)
    wang = p.member_wang_record.pk
    for status, expected in (("unexcused", -20), ("present", 20), ("unexcused", -20), ("", 0)):
        services_attendance.sheet_record(sheet=sheet, statuses={wang: status}, by=p.activity_staff)
        assert _totals(p)[wang] == expected, status
    assert not AttendanceLine.objects.exists()
    assert PointEntry.objects.filter(reverses__isnull=False).count() == 3


def test_standing_committee_absences_use_the_variants_of_d03(p):
    wang = p.member_wang_record
    wang.is_standing = True
    wang.save()
    sheet = _sheet(p, kind="standing")
    services_attendance.sheet_record(sheet=sheet, statuses={wang.pk: "excused"}, by=p.activity_staff)
    assert _totals(p)[wang.pk] == -2
    services_attendance.sheet_record(sheet=sheet, statuses={wang.pk: "unexcused"}, by=p.activity_staff)
    assert _totals(p)[wang.pk] == -5


def test_a_member_of_another_committee_cannot_be_put_on_a_sheet(p):
    sheet = _sheet(p)
    county_member = p.member_county.person.memberships.get()
    with pytest.raises(DomainError, match="不属于本政协"):
        services_attendance.sheet_record(
            sheet=sheet,
            statuses={p.member_wang_record.pk: "present", county_member.pk: "present"},
            by=p.activity_staff,
        )
    assert not PointEntry.objects.exists() and not AttendanceLine.objects.exists()


def test_bad_status_and_future_date_are_refused(client, p):
    sheet = _sheet(p)
    with pytest.raises(DomainError, match="出席情况只能是"):
        services_attendance.sheet_record(
            sheet=sheet, statuses={p.member_wang_record.pk: "late"}, by=p.activity_staff
        )
    client.force_login(p.activity_staff)
    response = client.post(
        reverse("duty:sheet_create"), {"title": "x", "kind": "plenary", "held_on": date(TODAY.year + 1, 1, 1)}
    )
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()


def test_sheet_filters_by_sector_and_leader_reads_only(client, p):
    other_sector = Sector.objects.create(committee=p.city, name="教育界")
    add_members(p, 2, sector=other_sector, prefix="教育")
    sheet = _sheet(p)
    client.force_login(p.leader)
    url = reverse("duty:sheet_detail", args=[sheet.pk])
    page = client.get(url, {"sector": other_sector.pk}).content.decode()
    assert "教育0" in page and "王建国" not in page and 'type="radio"' not in page
    assert client.post(url, {f"m{p.member_wang_record.pk}": "present"}).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(url).status_code == 404


def test_sheet_pages_query_counts_do_not_grow(client, p):
    sheet = _sheet(p)
    add_members(p, 2)
    client.force_login(p.activity_staff)
    url = reverse("duty:sheet_detail", args=[sheet.pk])
    small, small_list = queries(client, url), queries(client, reverse("duty:sheet_list"))
    members = add_members(p, 48, prefix="新")
    for _ in range(3):
        _sheet(p)
    services_attendance.sheet_record(
        sheet=sheet, statuses={m.pk: "present" for m in members}, by=p.activity_staff
    )
    assert queries(client, url) == small
    assert queries(client, reverse("duty:sheet_list")) == small_list


def test_the_sheet_page_points_to_the_days_activities_that_record_attendance_themselves(client, p):
    """A meeting run in 会议活动 records and scores its own attendance; the sheet of that day
    lists it so that staff do not score the same meeting twice."""
    from zhengxie.consultations.services import activities

    nine = timezone.make_aware(datetime.combine(TODAY, time(9)))
    meeting = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="plenary", title="政协第三次全体会议",
        starts_at=nine, ends_at=nine + timedelta(hours=3), place="市会议中心",
    )  # fmt: skip
    activities.activity_create(
        committee_id=p.county_a.pk, by=p.activity_staff, kind="plenary", title="县政协全体会议",
        starts_at=nine, ends_at=nine + timedelta(hours=3), place="县会议中心",
    )  # fmt: skip
    sheet = _sheet(p)
    client.force_login(p.activity_staff)
    page = client.get(reverse("duty:sheet_detail", args=[sheet.pk])).content.decode()
    box = page[page.index('data-testid="elsewhere"') :]
    assert "政协第三次全体会议" in box and reverse("consultations:activity_detail", args=[meeting.pk]) in box
    assert "县政协全体会议" not in page  # another committee's
    other_day = services_attendance.sheet_create(
        committee_id=p.city.pk, title="常委会议", kind="standing", held_on=TODAY - timedelta(days=3),
        by=p.activity_staff,
    )  # fmt: skip
    assert (
        'data-testid="elsewhere"'
        not in client.get(reverse("duty:sheet_detail", args=[other_day.pk])).content.decode()
    )
