"""A county member on a 375 px phone signs in at his committee's venue (分会场) of a joint
activity by the venue's own QR code; the county office sees him present on its sign-in list. A
party's liaison on a phone invites the party's own member and records her attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import csp_violations, login, logout
from tests.joint.conftest import make_member
from tests.personas import _user, build
from zhengxie.consultations.models import Invitation
from zhengxie.consultations.services import activities
from zhengxie.joint import services
from zhengxie.org import services as org_services
from zhengxie.org.models import Member, ParticipatingUnit, RoleAssignment, Sector


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


@pytest.mark.django_db(transaction=True)
def test_party_liaison_invites_and_records_its_member_on_a_phone(live_server, page: Page) -> None:
    """A party's liaison on a 375 px phone: home → the joint activity its party co-organises →
    invites the party's own member → records her present."""
    p = build()
    sector = Sector.objects.create(committee=p.city, name="中国民主同盟")
    party = ParticipatingUnit.objects.create(committee=p.city, name="民盟", kind="party", sector=sector)
    liaison = _user("liaison", "民盟联络员", p.city, "member")
    RoleAssignment.objects.filter(user=liaison).delete()
    org_services.role_grant(
        user=liaison, committee=p.city, role="unit_liaison", by=None, participating_unit=party
    )
    own = make_member(p.city, "zhao", "赵明远", "13800001001")
    Member.objects.filter(pk=own.pk).update(sector=sector)
    now = timezone.now()
    meeting = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="民主党派专题协商会",
        starts_at=now + timedelta(minutes=40), ends_at=now + timedelta(hours=3), place="市政协报告厅",
    )  # fmt: skip
    services.co_organiser_add(activity=meeting, by=p.activity_staff, unit=party, note="组织本党派委员建言")
    violations = csp_violations(page)

    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, liaison.username)
    page.get_by_role("link", name="联办活动待邀请本党派团体委员").click()
    page.get_by_role("link", name="民主党派专题协商会").click()
    page.get_by_label("赵明远").check()
    page.get_by_role("button", name="发送邀请").click()
    expect(page.locator(".messages")).to_contain_text("已邀请1位委员")
    page.get_by_label("赵明远出席情况").select_option("present")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("出席情况已更新")
    expect(page.get_by_test_id("own-invitations")).to_contain_text("出席")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    inv = Invitation.objects.get(activity=meeting, member=own)
    assert inv.attendance == "present"
    assert violations == []
