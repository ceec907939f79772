"""A county member on a 375 px phone signs in at his committee's venue (分会场) of a joint
activity by the venue's own QR code; the county office sees him present on its sign-in list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login, logout
from tests.personas import _user, build
from zhengxie.consultations.models import Invitation
from zhengxie.consultations.services import activities
from zhengxie.joint import services
from zhengxie.org.models import Member


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_at_his_venue_on_a_phone(live_server, page: Page) -> None:
    p = build()
    county_staff = _user("county_activity", "甲县活动干部", p.county_a, "activity_staff")
    now = timezone.now()
    meeting = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="专题协商会",
        starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2), place="市政协报告厅",
    )  # fmt: skip
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a, venue="甲县分会场")
    li = Member.objects.get(committee=p.county_a)
    services.members_invite(activity=meeting, committee_id=p.county_a.pk, by=county_staff, members=[li])
    violations = csp_violations(page)

    login(page, live_server.url, county_staff.username)
    page.goto(f"{live_server.url}/joint/{meeting.pk}/")
    page.get_by_test_id("venue-qr").click()
    expect(page.get_by_test_id("qr")).to_be_visible()
    link = page.get_by_test_id("sign-in-link").get_attribute("href") or ""
    logout(page)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, p.member_county.username)
    page.goto(link)
    page.get_by_role("button", name="确认签到").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text("已在甲县分会场签到")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    inv = Invitation.objects.get(member=li)
    assert inv.attendance == "present" and inv.remote
    assert violations == []
