"""/api/v1/joint/: a co-organising office on the phone lists its joint activities, answers an
invitation to co-organise, reads its own members' sign-in list and records one present; scope
and bad input as on the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas, _user
from zhengxie.consultations.models import Invitation
from zhengxie.consultations.services import activities
from zhengxie.joint import services
from zhengxie.org.models import Committee, Member
from zhengxie.org.roles import Role

pytestmark = pytest.mark.django_db
BASE = "/api/v1/joint/"


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def test_co_organiser_answers_and_records_its_member(client: Client, p: Personas) -> None:
    outside = Committee.objects.create(name="外省政协", level="province", code="Q")
    staff = _user("outside_activity", "外省活动干部", outside, Role.ACTIVITY_STAFF)
    county_staff = _user("county_activity", "甲县活动干部", p.county_a, Role.ACTIVITY_STAFF)
    now = timezone.now()
    a = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="联办协商会",
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2), place="市政协",
    )  # fmt: skip
    services.co_organiser_add(activity=a, by=p.activity_staff, partner=outside)
    services.co_organiser_add(activity=a, by=p.activity_staff, partner=p.county_a, venue="甲县分会场")
    member = Member.objects.get(committee=p.county_a)
    services.members_invite(activity=a, committee_id=p.county_a.pk, by=county_staff, members=[member])

    h = bearer(staff)
    listed = client.get(BASE + "activities", {"committee": outside.pk}, headers=h).json()
    assert [i["title"] for i in listed["items"]] == ["联办协商会"]
    assert not listed["items"][0]["is_host"]
    r = _post(client, f"{BASE}activities/{a.pk}/answer", h, {"committee": outside.pk, "accept": False})
    assert r.status_code == 400 and "理由" in r.json()["message"]
    r = _post(client, f"{BASE}activities/{a.pk}/answer", h, {"committee": outside.pk, "accept": True})
    assert r.json()["state"] == "accepted"
    assert client.get(BASE + "activities", {"committee": p.city.pk}, headers=h).status_code == 404

    h = bearer(county_staff)
    rows = client.get(f"{BASE}activities/{a.pk}/sign-in", {"committee": p.county_a.pk}, headers=h).json()
    assert [r["name"] for r in rows["items"]] == ["李淑芬"]
    inv = Invitation.objects.get(member=member)
    r = _post(
        client, f"{BASE}invitations/{inv.pk}/attendance", h, {"committee": p.county_a.pk, "status": "maybe"}
    )
    assert r.status_code == 400
    r = _post(
        client, f"{BASE}invitations/{inv.pk}/attendance", h, {"committee": p.county_a.pk, "status": "present"}
    )
    assert r.json()["attendance"] == "present" and r.json()["remote"] is True
    wang = Invitation.objects.create(committee=p.city, activity=a, member=p.member_wang_record)
    r = _post(
        client,
        f"{BASE}invitations/{wang.pk}/attendance",
        h,
        {"committee": p.county_a.pk, "status": "present"},
    )
    assert r.status_code == 404
    r = client.get(f"{BASE}activities/{a.pk}/sign-in", {"committee": p.county_b.pk}, headers=h)
    assert r.status_code == 404
