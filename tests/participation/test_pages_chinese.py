"""Every page of the channels shows Chinese only: no English, dotted action names or model names
(the same checker as the browser walks, on the rendered main content)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_role_walks import problems_in
from tests.participation.conftest import submit
from tests.personas import Personas
from zhengxie.notices import announcements
from zhengxie.participation.services import campaigns, studios
from zhengxie.participation.services import micro as svc

pytestmark = pytest.mark.django_db
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def main_text(html: str) -> str:
    start, end = html.find("<main"), html.find("</main>")
    return TAGS.sub(" ", html[start:end] if start != -1 else html)


def test_pages_are_in_chinese(client: Client, p: Personas) -> None:
    micro = submit(p)
    svc.micro_route(micro=micro, by=p.proposal_staff, unit=p.unit)
    studio = studios.studio_save(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=studios.StudioData(
            name="工作室", place="街道", opening="每周三", members=[p.member_wang_record]
        ),
    )
    reception = studios.reception_record(
        studio=studio,
        by=p.member_wang,
        data=studios.ReceptionData(
            received_on=timezone.localdate(), problem="路灯坏了", visitor_phone="13912345678"
        ),
    )
    today = timezone.localdate()
    campaign = campaigns.campaign_open(
        committee_id=p.city.pk,
        by=p.proposal_staff,
        data=campaigns.CampaignData(
            title="献一策",
            description="征集",
            audience="public",
            starts_on=today,
            ends_on=today + timedelta(days=3),
        ),
    )
    campaigns.contribute_as_resident(campaign=campaign, name="张三", phone="13912345678", body="建议")
    a = announcements.announcement_publish(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=announcements.AnnouncementData(title="通知", body="内容"),
    )
    pages = {
        p.member_wang: [
            reverse("participation:micro_mine"),
            reverse("participation:micro_submit"),
            reverse("participation:micro_detail", args=[micro.pk]),
            reverse("participation:reception_mine"),
            reverse("participation:reception_new", args=[studio.pk]),
            reverse("participation:reception_detail", args=[reception.pk]),
            reverse("participation:campaign_list"),
            reverse("participation:campaign_detail", args=[campaign.pk]),
            reverse("notices:announcements"),
            reverse("notices:announcement_detail", args=[a.pk]),
            "/",
        ],
        p.proposal_staff: [
            reverse("participation:micro_office"),
            reverse("participation:micro_stats"),
            reverse("participation:micro_settings"),
            reverse("participation:micro_detail", args=[micro.pk]),
            reverse("participation:campaign_list"),
            reverse("participation:campaign_list") + "?task=to_moderate",
            reverse("participation:campaign_new"),
            reverse("participation:campaign_detail", args=[campaign.pk]) + "?show=1",
            "/",
        ],
        p.unit_clerk: [
            reverse("participation:micro_unit"),
            reverse("participation:micro_detail", args=[micro.pk]),
        ],
        p.activity_staff: [
            reverse("participation:studio_list"),
            reverse("participation:studio_create"),
            reverse("participation:studio_detail", args=[studio.pk]),
            reverse("notices:announcements"),
            reverse("notices:announcement_new"),
            reverse("notices:announcement_detail", args=[a.pk]),
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert problems_in(main_text(response.content.decode()), {user.username}) == [], url
    client.logout()
    for url in (
        reverse("participation:public_index", args=[p.city.code]),
        reverse("participation:public_campaign", args=[p.city.code, campaign.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert problems_in(main_text(response.content.decode()), set()) == [], url
