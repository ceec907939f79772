"""/api/v1/joint/ for a party's liaison on the phone: the activities its party co-organises, inviting
its own members (not another's: refused, nothing stored), their sign-in list and attendance."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.helpers import bearer
from tests.joint.test_liaison import _now_meeting, joint, liaison_a, party_a, zhao  # noqa: F401
from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.org.models import Member

pytestmark = pytest.mark.django_db


def test_api_lists_the_units_activities_and_its_members(
    p: Personas,
    joint: Activity,  # noqa: F811
    liaison_a: User,  # noqa: F811
    zhao: Member,  # noqa: F811
    client: Client,
) -> None:
    h = bearer(liaison_a)
    rows = client.get("/api/v1/joint/activities", {"committee": p.city.pk}, headers=h).json()["items"]
    assert [r["id"] for r in rows] == [joint.pk] and rows[0]["is_host"] is False
    bad = client.post(
        f"/api/v1/joint/activities/{joint.pk}/unit-invitations",
        {"committee": p.city.pk, "member_ids": [p.member_wang_record.pk]},
        content_type="application/json",
        headers=h,
    )
    assert bad.status_code == 400 and "只能邀请" in bad.json()["message"]
    assert not Invitation.objects.filter(activity=joint).exists()
    ok = client.post(
        f"/api/v1/joint/activities/{joint.pk}/unit-invitations",
        {"committee": p.city.pk, "member_ids": [zhao.pk]},
        content_type="application/json",
        headers=h,
    )
    assert ok.json() == {"invited": 1}
    sheet = client.get(
        f"/api/v1/joint/activities/{joint.pk}/sign-in", {"committee": p.city.pk}, headers=h
    ).json()
    assert [i["name"] for i in sheet["items"]] == ["赵明远"]
    inv = Invitation.objects.get(activity=joint, member=zhao)
    marked = client.post(
        f"/api/v1/joint/invitations/{inv.pk}/attendance",
        {"committee": p.city.pk, "status": "present"},
        content_type="application/json",
        headers=h,
    )
    assert marked.json()["attendance"] == "present"
    other = _now_meeting(p, "别的会")
    assert (
        client.get(
            f"/api/v1/joint/activities/{other.pk}/sign-in", {"committee": p.city.pk}, headers=h
        ).status_code
        == 404
    )
