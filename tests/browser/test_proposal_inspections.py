"""三办督导: proposal staff form a group, plan a visit and record the findings; the inspected
unit's clerk opens the task from the home page on a phone and replies."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build


@pytest.mark.django_db(transaction=True)
def test_staff_inspect_a_unit_and_its_clerk_replies(live_server, page: Page) -> None:
    p = build()
    login(page, live_server.url, p.proposal_staff.username)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="三办督导").first.click()
    page.get_by_text("成立督导组", exact=True).click()
    page.get_by_label("督导组名称").fill("提案办理督导第一组")
    page.get_by_role("button", name="成立", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("督导组已成立")
    page.get_by_text("添加成员", exact=True).click()
    page.get_by_label("姓名").fill("陈立新")
    page.get_by_label("所在办公室").select_option(label="党委办公室")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.get_by_test_id("inspection-members")).to_contain_text("党委办公室")
    page.get_by_text("安排督导", exact=True).click()
    page.get_by_label("承办单位").select_option(label=p.unit.name)
    page.get_by_label("督导日期").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="安排", exact=True).click()
    expect(page.get_by_test_id("inspection-state")).to_have_text("待督导")
    page.get_by_label("督导意见").fill("办前沟通到位，答复件需写明落实时限。")
    page.get_by_label("评价").select_option(label="较好")
    page.get_by_role("button", name="记录并通知单位", exact=True).click()
    expect(page.get_by_test_id("inspection-findings")).to_contain_text("较好")

    # Leave the page first: a request it may still have in flight
    # would bring the session cookie back.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.unit_clerk.username)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="督导组反馈待回复").first.click()
    page.get_by_test_id("inspection-unit-table").get_by_role("link").first.click()
    page.get_by_label("回复内容（整改措施、落实情况）").fill("已要求各科室在答复件中写明落实时限。")
    page.get_by_role("button", name="回复", exact=True).click()
    expect(page.get_by_test_id("inspection-state")).to_have_text("单位已回复")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"visit page is {overflow}px wider than the phone"
