"""A member on a 375 px phone sees the home page's shortcuts as a few groups (the first open), opens
another group by its name and follows a shortcut in it; every target is large enough to tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.test_login_roles import login
from tests.browser.test_role_walks import problems_in
from tests.personas import build

PHONE: ViewportSize = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
def test_member_opens_a_shortcut_group_on_a_phone(live_server, page: Page) -> None:
    p = build()
    page.set_viewport_size(PHONE)
    page.set_default_timeout(90_000)  # a shared, busy machine: the first load can be slow
    login(page, live_server.url, p.member_wang.username)
    shortcuts = page.get_by_test_id("shortcuts")
    groups = shortcuts.get_by_test_id("shortcut-group")
    expect(groups).to_have_count(4)
    first, learning = groups.nth(0), groups.filter(has_text="学习与交流")
    expect(first.get_by_role("link", name="提微建议")).to_be_visible()
    expect(learning.get_by_role("link", name="委员学习")).to_be_hidden()  # closed until tapped
    summary = learning.locator("summary")
    assert summary.bounding_box()["height"] >= 44  # type: ignore[index]
    summary.click()
    link = learning.get_by_role("link", name="委员学习")
    expect(link).to_be_visible()
    assert link.bounding_box()["height"] >= 44  # type: ignore[index]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"home page is {overflow}px wider than the phone"
    assert problems_in(page.locator("body").inner_text(), {p.member_wang.username.lower()}) == []
    link.click()
    expect(page).to_have_title("我的学习 - 智慧政协")
