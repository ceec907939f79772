"""Proposal staff review a proposal on a phone: from the home page's count to the review page,
through the first stage, and file it with its number."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build
from tests.proposals.conftest import complete_data
from zhengxie.proposals.services import submission as sub


@pytest.mark.django_db(transaction=True)
def test_staff_review_and_file_a_proposal_on_a_phone(live_server, page: Page) -> None:
    p = build()
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    with time_machine.travel(date(2026, 3, 2)):
        sub.proposal_submit(proposal=proposal, by=p.member_wang)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.proposal_staff.username)
    page.get_by_role("link", name="待初审的提案").click()
    page.get_by_role("link", name="关于加快老旧小区加装电梯的建议").click()
    page.get_by_role("button", name="通过").click()
    expect(page.locator(".messages")).to_contain_text("已通过本环节审查")
    expect(page.get_by_test_id("proposal-state")).to_contain_text("复审")
    page.get_by_label("分类").select_option("社会建设")
    page.get_by_role("button", name="立案", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已立案，提案号")
    expect(page.get_by_test_id("proposal-state")).to_have_text("已立案")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"review page is {overflow}px wider than the phone"
