"""A staff member searches from the header box of any page and opens a hit: the city's proposal
office finds a proposal by a phrase of its body, and a county's record below it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import csp_violations, login, logout
from tests.learning.helpers import course_with_lessons
from tests.personas import build
from tests.proposals.conftest import complete_data
from zhengxie.proposals.services import submission as sub
from zhengxie.search.index import Doc, index_document

PHONE: ViewportSize = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
def test_staff_searches_from_the_header_and_opens_a_hit(live_server, page: Page) -> None:
    p = build()
    proposal = sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(situation="全市有老旧小区住宅楼四千余栋，多数没有电梯，老年住户上下楼困难。"),
    )
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    index_document(
        Doc(kind="opinion", object_id=999, committee_id=p.county_a.pk, title="甲县老旧小区电梯维保问题",
            body="甲县老旧小区电梯年久失修，维保不到位。", year=2026, url="/opinions/999/")
    )  # fmt: skip
    base = live_server.url
    login(page, base, p.proposal_staff.username)
    page.get_by_label("检索").fill("住宅楼四千")
    page.get_by_label("检索").press("Enter")
    expect(page.get_by_test_id("search-hits")).to_contain_text("关于加快老旧小区加装电梯的建议")
    expect(page.get_by_test_id("search-hits")).to_contain_text("测试市政协")
    page.get_by_role("link", name="关于加快老旧小区加装电梯的建议").click()
    expect(page.locator("h1")).to_contain_text("关于加快老旧小区加装电梯的建议")

    page.get_by_label("检索").fill("电梯维保")
    page.get_by_label("检索").press("Enter")
    expect(page.get_by_test_id("search-hits")).to_contain_text("甲县政协")
    page.get_by_role("link", name="甲县老旧小区电梯维保问题").click()
    expect(page.locator("main")).to_contain_text("下级政协的记录")

    page.set_viewport_size(PHONE)
    page.goto(base + "/search/?q=电梯")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"results page is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_admin_sets_search_and_a_member_finds_a_course_on_a_phone(live_server, page: Page) -> None:
    p = build()
    course_with_lessons(p.city, p.activity_staff, title="学习民法典专题")
    base = live_server.url
    violations = csp_violations(page)
    login(page, base, p.sysadmin.username)
    page.locator("nav.mainnav").get_by_role("link", name="检索设置", exact=True).click()
    expect(page.locator("h1")).to_have_text("检索设置")
    years = page.get_by_label("查重年限（年）")
    years.fill("11")
    page.get_by_role("button", name="保存").click()
    # The browser holds the form back (1–10); the server's own Chinese message is tested without it.
    assert years.evaluate("e => e.validity.rangeOverflow")
    expect(page.locator("main")).not_to_contain_text("检索设置已保存")
    page.get_by_label("查重年限（年）").fill("5")
    page.get_by_label("本政协工作人员和领导可检索下级政协的记录").uncheck()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("检索设置已保存")
    expect(page.get_by_label("查重年限（年）")).to_have_value("5")
    logout(page)

    page.set_viewport_size(PHONE)
    login(page, base, p.member_wang.username)
    page.goto(base + "/search/?q=统一战线")
    expect(page.get_by_test_id("search-hits")).to_contain_text("学习资料")
    page.get_by_role("link", name="学习民法典专题").click()
    expect(page.locator("h1")).to_contain_text("学习民法典专题")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    assert violations == []
