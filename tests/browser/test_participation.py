"""A micro-suggestion through the browser, from the home page only: a member writes it on a
375 px phone, the office routes it to a handling unit, the unit's clerk answers, and the member
rates the answer on the phone. No page passed shows English or an internal code."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import login, logout
from tests.browser.test_role_walks import problems_in
from tests.personas import build

PHONE: ViewportSize = {"width": 375, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TITLE = "幸福路人行道井盖破损"


def _clean(page: Page, allowed: set[str]) -> None:
    text = page.locator("main").inner_text()
    assert problems_in(text, allowed) == [], page.url
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.django_db(transaction=True)
def test_member_submits_office_routes_unit_answers_member_rates(
    live_server, page: Page, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = build()
    base = live_server.url
    names = {p.member_wang.username, p.proposal_staff.username, p.unit_clerk.username}

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    page.get_by_role("link", name="提微建议").first.click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("建议内容").fill("井盖破损下陷，夜间行人易绊倒，建议尽快更换并加装警示标志。")
    page.get_by_label("地点").fill("城东街道幸福路与人民路交叉口")
    page.get_by_label("类别").select_option("城乡建设")
    _clean(page, names)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("micro-state")).to_have_text("待甄别")
    _clean(page, names)
    logout(page)

    page.set_viewport_size(DESKTOP)
    login(page, base, p.proposal_staff.username)
    page.get_by_role("link", name="待甄别交办的微建议").click()
    _clean(page, names)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("办理单位").select_option(label=p.unit.name)
    page.get_by_label("交办意见").fill("请核实后答复委员")
    page.get_by_role("button", name="交办", exact=True).click()
    expect(page.get_by_test_id("micro-state")).to_have_text("办理中")
    _clean(page, names)
    logout(page)

    login(page, base, p.unit_clerk.username)
    page.get_by_role("link", name="待答复的微建议").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("答复内容").fill("经现场核查，已于今日更换井盖并设置警示标志。")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_test_id("micro-state")).to_have_text("已答复待评价")
    _clean(page, names)
    logout(page)

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    page.get_by_role("link", name="待评价的微建议答复").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("micro-answer")).to_contain_text("更换井盖")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("micro-state")).to_have_text("已办结")
    expect(page.get_by_test_id("micro-rating")).to_have_text("满意")
    _clean(page, names)
