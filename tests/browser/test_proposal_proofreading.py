"""Proofreading (校对) on phones: proposal staff correct a filed proposal's text from the home
page's count, and the proposer confirms the proofread text from his home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build
from tests.proposals.helpers import filed_proposal


@pytest.mark.django_db(transaction=True)
def test_staff_proofread_and_the_proposer_confirms_on_a_phone(live_server, page: Page) -> None:
    p = build()
    filed_proposal(p)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.proposal_staff.username)
    page.get_by_role("link", name="待校对的提案").click()
    page.get_by_role("link", name="校对", exact=True).first.click()
    page.get_by_label("建议", exact=True).fill("一、简化审批流程；二、出台资金分摊指引。")
    page.get_by_label("校对说明（可不填）").fill("统一标点")
    page.get_by_test_id("proof-submit").click()
    expect(page.locator(".messages")).to_contain_text("第1轮校对已完成")
    expect(page.get_by_test_id("proof-round")).to_contain_text("校对后：一、简化审批流程")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"proofreading page is {overflow}px wider than the phone"

    # Leave the page first: a request it may still have in flight
    # would bring the session cookie back.
    page.goto("about:blank")
    page.context.clear_cookies()
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="待确认校对稿的提案").click()
    page.get_by_role("link", name="关于加快老旧小区加装电梯的建议").click()
    expect(page.get_by_test_id("panel-proof")).to_contain_text("第1校：待提案者确认")
    page.get_by_test_id("proof-confirm").click()
    expect(page.locator(".messages")).to_contain_text("已确认校对稿")
    expect(page.get_by_test_id("panel-proof")).to_contain_text("第1校：提案者已确认")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"proposal page is {overflow}px wider than the phone"
