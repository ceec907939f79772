"""Campaigns and the public column: the office opens a campaign; members and residents contribute;
nothing shows before moderation; a public visitor sees only published contributions and replies,
never a resident's name or phone; the form refuses a wrong challenge, a flood from one address
and from one phone; the campaign closes with a Word summary that can go on as 社情民意."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.opinions.models import Opinion
from zhengxie.participation import challenge
from zhengxie.participation.models import Campaign, Contribution
from zhengxie.participation.services import campaigns as svc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def open_campaign(p: Personas, audience: str = "public", **kwargs: Any) -> Campaign:
    today = timezone.localdate()
    data = svc.CampaignData(
        title="我为城市发展献一策",
        description="围绕城市更新征集意见建议。",
        audience=audience,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
        **kwargs,
    )
    return svc.campaign_open(committee_id=p.city.pk, by=p.proposal_staff, data=data)


def answer_for(token: str) -> str:
    return str(signing.loads(token, salt=challenge.SALT)["s"])


def public_post(client: Client, url: str, **fields: str) -> Any:
    page = client.get(url)
    token = page.context["token"]
    data = {
        "name": "张三",
        "phone": "13912345678",
        "body": "建议增设公交线路。",
        "token": token,
        "answer": answer_for(token),
    }
    data.update(fields)
    return client.post(url, data, REMOTE_ADDR=fields.get("ip", "10.0.0.1"))


def test_nothing_public_before_moderation_and_no_personal_data_after(client: Client, p: Personas) -> None:
    campaign = open_campaign(p)
    url = reverse("participation:public_campaign", args=[p.city.code, campaign.pk])
    response = public_post(client, url)
    assert response.status_code == 302
    row = Contribution.objects.get()
    assert row.state == "pending" and row.resident_phone == "13912345678"
    assert "建议增设公交线路" not in client.get(url).content.decode()

    svc.contribution_moderate(contribution=row, by=p.proposal_staff, publish=True)
    svc.contribution_reply(contribution=row, by=p.member_wang, text="已转有关部门研究。")
    page = client.get(url).content.decode()
    assert "建议增设公交线路" in page and "王建国委员回复" in page
    assert "张三" not in page and "13912345678" not in page and "5678" not in page


def test_public_visitor_sees_only_public_campaigns(client: Client, p: Personas) -> None:
    members_only = open_campaign(p, audience="members")
    public = open_campaign(p)
    index = client.get(reverse("participation:public_index", args=[p.city.code])).content.decode()
    assert str(reverse("participation:public_campaign", args=[p.city.code, public.pk])) in index
    assert (
        client.get(reverse("participation:public_campaign", args=[p.city.code, members_only.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("participation:public_campaign", args=[p.county_b.code, public.pk])).status_code
        == 404
    )


def test_wrong_challenge_and_robots_are_refused(client: Client, p: Personas) -> None:
    campaign = open_campaign(p)
    url = reverse("participation:public_campaign", args=[p.city.code, campaign.pk])
    wrong = public_post(client, url, answer="99")
    assert wrong.status_code == 400 and "验证题" in wrong.content.decode()
    forged = public_post(client, url, token="forged", answer="2")
    assert forged.status_code == 400
    robot = public_post(client, url, website="http://spam")
    assert robot.status_code == 400
    control = public_post(client, url, body="建议\x1b增设")
    assert control.status_code in (302, 400)  # the middleware strips the character at the edge
    Contribution.objects.all().delete()
    with pytest.raises(DomainError, match="控制字符"):
        svc.contribute_as_resident(campaign=campaign, name="张三", phone="13912345678", body="建议\x1b增设")
    assert not Contribution.objects.exists()


def test_a_flood_from_one_address_or_phone_is_refused(client: Client, p: Personas) -> None:
    campaign = open_campaign(p)
    url = reverse("participation:public_campaign", args=[p.city.code, campaign.pk])
    for i in range(challenge.PER_PHONE_PER_DAY):
        assert public_post(client, url, body=f"第{i}条").status_code == 302
    same_phone = public_post(client, url, ip="10.0.0.2", body="同一手机")
    assert same_phone.status_code == 429 and "手机号" in same_phone.content.decode()
    for i in range(challenge.PER_IP_PER_HOUR):
        public_post(client, url, ip="10.0.0.3", phone=f"1380000{i:04d}", body=f"地址{i}")
    flood = public_post(client, url, ip="10.0.0.3", phone="13700000000", body="洪水")
    assert flood.status_code == 429 and "频繁" in flood.content.decode()
    assert not Contribution.objects.filter(body__in=["同一手机", "洪水"]).exists()


def test_members_contribute_office_closes_with_summary_and_sends_it_on(client: Client, p: Personas) -> None:
    campaign = open_campaign(p, audience="sector", sector=p.sector)
    row = svc.contribute_as_member(campaign=campaign, by=p.member_wang, body="建议优化营商环境。")
    with pytest.raises(NotAllowed):
        svc.contribute_as_member(campaign=campaign, by=p.member_county, body="外县委员")
    with pytest.raises(NotAllowed):
        svc.contribution_moderate(contribution=row, by=p.member_wang, publish=True)
    with pytest.raises(DomainError, match="审核公开后"):
        svc.contribution_reply(contribution=row, by=p.proposal_staff, text="回复")
    client.force_login(p.proposal_staff)
    assert "待审核的建言" in client.get("/").content.decode()
    client.post(
        reverse("participation:campaign_act", args=[campaign.pk, "publish"]), {"contribution": row.pk}
    )
    client.post(
        reverse("participation:campaign_act", args=[campaign.pk, "close"]), {"summary": "共收到建议一条。"}
    )
    docx = client.get(reverse("participation:campaign_summary", args=[campaign.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(reverse("participation:campaign_act", args=[campaign.pk, "to_opinion"]))
    opinion = Opinion.objects.get(link_id=campaign.pk, title__contains="建言征集")
    assert response["Location"] == reverse("opinions:detail", args=[opinion.pk])
    assert list(opinion.author_rows.values_list("member_id", flat=True)) == [p.member_wang_record.pk]
    with pytest.raises(DomainError, match="征集期"):
        svc.contribute_as_member(campaign=Campaign.objects.get(pk=campaign.pk), by=p.member_wang, body="晚了")


def test_campaign_pages_scope_and_query_counts(client: Client, p: Personas) -> None:
    campaign = open_campaign(p)
    client.force_login(p.county_b_staff)
    assert client.get(reverse("participation:campaign_detail", args=[campaign.pk])).status_code == 404
    client.force_login(p.unit_clerk)
    assert client.get(reverse("participation:campaign_list")).status_code == 404

    def add(n: int) -> None:
        for i in range(n):
            row = svc.contribute_as_resident(
                campaign=campaign, name="李四", phone="13912345678", body=f"建议{i}"
            )
            if i % 2:
                svc.contribution_moderate(contribution=row, by=p.proposal_staff, publish=True)

    client.force_login(p.proposal_staff)
    assert (
        same_for_few_and_many(client, reverse("participation:campaign_detail", args=[campaign.pk]), add) <= 25
    )
    client.logout()
    public_url = reverse("participation:public_campaign", args=[p.city.code, campaign.pk])
    assert same_for_few_and_many(client, public_url, add) <= 10


def test_campaign_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            c = open_campaign(p)
            svc.contribute_as_member(campaign=c, by=p.member_wang, body="建议")

    client.force_login(p.proposal_staff)
    assert same_for_few_and_many(client, reverse("participation:campaign_list"), add) <= 20
    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("participation:campaign_list"), add) <= 20
