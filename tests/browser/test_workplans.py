"""A special supervisor on a 375 px phone writes a report on his department from his home page;
the office sends it on to the department as a finding, and the department sees it to reply."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login, logout
from tests.personas import build
from zhengxie.workplans import supervision
from zhengxie.workplans.models import Finding, SupervisorReport


def _fits(page: Page, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_supervisor_reports_from_a_phone_and_the_office_sends_it_on(live_server, page: Page) -> None:
    p = build()
    supervision.supervisor_appoint(
        committee_id=p.city.pk, by=p.activity_staff, member=p.member_wang_record, unit=p.unit
    )
    violations = csp_violations(page)
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="本年度待报送的特约监督报告").click()
    _fits(page, "supervision page")
    form = page.get_by_test_id("report-form")
    form.get_by_label("标题").fill("老旧小区改造监督报告")
    form.get_by_label("报告内容").fill("走访五个小区，改造进度滞后，资金使用未按季度公开。")
    form.get_by_role("button", name="报送").click()
    expect(page.locator(".messages")).to_contain_text("报告已报送")
    expect(page.get_by_test_id("reports")).to_contain_text("待审阅")
    _fits(page, "supervision page")
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, p.activity_staff.username)
    page.get_by_role("link", name="待审阅的特约监督员报告").click()
    page.get_by_role("link", name="老旧小区改造监督报告").click()
    page.get_by_label("答复期限").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="转送部门").click()
    expect(page.get_by_test_id("state")).to_have_text("已转送部门")
    report = SupervisorReport.objects.get()
    assert report.finding is not None
    assert Finding.objects.get().supervisor is not None
    assert violations == []
