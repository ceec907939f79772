"""A supervision item travels through the browser: the office issues it, the unit's clerk signs
for it and reports progress on a phone, and the office sees the progress on its board."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import login, logout
from tests.personas import build
from zhengxie.supervision import config
from zhengxie.supervision.services.items import ItemData, item_approve, item_register


@pytest.mark.django_db(transaction=True)
def test_unit_signs_for_and_reports_on_a_phone(live_server, page: Page) -> None:
    p = build()
    item = item_register(
        committee_id=p.city.pk,
        by=p.supervision_staff,
        data=ItemData(
            title="老旧小区加装电梯协商意见落实",
            source=config.source_named(p.city.pk, "会议议定事项"),
            due_on=timezone.localdate() + timedelta(days=60),
            lead_unit=p.unit,
        ),
    )
    item_approve(item=item, by=p.leader)

    login(page, live_server.url, p.supervision_staff.username)
    page.get_by_role("link", name="督查督办").first.click()
    page.get_by_role("link", name="老旧小区加装电梯协商意见落实").click()
    page.get_by_role("button", name="下发").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待签收")
    logout(page)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.unit_clerk.username)
    page.get_by_role("link", name="待签收的督办事项").click()
    page.get_by_role("link", name="老旧小区加装电梯协商意见落实").click()
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_test_id("item-state")).to_have_text("办理中")
    page.get_by_label("完成进度(%)").fill("40")
    page.get_by_label("进展情况").fill("已完成入户调查，制定加装方案。")
    page.get_by_role("button", name="报送进度").click()
    expect(page.locator(".messages")).to_contain_text("进度已报送")
    expect(page.get_by_test_id("timeline")).to_contain_text("报送进度")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"item page is {overflow}px wider than the phone"
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, p.supervision_staff.username)
    page.goto(live_server.url + "/supervision/")
    expect(page.get_by_test_id("board-table")).to_contain_text("40%")
