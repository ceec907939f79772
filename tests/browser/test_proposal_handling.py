"""A proposal's handling through the browser: the unit's clerk signs for it and replies on a
phone, and proposal staff approve the reply."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import build
from tests.proposals.helpers import filed_proposal
from zhengxie.proposals.models import Proposal
from zhengxie.proposals.services.assignment import proposal_assign


@pytest.mark.django_db(transaction=True)
def test_unit_signs_and_replies_on_a_phone_and_staff_approve(live_server, page: Page) -> None:
    p = build()
    proposal = filed_proposal(p)
    proposal_assign(proposal=proposal, by=p.proposal_staff, mode="lead", units=[p.unit])

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.unit_clerk.username)
    page.get_by_role("link", name="待签收的提案").click()
    page.get_by_role("link", name=proposal.title).click()
    page.get_by_role("button", name="签收").click()
    expect(page.locator(".messages")).to_contain_text("已签收")
    expect(page.get_by_test_id("assignment-state")).to_have_text("办理中")
    page.get_by_text("撰写答复").click()
    form = page.get_by_test_id("reply-form")
    form.get_by_label("答复类别").select_option("A")
    form.get_by_label("答复内容").fill(
        "经研究，我局已简化加装电梯审批流程，出台资金分摊指引，并设立财政补贴专项资金。"
    )
    form.get_by_label("签发领导").fill("张局长")
    form.get_by_label("联系人").fill("刘科长")
    form.get_by_label("联系电话").fill("0571-88886666")
    form.get_by_role("button", name="保存并提交").click()
    expect(page.locator(".messages")).to_contain_text("答复已提交")
    expect(page.get_by_test_id("reply")).to_contain_text("待审核")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"assignment page is {overflow}px wider than the phone"
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, p.proposal_staff.username)
    page.get_by_role("link", name="答复审核").first.click()
    page.get_by_role("link", name=proposal.title).click()
    page.get_by_label("公开范围").select_option("summary")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".messages")).to_contain_text("已审核")
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.REPLIED
