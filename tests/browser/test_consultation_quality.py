"""Quality gates, the case library and the minimum duties in the browser: a leader reviews a work
plan from his home page and the step moves on; staff select a finished consultation as a case
and find it in the library; a member on a 375 px phone sees the minimum duties still missing and
goes to report one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login, logout
from tests.personas import build
from zhengxie.consultations import config
from zhengxie.consultations.models import Step
from zhengxie.consultations.services import outcomes, plans, reviews
from zhengxie.duty import services as duty


@pytest.mark.django_db(transaction=True)
def test_leader_reviews_a_work_plan_and_staff_keep_a_case(live_server, page: Page) -> None:
    p = build()
    violations = csp_violations(page)
    staff = p.activity_staff
    c = plans.consultation_create(
        committee_id=p.city.pk, by=staff, title="推进城市更新", form=config.form_named(p.city.pk, "专题协商会"),
        meeting_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip
    c = plans.consultation_advance(consultation=c, by=staff)
    plans.document_add(
        consultation=c, by=staff, kind="scheme", title="城市更新协商工作方案", body="分三组调研"
    )
    reviews.review_request(consultation=c, by=staff, kind="scheme", reviewer_ids=[p.leader.pk])

    login(page, live_server.url, p.leader.username)
    page.get_by_role("link", name="待评审的协商开题报告、方案和调研报告").click()
    page.get_by_role("link", name="推进城市更新").click()
    page.get_by_label("评审意见").fill("方案可行，同意")
    page.get_by_label("结论").select_option(label="通过")
    page.get_by_role("button", name="提交评审意见").click()
    expect(page.locator(".messages")).to_contain_text("评审意见已提交")
    expect(page.get_by_test_id("review")).to_contain_text("通过")
    logout(page)

    # The step moves on; later the outcome is out and staff keep the consultation as a case.
    c = plans.consultation_advance(consultation=c, by=staff)
    plans.document_add(consultation=c, by=staff, kind="research", title="调研报告", body="调研")
    c = plans.consultation_advance(consultation=c, by=staff)
    c = plans.consultation_advance(consultation=c, by=staff)
    o = outcomes.outcome_create(consultation=c, by=staff, kind="recommendation", title="建议案", body="建议")
    outcomes.outcome_submit(outcome=o, by=staff)
    c = plans.consultation_advance(consultation=c, by=staff)
    assert c.state == Step.TRACKING
    login(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/consultations/c/{c.pk}/")
    page.get_by_role("link", name="选为协商案例").click()
    page.get_by_label("协商过程").fill("三次调研，两轮座谈")
    page.get_by_label("协商成果").fill("建议案一份")
    page.get_by_label("成效").fill("纳入市政府年度重点工作")
    page.get_by_label("向上级政协共享").check()
    page.get_by_role("button", name="保存案例").click()
    expect(page.get_by_test_id("effect")).to_contain_text("纳入市政府年度重点工作")
    page.get_by_role("link", name="协商案例库").first.click()
    page.get_by_label("关键词").fill("年度重点工作")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("cases")).to_contain_text("推进城市更新")
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_member_sees_missing_minimum_duties_on_a_375px_phone(live_server, page: Page) -> None:
    p = build()
    violations = csp_violations(page)
    duty.record_points(member=p.member_wang_record, code="M01", source=p.unit, by=None)
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="本年度尚未达到的基本履职要求").click()
    expect(page.get_by_test_id("minimums")).to_contain_text("交一批朋友")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"
    page.get_by_test_id("report-minimum").first.click()
    expect(page.get_by_label("履职项目")).to_be_visible()
    assert violations == []
