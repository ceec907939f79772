"""Minimum duties, absence thresholds and interviews; standing members' annual reports and the
reminder job."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.duty.helpers import add_members, pdf
from zhengxie.audit.models import AuditEvent
from zhengxie.duty import services, services_reports
from zhengxie.duty.models import Interview, PointEntry, StandingReport, YearSettings
from zhengxie.duty.selectors import absence_flags, standings
from zhengxie.duty.tasks import remind_standing_reports
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice
from zhengxie.org.models import Sector

TODAY = date.today()
YEAR = TODAY.year


def _make_standing(p):
    wang = p.member_wang_record
    wang.is_standing = True
    wang.save()
    return wang


def test_members_short_of_minimums_are_listed_for_interview(client, p):
    done = add_members(p, 1, prefix="勤勉")[0]
    # The 五个一 too: 社情民意, a speech, a reasonable suggestion, friends made, a practical deed.
    for code in ("M01", "P01", "A01", "A04", "C01", "S01", "M02", "C05", "C04", "C02"):
        services.record_points(member=done, code=code, source=p.unit, by=None)
    services.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None)
    client.force_login(p.activity_staff)
    page = client.get(reverse("duty:minimums")).content.decode()
    assert "王建国" in page and "勤勉0" not in page
    assert "至少1件立案提案或1篇社情民意被采用（0/1）" in page
    url = reverse("duty:interview_record", args=[p.member_wang_record.pk]) + f"?year={YEAR}"
    client.post(url, {"held_on": TODAY.isoformat(), "note": "已谈话，本人表示将积极履职"})
    interview = Interview.objects.get()
    assert interview.member == p.member_wang_record and interview.recorded_by == p.activity_staff
    assert AuditEvent.objects.filter(action="duty.interview.recorded").exists()
    assert "已约谈" in client.get(reverse("duty:minimums")).content.decode()
    assert "王建国" not in client.get(reverse("duty:minimums"), {"open": "1"}).content.decode()
    with pytest.raises(DomainError, match="已记录"):
        services.interview_record(
            member=p.member_wang_record, year=YEAR, held_on=TODAY, note="again", by=p.activity_staff
        )


def test_interview_needs_a_note_and_only_staff_record_it(client, p):
    client.force_login(p.activity_staff)
    url = reverse("duty:interview_record", args=[p.member_wang_record.pk])
    page = client.post(url, {"held_on": TODAY.isoformat(), "note": ""}, follow=True).content.decode()
    assert "请填写约谈日期和约谈情况" in page and not Interview.objects.exists()
    client.force_login(p.leader)
    assert client.get(reverse("duty:minimums")).status_code == 200
    assert client.post(url, {"held_on": TODAY.isoformat(), "note": "x"}).status_code == 404


def test_three_unexcused_plenary_absences_in_the_term_are_flagged(p):
    sectors = [Sector.objects.create(committee=p.city, name=f"s{i}") for i in range(3)]
    # Term started 2023 (personas); absences spread over this year and last year.
    services.record_points(member=p.member_wang_record, code="D01", source=sectors[0], by=None, year=YEAR - 1)
    services.record_points(member=p.member_wang_record, code="D01", source=sectors[1], by=None)
    settings = services.year_open(committee_id=p.city.pk, year=YEAR)
    assert absence_flags(p.city.pk, YEAR, settings) == {}
    services.record_points(member=p.member_wang_record, code="D01", source=sectors[2], by=None)
    assert absence_flags(p.city.pk, YEAR, settings) == {p.member_wang_record.pk: ["本届全体会议无故缺席3次"]}


def test_standing_members_absences_in_a_year_are_flagged(p):
    wang = _make_standing(p)
    for i in range(3):
        sector = Sector.objects.create(committee=p.city, name=f"s{i}")
        services.record_points(member=wang, code="D03", source=sector, by=None, variant="请假缺席")
    settings = services.year_open(committee_id=p.city.pk, year=YEAR)
    assert absence_flags(p.city.pk, YEAR, settings)[wang.pk] == ["本年度常委会议缺席3次"]


def test_a_standing_member_submits_the_annual_report_and_scores_r01_once(client, p):
    wang = _make_standing(p)
    client.force_login(p.member_wang)
    url = reverse("duty:standing_report")
    assert client.post(url, {"text": "一年来认真履职……"}).status_code == 302
    assert client.post(url, {"text": "", "file": pdf("报告.pdf")}).status_code == 302
    report = StandingReport.objects.get()
    assert report.file_name == "报告.pdf" and report.text == ""
    assert PointEntry.objects.filter(member=wang, rule__code="R01").count() == 1
    row = standings(p.city.pk, YEAR).by_member()[wang.pk]
    assert row.total == 5 and all(m.met for m in row.minimums if m.label.startswith("常委"))
    client.force_login(p.activity_staff)
    page = client.get(reverse("duty:standing_reports")).content.decode()
    assert "报告.pdf" in page
    assert client.get(reverse("duty:standing_report_file", args=[report.pk])).status_code == 200


def test_standing_report_bad_input(client, p):
    _make_standing(p)
    client.force_login(p.member_wang)
    response = client.post(reverse("duty:standing_report"), {"text": ""})
    assert response.status_code == 400 and "请填写报告内容或上传报告文件" in response.content.decode()
    response = client.post(reverse("duty:standing_report"), {"file": pdf("报告.docx")})
    assert response.status_code == 400 and "附件内容与文件类型不符" in response.content.decode()
    assert not StandingReport.objects.exists()


def test_a_member_who_is_not_standing_has_no_standing_report_page(client, p):
    client.force_login(p.member_wang)
    assert client.get(reverse("duty:standing_report")).status_code == 404
    with pytest.raises(DomainError, match="只有常委"):
        services_reports.standing_report_submit(member=p.member_wang_record, by=p.member_wang, text="x")


def test_reminder_job_run_twice_sends_one_notice_and_spares_those_who_submitted(client, p):
    wang = _make_standing(p)
    due = TODAY + timedelta(days=5)
    settings = services.year_open(committee_id=p.city.pk, year=YEAR)
    YearSettings.objects.filter(pk=settings.pk).update(standing_report_due=due, reminder_days=14)
    assert remind_standing_reports.call() == 1
    assert remind_standing_reports.call() == 0  # a rerun only reads who was reminded already
    notices = Notice.objects.filter(recipient=p.member_wang, key=f"duty.standing_report.{YEAR}.{wang.pk}")
    assert notices.count() == 1 and "常委履职报告" in notices.get().title
    client.force_login(p.member_wang)
    assert "常委年度履职报告待提交" in client.get("/").content.decode()
    services_reports.standing_report_submit(member=wang, by=p.member_wang, text="报告")
    assert "常委年度履职报告待提交" not in client.get("/").content.decode()


def test_no_reminder_before_the_window(p):
    _make_standing(p)
    settings = services.year_open(committee_id=p.city.pk, year=YEAR)
    YearSettings.objects.filter(pk=settings.pk).update(
        standing_report_due=date(YEAR, 12, 31), reminder_days=3
    )
    with time_machine.travel(date(YEAR, 12, 1), tick=False):
        assert remind_standing_reports.call() == 0
    assert not Notice.objects.exists()
