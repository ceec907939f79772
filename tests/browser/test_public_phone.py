"""A resident contributes on the public page from a 375 px phone where the committee requires a
verified phone: answers the sum, asks for the SMS code (a recording gateway stands in for the
operator), types it and submits; nothing shows publicly before moderation."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_role_walks import problems_in
from tests.personas import build
from zhengxie.participation.challenge import DIGITS
from zhengxie.participation.models import Contribution
from zhengxie.participation.services import campaigns
from zhengxie.participation.services import micro as micro_svc

PHONE: ViewportSize = {"width": 375, "height": 740}
SENT: list[str] = []


class RecordingSms:
    def send(self, phone: str, text: str, *, key: str) -> None:
        SENT.append(text)


def _answer(page: Page) -> None:
    label = page.locator("label", has_text="验证：").inner_text()
    match = re.search(f"([{DIGITS}])加([{DIGITS}])", label)
    assert match, label
    page.get_by_label(re.compile("验证：")).fill(
        str(DIGITS.index(match.group(1)) + DIGITS.index(match.group(2)))
    )


@pytest.mark.django_db(transaction=True)
def test_resident_verifies_the_phone_and_contributes(live_server: Any, page: Page, settings: Any) -> None:
    settings.SMS_BACKEND = f"{__name__}.RecordingSms"
    cache.clear()
    SENT.clear()
    p = build()
    micro_svc.settings_update(
        committee_id=p.city.pk, by=p.proposal_staff, screen_days=3, answer_days=10, public_phone_verify=True
    )
    today = timezone.localdate()
    campaign = campaigns.campaign_open(
        committee_id=p.city.pk,
        by=p.proposal_staff,
        data=campaigns.CampaignData(
            title="我为城市发展献一策",
            description="围绕城市更新征集意见建议。",
            audience="public",
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=30),
        ),
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/participation/public/{p.city.code}/")
    page.get_by_role("link", name=campaign.title).click()
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("建议内容").fill("建议在老旧小区增设电动车充电桩。")
    _answer(page)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_test_id("public-notice")).to_contain_text("验证码已发送")
    code = re.search(r"验证码为(\d{6})", SENT[-1])
    assert code
    page.get_by_label("短信验证码").fill(code.group(1))
    _answer(page)
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text(re.compile("感谢您的建议"))).to_be_visible()
    assert problems_in(page.locator("main").inner_text(), set()) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    row = Contribution.objects.get()
    assert row.phone_verified and row.state == Contribution.State.PENDING
    expect(page.get_by_test_id("public-contributions")).to_contain_text("暂无公开的建言")
