"""A 社情民意 item travels through the browser: a county member writes it on a phone, the county's
information centre edits it, the county leader signs it off, the centre publishes it and reports
it to the city, the city's centre and leader publish it there, and the author sees on a phone
that the city adopted it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import _user, build
from zhengxie.org.roles import Role

PHONE: ViewportSize = {"width": 375, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TITLE = "关于乡村卫生室缺医少药的情况反映"


def _open_pending(page: Page, label: str) -> None:
    page.get_by_role("link", name=label).click()
    page.get_by_role("link", name=TITLE).click()


@pytest.mark.django_db(transaction=True)
def test_submit_edit_publish_report_and_adopt_upstream(live_server, page: Page, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = build()
    county_info = _user("county_info", "甲县信息中心", p.county_a, Role.INFO_STAFF)
    county_leader = _user("county_leader", "甲县政协秘书长", p.county_a, Role.LEADER)
    base = live_server.url

    page.set_viewport_size(PHONE)
    login(page, base, p.member_county.username)
    page.goto(base + "/opinions/new/")
    expect(page.locator("main")).to_contain_text("情况")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(
        "【情况】村卫生室缺少常用药。\n【分析】配送不及时。\n【建议】纳入医共体统一配送。"
    )
    expect(page.get_by_test_id("length-counter")).to_contain_text("建议不超过 1500 字")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.get_by_test_id("opinion-state")).to_have_text("待受理")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"item page is {overflow}px wider than the phone"
    logout(page)

    page.set_viewport_size(DESKTOP)
    login(page, base, county_info.username)
    _open_pending(page, "待受理的社情民意信息")
    page.get_by_role("button", name="受理").click()
    page.get_by_label("正文").fill(
        "【情况】全县41个村卫生室常用药短缺。\n【分析】配送不及时。\n【建议】纳入医共体统一配送。"
    )
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_test_id("revisions")).to_contain_text("第2稿")
    page.get_by_role("button", name="送领导签发").click()
    logout(page)

    login(page, base, county_leader.username)
    _open_pending(page, "待签发的社情民意信息")
    page.get_by_role("button", name="签发", exact=True).click()
    expect(page.get_by_test_id("opinion-state")).to_have_text("已签发")
    logout(page)

    login(page, base, county_info.username)
    _open_pending(page, "已签发待编发的社情民意信息")
    page.get_by_role("button", name="编发", exact=True).click()
    page.get_by_label("报送对象").select_option(label="上级政协")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.get_by_test_id("chain")).to_contain_text("测试市政协")
    logout(page)

    login(page, base, p.info_staff.username)
    _open_pending(page, "待受理的社情民意信息")
    expect(page.locator("main")).to_contain_text("下级政协报送")
    page.get_by_role("button", name="受理").click()
    page.get_by_role("button", name="送领导签发").click()
    logout(page)
    login(page, base, p.leader.username)
    _open_pending(page, "待签发的社情民意信息")
    page.get_by_role("button", name="签发", exact=True).click()
    logout(page)
    login(page, base, p.info_staff.username)
    _open_pending(page, "已签发待编发的社情民意信息")
    page.get_by_label("刊物").select_option(label="社情民意专报")
    page.get_by_role("button", name="编发", exact=True).click()
    expect(page.get_by_test_id("opinion-state")).to_have_text("已编发")
    logout(page)

    page.set_viewport_size(PHONE)
    login(page, base, p.member_county.username)
    page.goto(base + "/opinions/")
    page.get_by_role("link", name=TITLE).click()
    chain = page.get_by_test_id("chain")
    expect(chain).to_contain_text("专报采用")
    expect(page.get_by_test_id("adoptions")).to_contain_text("市级")
