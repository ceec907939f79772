"""Plenary speeches in the browser: a member answers the call on a 375 px phone from the home
page; staff review it from their home page, select it for oral delivery and print the collection
in Word. Every page in plain Chinese."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login, logout
from tests.browser.test_role_walks import problems_in
from tests.consultations.conftest import at
from tests.personas import build
from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities
from zhengxie.plenary import services


@pytest.mark.django_db(transaction=True)
def test_member_submits_on_a_phone_and_staff_select_and_print(live_server, page: Page) -> None:
    p = build()
    plenary = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=Activity.Kind.PLENARY, title="市政协十届三次会议",
        starts_at=at(14), ends_at=at(15, 17), place="市会议中心",
    )  # fmt: skip
    activities.invite(activity=plenary, by=p.activity_staff, members=[p.member_wang_record])
    services.agenda_add(
        activity=plenary, by=p.activity_staff, kind="assembly", title="开幕大会", starts_at=plenary.starts_at,
        ends_at=plenary.starts_at + timedelta(hours=2), place="大礼堂", presider="市政协主席",
    )  # fmt: skip
    services.call_open(
        activity=plenary, by=p.activity_staff, title="十届三次会议大会发言征集", guidance="每篇不超过2500字。",
        closes_at=plenary.starts_at - timedelta(days=3),
    )  # fmt: skip

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="正在征集的大会发言").click()
    page.get_by_role("link", name="提交大会发言").click()
    page.get_by_label("题目").fill("关于加快老旧小区改造的建议")
    page.get_by_label("发言稿").fill("一是摸清底数。\n二是分类施策。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("state")).to_have_text("待审核")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"speech page is {overflow}px wider than the phone"
    assert problems_in(page.locator("main").inner_text(), {p.member_wang.username}) == []
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, p.activity_staff.username)
    page.get_by_role("link", name="待审核的大会发言").click()
    page.get_by_role("link", name="关于加快老旧小区改造的建议").click()
    page.get_by_label("选为大会口头发言").check()
    page.get_by_label("口头发言顺序").fill("1")
    page.get_by_role("button", name="保存审核结果").click()
    expect(page.get_by_test_id("state")).to_contain_text("拟大会口头发言")
    page.get_by_role("link", name="十届三次会议大会发言征集").click()
    expect(page.get_by_test_id("counts")).to_contain_text("口头发言 1 篇")
    assert problems_in(page.locator("main").inner_text(), {p.activity_staff.username}) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="印制大会发言汇编（Word）").click()
    assert download.value.suggested_filename == "市政协十届三次会议大会发言汇编.docx"
    page.get_by_role("link", name="市政协十届三次会议").first.click()
    expect(page.get_by_test_id("agenda")).to_contain_text("开幕大会")
    assert problems_in(page.locator("main").inner_text(), {p.activity_staff.username}) == []
