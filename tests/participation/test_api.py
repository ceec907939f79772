"""/api/v1/participation/: the same steps and scope as the pages, for members' phones and units."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.participation.conftest import submit
from tests.personas import Personas
from zhengxie.participation.services import studios as studio_svc

pytestmark = pytest.mark.django_db
BASE = "/api/v1/participation/"


def test_micro_round_trip_over_the_api(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    created = client.post(
        BASE + "micro",
        {
            "committee": p.city.pk,
            "title": "井盖破损",
            "body": "请更换",
            "place": "幸福路",
            "topic": "城乡建设",
        },
        content_type="application/json",
    )
    assert created.status_code == 200, created.content
    micro_id = created.json()["id"]
    assert created.json()["state"] == "submitted"
    client.force_login(p.proposal_staff)
    office = client.get(f"{BASE}micro?committee={p.city.pk}&box=office").json()
    assert [m["id"] for m in office["items"]] == [micro_id]
    routed = client.post(
        f"{BASE}micro/{micro_id}/route", {"unit": p.unit.pk}, content_type="application/json"
    )
    assert routed.json()["state"] == "routed"
    client.force_login(p.unit_clerk)
    assert [m["id"] for m in client.get(f"{BASE}micro?committee={p.city.pk}&box=unit").json()["items"]] == [
        micro_id
    ]
    client.post(f"{BASE}micro/{micro_id}/answer", {"text": "已更换"}, content_type="application/json")
    client.force_login(p.member_wang)
    rated = client.post(
        f"{BASE}micro/{micro_id}/rate", {"rating": "satisfied"}, content_type="application/json"
    )
    assert rated.json()["state"] == "rated" and rated.json()["rating"] == "satisfied"


def test_api_scope_and_errors(client: Client, p: Personas) -> None:
    micro = submit(p)
    client.force_login(p.county_b_staff)
    assert client.get(f"{BASE}micro/{micro.pk}").status_code == 404
    assert client.get(f"{BASE}micro?committee={p.city.pk}&box=office").status_code == 404
    client.force_login(p.member_wang)
    too_long = client.post(
        BASE + "micro",
        {"committee": p.city.pk, "title": "x", "body": "长" * 301, "place": "y", "topic": "其他"},
        content_type="application/json",
    )
    assert too_long.status_code == 422
    wrong = client.post(
        f"{BASE}micro/{micro.pk}/answer", {"text": "我自己答"}, content_type="application/json"
    )
    assert wrong.status_code in (400, 403)
    assert "message" in wrong.json()


def test_member_records_a_reception_from_the_phone(client: Client, p: Personas) -> None:
    studio = studio_svc.studio_save(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=studio_svc.StudioData(
            name="工作室", place="街道", opening="每周三", members=[p.member_wang_record]
        ),
    )
    client.force_login(p.member_wang)
    response = client.post(
        f"{BASE}studios/{studio.pk}/receptions",
        {
            "received_on": timezone.localdate().isoformat(),
            "problem": "路灯坏了",
            "visitor_phone": "13912345678",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert "visitor_phone" not in response.json()
    listing = client.get(f"{BASE}receptions?committee={p.city.pk}").json()
    assert listing["items"][0]["problem"] == "路灯坏了"
    client.force_login(p.member_county)
    assert (
        client.post(
            f"{BASE}studios/{studio.pk}/receptions",
            {"received_on": timezone.localdate().isoformat(), "problem": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_member_contributes_to_a_campaign_over_the_api(client: Client, p: Personas) -> None:
    from datetime import timedelta

    from zhengxie.participation.services import campaigns

    today = timezone.localdate()
    campaign = campaigns.campaign_open(
        committee_id=p.city.pk,
        by=p.proposal_staff,
        data=campaigns.CampaignData(
            title="献一策",
            description="征集",
            audience="members",
            starts_on=today,
            ends_on=today + timedelta(days=5),
        ),
    )
    client.force_login(p.member_wang)
    listing = client.get(f"{BASE}campaigns?committee={p.city.pk}").json()
    assert [c["id"] for c in listing["items"]] == [campaign.pk] and listing["items"][0]["is_open"]
    posted = client.post(
        f"{BASE}campaigns/{campaign.pk}/contributions", {"body": "建议"}, content_type="application/json"
    )
    assert posted.json()["state"] == "pending"
    detail = client.get(f"{BASE}campaigns/{campaign.pk}").json()
    assert [c["state"] for c in detail["contributions"]] == ["pending"]
    client.force_login(p.member_county)
    assert client.get(f"{BASE}campaigns/{campaign.pk}").status_code == 404
