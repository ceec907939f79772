"""Accounts for the roster, walked from the home page in a browser: the system administrator opens
accounts for the members without one and prints their letters and a staff account; a member
activates with the code from his letter and logs in; the security administrator grants the staff
account its role. Phones: the new pages fit 375 px."""

from __future__ import annotations

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.personas import PASSWORD, build
from zhengxie.org import services
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

NEW_PASSWORD = "Mine-Own-Pass-77"


def login(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def letters(download) -> list[dict[str, str]]:
    doc = Document(str(download.path()))
    return [{row.cells[0].text: row.cells[1].text for row in t.rows[1:]} for t in doc.tables]


def fits_phone(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_sysadmin_opens_accounts_a_member_activates_and_secadmin_grants_a_role(
    live_server, page: Page
) -> None:
    p = build()
    base = live_server.url
    for n in (1, 2):
        person = services.person_find_or_create(
            name=f"新委员{n}", gender="F", affiliation="群众", phone=f"1361234000{n}", by=None
        )
        services.member_create(committee=p.city, person=person, sector=p.sector, by=None)

    # The system administrator: home page → members without an account → letters.
    login(page, base, p.sysadmin.username)
    page.get_by_role("link", name="委员未开通账号").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("新委员1")
    expect(page.get_by_test_id("member-table")).not_to_contain_text("王建国")
    page.get_by_label("发放方式").select_option("letter_code")
    with page.expect_download() as info:
        page.get_by_role("button", name="为全部没有账号的委员开通账号").click()
    printed = letters(info.value)
    assert len(printed) == 2 and {"登录名", "激活码", "激活地址"} <= set(printed[0])
    page.reload()
    expect(page.get_by_test_id("member-table")).to_contain_text("没有符合条件的委员")

    # …and a staff account, which gets no role from him.
    page.get_by_role("link", name="账号与角色").click()
    page.locator("#id_new-username").fill("newstaff")
    page.locator("#id_new-display_name").fill("新干部")
    page.locator("#id_new-delivery").select_option("letter_code")
    with page.expect_download():
        page.get_by_role("button", name="创建").click()
    assert not RoleAssignment.objects.filter(user__username="newstaff").exists()
    logout(page)

    # The member activates from the login page with his letter, then logs in.
    page.set_viewport_size({"width": 375, "height": 740})
    letter = printed[0]
    page.get_by_role("link", name="收到激活码？激活账号").click()
    fits_phone(page)
    page.get_by_label("登录名或手机号").fill(letter["登录名"])
    page.get_by_label("激活码").fill(letter["激活码"])
    page.get_by_label("设置密码").fill(NEW_PASSWORD)
    page.get_by_label("再次输入密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="激活并设置密码").click()
    expect(page.locator("body")).to_contain_text("账号已激活")
    page.get_by_label("用户名或手机号").fill(letter["登录名"])
    page.get_by_label("密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="我已阅读并知悉").click()  # a new account reads the notice first
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.locator("main")).to_contain_text("委员")
    logout(page)

    # The security administrator grants the staff account its role, from the menu.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, base, p.secadmin.username)
    page.get_by_role("link", name="角色授权").click()
    row = page.get_by_test_id("role-table").locator("tr", has_text="newstaff")
    row.get_by_label("角色").select_option(label="信息工作人员")
    row.get_by_role("button", name="授予").click()
    expect(page.locator("body")).to_contain_text("已授予 新干部 信息工作人员 角色")
    assert RoleAssignment.objects.filter(user__username="newstaff", role=Role.INFO_STAFF).exists()
    page.set_viewport_size({"width": 375, "height": 740})
    fits_phone(page)
