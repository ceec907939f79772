"""The office names the leader who attends an activity from the week's schedule; the leader shows
on the schedule, and a meeting of his at the same time shows as a clash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login
from tests.consultations.conftest import at
from tests.personas import build
from zhengxie.consultations.services import activities
from zhengxie.schedule import services


@pytest.mark.django_db(transaction=True)
def test_office_names_an_activitys_leader_and_sees_the_clash(live_server, page: Page) -> None:
    p = build()
    activity = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="research", title="城市更新专题调研",
        starts_at=at(1), ends_at=at(1, 12), place="市政协",
    )  # fmt: skip
    services.entry_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="meeting", title="主席会议", starts_at=at(1, 10),
        ends_at=at(1, 10) + timedelta(hours=1), leaders=[p.leader],
    )  # fmt: skip
    violations = csp_violations(page)
    login(page, live_server.url, p.activity_staff.username)
    page.goto(f"{live_server.url}/schedule/?start={activity.starts_at.date().isoformat()}")
    page.get_by_test_id("set-leaders").first.click()
    page.get_by_label("市政协领导").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存参加领导")
    expect(page.get_by_test_id("clash").first).to_be_visible()
    expect(page.get_by_test_id("schedule")).to_contain_text("市政协领导时间冲突")
    assert violations == []
