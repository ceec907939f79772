"""委员学习 on a 375 px phone: a member opens the required course from the home page, reads the
lesson to its end while the page is visible, and the course is completed (its 学时 in the duty
ledger) — no sideways scrolling, no blocked script."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login
from tests.personas import build
from zhengxie.duty.models import PointEntry
from zhengxie.learning.models import Completion, Lesson
from zhengxie.learning.services import library, plans
from zhengxie.learning.services import progress as progress_services

LONG_BODY = "".join(f"<h3>第{i}部分</h3><p>{'委员要懂政协、会协商、善议政。' * 12}</p>" for i in range(1, 9))


@pytest.mark.django_db(transaction=True)
def test_member_takes_a_lesson_on_a_375px_phone(live_server: Any, page: Page, monkeypatch: Any) -> None:
    # Heartbeats every second so the walk is quick; the rules are those of the 15-second beat.
    monkeypatch.setattr(progress_services, "BEAT_SECONDS", 1)
    monkeypatch.setattr(progress_services, "MAX_GAP_SECONDS", 2)
    p = build()
    course = library.course_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data={"title": "人民政协理论与委员履职", "credit_hours": 2},
    )
    library.lesson_create(
        course=course,
        by=p.activity_staff,
        data={"title": "人民政协的性质和定位", "kind": Lesson.Kind.TEXT, "body": LONG_BODY, "rule": "end"},
    )
    library.course_publish(course=course, by=p.activity_staff)
    plan = plans.plan_create(
        committee_id=p.city.pk, year=timezone.localdate().year, title="学习计划", by=p.activity_staff
    )
    plans.item_add(
        plan=plan,
        course=course,
        audience_kind="all",
        due_on=timezone.localdate() + timedelta(days=10),
        by=p.activity_staff,
    )
    violations = csp_violations(page)
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_wang.username)
    page.get_by_role("link", name="待完成的学习课程").click()
    page.get_by_test_id("assignments").get_by_role("link", name="人民政协理论与委员履职").click()
    page.get_by_test_id("lessons").get_by_role("link", name="人民政协的性质和定位").click()
    expect(page.get_by_test_id("state")).to_have_text("学习中")
    # On screen, reading: the beats credit time (waited for, not slept: a loaded machine delays them).
    page.wait_for_function(
        "() => parseInt(document.querySelector('[data-testid=seconds]').innerText, 10) >= 2", timeout=20_000
    )
    page.get_by_text("— 本课时结束 —").scroll_into_view_if_needed()
    expect(page.get_by_test_id("state")).to_have_text("已完成", timeout=10_000)
    assert int(page.get_by_test_id("seconds").inner_text()) >= 2
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone"
    completion = Completion.objects.get(member=p.member_wang_record, course=course)
    assert PointEntry.objects.filter(rule__code="L03", source_id=completion.pk).count() == 1
    page.get_by_role("link", name="← 人民政协理论与委员履职").click()
    expect(page.get_by_test_id("completed")).to_contain_text("计2学时")
    # The member's other pages fit the phone too.
    for path in ("/learning/mine/", "/learning/", "/learning/groups/", "/learning/lectures/"):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
    assert not violations
