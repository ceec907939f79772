"""我的履职 on a phone: a member logs in and reads his points at 375 px without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login
from tests.personas import build
from zhengxie.duty import services


@pytest.mark.django_db(transaction=True)
def test_my_duty_record_fits_a_375px_phone(live_server, page: Page) -> None:
    p = build()
    for code in ("M01", "P01", "A01"):
        services.record_points(member=p.member_wang_record, code=code, source=p.unit, by=None)
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="我的履职").first.click()
    expect(page.get_by_role("heading", name="我的履职")).to_be_visible()
    expect(page.get_by_test_id("total")).to_have_text("34")
    expect(page.get_by_test_id("minimums")).to_contain_text("出席全体会议")
    expect(page.get_by_test_id("entries")).to_contain_text("提交提案并立案")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"
