"""An assessment travels through the browser: the proposal office builds the default schemes,
opens the year's proposal-handling assessment and names the leaders as raters; the leader rates
the handling unit on a phone; the office ends the rating and publishes the results."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import build


@pytest.mark.django_db(transaction=True)
def test_staff_opens_a_round_a_leader_rates_on_a_phone_staff_publishes(live_server, page: Page) -> None:
    p = build()
    year = timezone.localdate().year

    login(page, live_server.url, p.proposal_staff.username)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="考评").click()
    page.get_by_role("link", name="考评方案").click()
    page.get_by_role("button", name="建立").click()
    expect(page.locator(".messages")).to_contain_text("已建立 3 个默认方案")
    page.get_by_role("link", name="返回考评").click()
    page.get_by_role("link", name="发起考评").click()
    page.get_by_label("考评方案").select_option(label=f"{year}年 承办单位提案办理工作考核（承办单位）")
    page.get_by_label("考评年度").fill(str(year))
    page.get_by_label("评议截止日期").fill(f"{year + 1}-01-31")
    page.get_by_role("button", name="发起考评").click()
    expect(page.get_by_test_id("assessment-state")).to_have_text("评议打分中")
    page.get_by_role("link", name="评议人和进度").click()
    page.get_by_label("评议组").select_option(label="政协领导")
    page.get_by_role("button", name="指定").click()
    expect(page.get_by_test_id("progress")).to_contain_text("市政协领导")
    logout(page)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.leader.username)
    page.get_by_role("link", name="待完成的考评评议打分").click()
    page.get_by_role("link", name="市住房和城乡建设局").click()
    page.get_by_label("答复内容质量（满分20分）").fill("18")
    page.get_by_label("评议意见").fill("答复逐条回应，措施具体")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"rating page is {overflow}px wider than the phone"
    page.get_by_role("button", name="提交评议").click()
    expect(page.locator(".messages")).to_contain_text("已提交对市住房和城乡建设局的评议")
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, p.proposal_staff.username)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="考评").click()
    page.get_by_role("link", name=f"{year}年度承办单位提案办理工作考核").click()
    page.get_by_role("button", name="结束评议").click()
    expect(page.get_by_test_id("assessment-state")).to_have_text("评议结束待公布")
    page.get_by_role("button", name="公布结果").click()
    expect(page.get_by_test_id("assessment-state")).to_have_text("已公布")
    page.get_by_role("link", name="市住房和城乡建设局").click()
    expect(page.get_by_test_id("total")).to_contain_text("18.00")
