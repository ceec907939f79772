"""A city office opens, read-only, a county's campaign, grassroots platform and record, and
democratic-supervision finding (its search shows them); a member of the city, another county's
staff and the actions stay out (404)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas, _user
from zhengxie.grassroots import services as grassroots
from zhengxie.org.models import HandlingUnit
from zhengxie.org.selectors import below_office
from zhengxie.participation.services import campaigns
from zhengxie.workplans import supervision as workplans

pytestmark = pytest.mark.django_db


def _county_records(p: Personas) -> dict[str, str]:
    county = p.county_a
    office = _user("jia_office", "甲县政协干部", county, "proposal_staff")
    activity = _user("jia_activity", "甲县活动干部", county, "activity_staff")
    today = timezone.localdate()
    campaign = campaigns.campaign_open(
        committee_id=county.pk,
        by=office,
        data=campaigns.CampaignData(
            title="甲县乡村振兴金点子",
            description="征集乡村振兴意见。",
            audience="members",
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=30),
        ),
    )
    platform = grassroots.platform_create(
        committee_id=county.pk,
        by=activity,
        name="甲县东村议事点",
        level="village",
        township="东镇",
        village="东村",
    )
    record = grassroots.record_open(platform=platform, by=activity, title="村道硬化", note="群众反映村道坑洼")
    unit = HandlingUnit.objects.create(committee=county, name="甲县交通局")
    finding = workplans.finding_send(
        committee_id=county.pk, by=activity, unit=unit, title="村道养护监督意见", body="加快养护。",
        due_on=today + timedelta(days=30),
    )  # fmt: skip
    return {
        "campaign": reverse("participation:campaign_detail", args=[campaign.pk]),
        "platform": reverse("grassroots:platform", args=[platform.pk]),
        "record": reverse("grassroots:record", args=[record.pk]),
        "finding": reverse("workplans:finding", args=[finding.pk]),
        "campaign_act": reverse("participation:campaign_act", args=[campaign.pk, "close"]),
        "platform_act": reverse("grassroots:platform_act", args=[platform.pk, "assign"]),
        "finding_act": reverse("workplans:finding_act", args=[finding.pk, "instruct"]),
    }


def test_the_city_leader_reads_the_countys_records_without_their_actions(client: Client, p: Personas) -> None:
    urls = _county_records(p)
    client.force_login(p.leader)
    for kind in ("campaign", "platform", "record", "finding"):
        response = client.get(urls[kind])
        assert response.status_code == 200, kind
        page = response.content.decode()
        assert 'method="post"' not in page.split('class="content"', 1)[1], kind  # no action offered
    for kind in ("campaign_act", "platform_act", "finding_act"):
        assert client.post(urls[kind], {"summary": "综述"}).status_code == 404, kind


@pytest.mark.parametrize("who", ["member_wang", "county_b_staff"])
def test_others_do_not_open_the_countys_records(client: Client, p: Personas, who: str) -> None:
    urls = _county_records(p)
    client.force_login(getattr(p, who))
    for kind in ("campaign", "platform", "record", "finding"):
        assert client.get(urls[kind]).status_code == 404, (who, kind)


def test_below_office_is_the_subtree_without_the_users_own_committees(p: Personas) -> None:
    assert below_office(p.leader, ["leader"]) == {p.county_a.pk, p.county_b.pk}
    assert below_office(p.member_wang, ["leader"]) == set()
    both: Any = _user("two_hats", "两级干部", p.city, "leader")
    from zhengxie.org import services as org

    org.role_grant(user=both, committee=p.county_a, role="leader", by=None)
    both = type(both).objects.get(pk=both.pk)
    assert below_office(both, ["leader"]) == {p.county_b.pk}
