"""Every role logs in through the real login page and lands on its own home page (工作台)."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.personas import PASSWORD, build

# persona attribute -> the role label the home page shows for it
ROLES = [
    ("member_wang", "委员"),
    ("proposal_staff", "提案工作人员"),
    ("info_staff", "信息工作人员"),
    ("supervision_staff", "督查督办工作人员"),
    ("activity_staff", "会议活动工作人员"),
    ("unit_clerk", "承办单位经办人"),
    ("leader", "领导"),
    ("sysadmin", "系统管理员"),
    ("secadmin", "安全管理员"),
    ("auditadmin", "审计管理员"),
    ("member_county", "委员"),
]


def login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def csp_violations(page: Page) -> list[str]:
    """Collects the console's Content-Security-Policy complaints (blocked inline script, style,
    eval, or a resource from elsewhere) for the rest of the test."""
    found: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", seen)
    return found


@pytest.mark.django_db(transaction=True)
def test_each_role_logs_in_and_sees_its_home_page(live_server, page: Page) -> None:
    p = build()
    violations = csp_violations(page)
    for attr, label in ROLES:
        user = getattr(p, attr)
        login(page, live_server.url, user.username)
        expect(page.get_by_role("heading", name="工作台")).to_be_visible()
        expect(page.locator("main")).to_contain_text(label)
        expect(page.locator("header")).to_contain_text(str(user))
        # Every page of the role's main menu runs under the policy without a violation.
        for href in page.locator("nav.mainnav a").evaluate_all("links => links.map(a => a.href)"):
            page.goto(href)
        logout(page)
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_home_page_fits_a_375px_phone(live_server, page: Page) -> None:
    p = build()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"


@pytest.mark.django_db(transaction=True)
def test_static_files_are_served_by_the_platform(live_server, page: Page) -> None:
    """No asset comes from another host: the platform runs on intranets without internet."""
    p = build()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, live_server.url, p.proposal_staff.username)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
    css_ok = page.evaluate("getComputedStyle(document.querySelector('.topbar')).display")
    assert css_ok == "flex"  # the stylesheet loaded
