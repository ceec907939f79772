"""The member platform's records in the index: topic groups and their suggestions, surveys,
micro-suggestions, campaigns and studio receptions, each found by exactly who may open it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.groups.conftest import G, g, new_group  # noqa: F401  (fixture)
from tests.personas import Personas
from tests.surveys.conftest import build_survey
from zhengxie.groups import services as groups
from zhengxie.participation.services import campaigns, micro, studios
from zhengxie.search.models import Document
from zhengxie.search.query import search
from zhengxie.surveys import services as surveys

pytestmark = pytest.mark.django_db


def found(user: Any, q: str, kind: str) -> list[int]:
    return [h.doc.object_id for h in search(user, q, kind=kind).hits]


def test_topic_groups_are_found_by_their_posts_within_their_audience(p: Personas, g: G) -> None:  # noqa: F811
    post = groups.post_create(group=g.group, by=p.member_wang, body="建议加装电梯并改造管网。")
    assert found(p.member_wang, "改造管网", "topicgroup") == [g.group.pk]
    assert found(p.activity_staff, "改造管网", "topicgroup") == [g.group.pk]
    assert found(p.member_county, "改造管网", "topicgroup") == []
    narrow = new_group(p, title="教育界议政群", sectors=[g.education])
    assert found(g.zhao, "教育界议政", "topicgroup") == [narrow.pk]
    assert found(p.member_wang, "教育界议政", "topicgroup") == []  # another sector
    suggestion = groups.suggestion_create(
        group=g.group, by=p.activity_staff,
        data=groups.SuggestionDraft(area="城建", title="关于老旧小区改造的建议", summary="统筹电梯加装。", post_ids=[post.pk]),
    )  # fmt: skip
    assert found(p.member_wang, "统筹电梯", "groupsuggestion") == [suggestion.pk]
    assert found(p.member_county, "统筹电梯", "groupsuggestion") == []
    assert Document.objects.get(kind="groupsuggestion").office_open is False
    groups.post_hide(post=post, by=p.activity_staff, reason="重复")
    assert found(p.member_wang, "改造管网", "topicgroup") == []


def test_surveys_are_the_offices_until_open(p: Personas) -> None:
    sv = build_survey(p)
    assert found(p.member_wang, "满意度调查", "survey") == [sv.survey.pk]
    assert found(p.member_county, "满意度调查", "survey") == []
    surveys.survey_close(survey=sv.survey, by=p.activity_staff)
    assert Document.objects.get(kind="survey").state == "已结束"
    draft = surveys.survey_create(
        committee_id=p.city.pk, by=p.activity_staff,
        data=surveys.SurveyDraft(title="委员读书意向调查", description="了解读书需求", closes_at=timezone.now() + timedelta(days=3), all_members=True),
    )  # fmt: skip
    assert found(p.activity_staff, "读书需求", "survey") == [draft.pk]
    assert found(p.member_wang, "读书需求", "survey") == []


def test_micro_suggestions_are_the_authors_the_offices_and_the_units(
    p: Personas, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    row = micro.micro_submit(
        committee_id=p.city.pk, by=p.member_wang,
        data=micro.MicroData(title="幸福路井盖破损", body="井盖破损下陷。", place="幸福路", topic="城乡建设"),
    )  # fmt: skip
    assert found(p.member_wang, "井盖破损", "micro") == [row.pk]
    assert found(p.proposal_staff, "井盖破损", "micro") == [row.pk]
    assert found(p.unit_clerk, "井盖破损", "micro") == []  # not routed to the unit yet
    assert found(p.member_county, "井盖破损", "micro") == []
    micro.micro_route(micro=row, by=p.proposal_staff, unit=p.unit)
    assert found(p.unit_clerk, "井盖破损", "micro") == [row.pk]
    micro.micro_answer(micro=row, by=p.unit_clerk, answer="已安排更换新井盖。")
    assert found(p.member_wang, "更换新井盖", "micro") == [row.pk]


def test_campaigns_show_their_published_contributions_only(p: Personas) -> None:
    cache.clear()
    today = timezone.localdate()
    campaign = campaigns.campaign_open(
        committee_id=p.city.pk, by=p.proposal_staff,
        data=campaigns.CampaignData(title="我为城市发展献一策", description="围绕城市更新征集意见。", audience="members",
                                    starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=30)),
    )  # fmt: skip
    assert found(p.member_wang, "城市更新", "campaign") == [campaign.pk]
    assert found(p.member_county, "城市更新", "campaign") == []
    row = campaigns.contribute_as_member(campaign=campaign, by=p.member_wang, body="建设口袋公园。")
    assert found(p.member_wang, "口袋公园", "campaign") == []  # not yet moderated
    campaigns.contribution_moderate(contribution=row, by=p.proposal_staff, publish=True)
    assert found(p.member_wang, "口袋公园", "campaign") == [campaign.pk]


def test_receptions_are_the_receiving_members_and_the_offices(p: Personas) -> None:
    studio = studios.studio_save(
        committee_id=p.city.pk, by=p.activity_staff,
        data=studios.StudioData(name="城东委员工作室", place="城东街道", opening="每周三", members=[p.member_wang_record]),
    )  # fmt: skip
    reception = studios.reception_record(
        studio=studio, by=p.member_wang,
        data=studios.ReceptionData(received_on=timezone.localdate(), problem="小区路灯坏了一个月", visitor_name="张三"),
    )  # fmt: skip
    assert found(p.member_wang, "路灯坏了", "reception") == [reception.pk]
    assert found(p.activity_staff, "路灯坏了", "reception") == [reception.pk]
    assert found(p.member_county, "路灯坏了", "reception") == []
    assert found(p.activity_staff, "张三", "reception") == []  # the visitor's name is not indexed
    studios.reception_solve(reception=reception, by=p.member_wang, action="已联系物业修复")
    assert found(p.member_wang, "联系物业", "reception") == [reception.pk]
