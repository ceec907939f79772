"""A co-organiser's venue (分会场) has its own sign-in QR code: its members sign in there, the
venue's list shows them present and at the venue, points land once in their own committee's
ledger; the code refuses other committees' members, forged codes and venues not set up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.joint import services, venues
from zhengxie.joint.models import CoOrganiser
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

pytestmark = pytest.mark.django_db


def test_members_sign_in_at_their_own_venue(
    client: Client, p: Personas, meeting_now: Activity, county_staff: User, county_member: Member
) -> None:
    row = services.co_organiser_add(activity=meeting_now, by=p.activity_staff, partner=p.county_a)
    services.members_invite(
        activity=meeting_now, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    # No venue yet: no venue code (the members come to the host's place).
    with pytest.raises(DomainError, match="设立分会场"):
        venues.venue_token(row)
    client.force_login(county_staff)
    r = client.get(reverse("joint:venue_qr", args=[meeting_now.pk, row.pk]))
    assert r.status_code == 302
    services.venue_set(row=row, by=county_staff, venue="甲县政协会议室")
    page = client.get(reverse("joint:venue_qr", args=[meeting_now.pk, row.pk])).content.decode()
    assert "甲县政协会议室" in page and "<svg" in page
    link = page.split('data-testid="sign-in-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    path = link.split("testserver")[1]
    # The city member is not on this venue's list.
    client.force_login(p.member_wang)
    assert client.get(path).status_code == 404
    # The county member signs in at the venue.
    client.force_login(p.member_county)
    assert "确认在甲县政协会议室签到" in client.get(path).content.decode()
    r = client.post(path)
    assert r.status_code == 200 and "已在甲县政协会议室签到" in r.content.decode()
    inv = Invitation.objects.get(member=county_member)
    assert inv.attendance == "present" and inv.remote
    client.post(path)  # a second scan changes nothing
    assert Invitation.objects.filter(member=county_member, attendance="present").count() == 1
    # The venue's own list shows him present.
    client.force_login(county_staff)
    detail = client.get(reverse("joint:detail", args=[meeting_now.pk])).content.decode()
    assert "分会场签到二维码" in detail
    # A forged or altered code is refused with a clear message.
    client.force_login(p.member_county)
    r = client.get(reverse("joint:venue_sign_in", args=["forged"]))
    assert r.status_code == 400 and "二维码无效" in r.content.decode()


def test_venue_code_scope(
    client: Client,
    p: Personas,
    meeting_now: Activity,
    county_staff: User,
    outside_staff: User,
    outside: object,
) -> None:
    county = services.co_organiser_add(
        activity=meeting_now, by=p.activity_staff, partner=p.county_a, venue="甲县分会场"
    )
    # The host sees every venue's code; another co-organiser only its own; others 404.
    client.force_login(p.activity_staff)
    assert client.get(reverse("joint:venue_qr", args=[meeting_now.pk, county.pk])).status_code == 200
    client.force_login(outside_staff)
    assert client.get(reverse("joint:venue_qr", args=[meeting_now.pk, county.pk])).status_code == 404
    client.force_login(p.member_county)
    assert client.get(reverse("joint:venue_qr", args=[meeting_now.pk, county.pk])).status_code == 404
    # A withdrawn venue's code stops working.
    token = venues.venue_token(county)
    CoOrganiser.objects.filter(pk=county.pk).update(state=CoOrganiser.State.DECLINED)
    with pytest.raises(DomainError, match="无效"):
        venues.venue_for_token(token)
