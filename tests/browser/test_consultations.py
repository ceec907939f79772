"""An activity in the browser: staff create it and invite a special committee's members; the
member registers on a phone, signs in through the QR link, and finds the attendance in his duty
record."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import build


@pytest.mark.django_db(transaction=True)
def test_staff_invite_member_registers_and_signs_in_by_qr(live_server, page: Page) -> None:
    p = build()
    start = timezone.localtime() + timedelta(hours=1)
    login(page, live_server.url, p.activity_staff.username)
    page.get_by_role("link", name="会议活动").first.click()
    page.get_by_role("link", name="新建会议活动").click()
    page.get_by_label("类型").select_option(label="协商会议")
    page.get_by_label("名称").fill("推进城市更新专题协商会")
    page.get_by_label("开始时间").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("结束时间").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("地点").fill("市政协三楼会议室")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="推进城市更新专题协商会")).to_be_visible()
    page.get_by_label(re.compile("^专委会")).select_option(label="经济委员会")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.locator(".messages")).to_contain_text("已邀请1名委员")
    expect(page.get_by_test_id("invitations")).to_contain_text("王建国")
    page.get_by_role("link", name="签到二维码").click()
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    link = page.get_by_test_id("sign-in-link").get_attribute("href")
    assert link and "/consultations/sign-in/" in link
    logout(page)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="待回复的活动邀请").click()
    page.get_by_role("link", name="推进城市更新专题协商会").click()
    page.get_by_role("button", name="报名参加").click()
    expect(page.get_by_test_id("my-reply")).to_have_text("已报名")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"activity page is {overflow}px wider than the phone"

    page.goto(link)  # what the phone opens after scanning the code
    page.get_by_role("button", name="确认签到").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text("签到成功")
    page.get_by_role("link", name="我的履职").first.click()
    expect(page.get_by_test_id("entries")).to_contain_text("会议活动：推进城市更新专题协商会")
