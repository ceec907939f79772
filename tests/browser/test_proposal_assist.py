"""A member asks the office to help with a proposal for the province's session on a phone, and
reads the office's comments."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build
from zhengxie.proposals.models import AssistRequest
from zhengxie.proposals.services import assist


@pytest.mark.django_db(transaction=True)
def test_a_member_asks_for_help_and_reads_the_answer(live_server, page: Page) -> None:
    p = build()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.goto(live_server.url + "/proposals/assist/")
    page.get_by_text("申请协助").click()
    page.get_by_label("拟提交的上级政协会议").fill("省政协十三届三次会议")
    page.get_by_label("案由").fill("关于加强农村公路养护的建议")
    page.get_by_label("提案稿").fill(
        "全省农村公路养护资金缺口较大，建议省级财政提高补助标准并建立稳定的养护资金渠道。"
    )
    page.get_by_test_id("assist-submit").click()
    expect(page.locator(".messages")).to_contain_text("申请已送提案委")
    expect(page.get_by_test_id("assist-state")).to_have_text("待办理")

    assist.assist_answer(
        row=AssistRequest.objects.get(), by=p.proposal_staff, comments="建议补充近三年的数据。"
    )
    page.reload()
    expect(page.get_by_test_id("assist-answer")).to_contain_text("建议补充近三年的数据")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"request page is {overflow}px wider than the phone"
