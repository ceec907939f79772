"""The record kinds around proposals in the index: suggested topics (领导点题、群众荐题), members'
协助审查修改 requests and the 督导组's visits with their findings — each found by whoever may open
it on its page, and nobody else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.consultations.conftest import member_zhao  # noqa: F401  (fixture)
from tests.personas import Personas
from zhengxie.org.models import Member
from zhengxie.proposals.models import SuggestedTopic
from zhengxie.proposals.services import assist, inspections, topics
from zhengxie.search.index import rebuild
from zhengxie.search.models import Document
from zhengxie.search.query import search

pytestmark = pytest.mark.django_db


def found(user: object, q: str, kind: str) -> list[int]:
    return [h.doc.object_id for h in search(user, q, kind=kind).hits]


def test_topics_the_office_sees_all_members_the_published(p: Personas) -> None:
    topic = topics.topic_add(
        committee_id=p.city.pk,
        by=p.leader,
        source="leader",
        title="老旧小区加装电梯",
        description="协调难、资金难",
    )
    assert found(p.leader, "加装电梯", "topic") == [topic.pk]
    assert found(p.proposal_staff, "加装电梯", "topic") == [topic.pk]
    assert found(p.member_wang, "加装电梯", "topic") == []  # not yet published
    assert found(p.member_county, "加装电梯", "topic") == []
    topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=topic.year)
    assert found(p.member_wang, "加装电梯", "topic") == [topic.pk]
    assert found(p.member_wang, "资金难", "topic") == [topic.pk]
    assert found(p.member_county, "加装电梯", "topic") == []  # another committee's member
    assert found(p.unit_clerk, "加装电梯", "topic") == []
    topics.topic_withdraw(topic=SuggestedTopic.objects.get(pk=topic.pk), by=p.proposal_staff)
    assert found(p.member_wang, "加装电梯", "topic") == []
    assert found(p.proposal_staff, "加装电梯", "topic") == [topic.pk]
    assert Document.objects.get(kind="topic").state == "已撤回"


def test_assist_requests_are_the_members_and_the_offices(p: Personas, member_zhao: Member) -> None:  # noqa: F811
    row = assist.assist_request(
        committee_id=p.city.pk,
        by=p.member_wang,
        upper_level="省政协十三届三次会议",
        title="关于完善县域医共体建设的建议",
        text="县域医共体建设中存在医保打包支付落地慢、人才下沉难等问题，建议省级层面统筹推进。",
    )
    assert found(p.member_wang, "医共体", "assist") == [row.pk]
    assert found(p.proposal_staff, "医共体", "assist") == [row.pk]
    assert found(p.leader, "医共体", "assist") == [row.pk]
    zhao = member_zhao.person.user
    assert found(zhao, "医共体", "assist") == []  # another member's request
    assert found(p.unit_clerk, "医共体", "assist") == []
    assert found(p.member_county, "医共体", "assist") == []
    assist.assist_answer(row=row, by=p.proposal_staff, comments="建议补充本省试点县的数据和成效。")
    assert found(p.member_wang, "试点县", "assist") == [row.pk]
    # The upper committees' office does not find a member's draft in the lower committee.
    assert Document.objects.get(kind="assist").office_open is False


def _visit(p: Personas) -> Any:
    group = inspections.group_create(
        committee_id=p.city.pk, by=p.proposal_staff, year=timezone.localdate().year, name="提案办理督导第一组"
    )
    return inspections.visit_plan(
        group=group, by=p.proposal_staff, unit_id=p.unit.pk, visit_on=timezone.localdate()
    )


def test_inspection_visits_and_findings_are_the_offices_and_the_units(p: Personas) -> None:
    visit = _visit(p)
    assert found(p.proposal_staff, "督导", "inspection") == [visit.pk]
    inspections.findings_record(
        visit=visit, by=p.proposal_staff, findings="答复件未写明落实时限，需加强跟踪落实。", rating="average"
    )
    assert found(p.proposal_staff, "落实时限", "inspection") == [visit.pk]
    assert found(p.leader, "落实时限", "inspection") == [visit.pk]
    assert found(p.unit_clerk, "落实时限", "inspection") == [visit.pk]  # the inspected unit
    assert found(p.member_wang, "落实时限", "inspection") == []
    assert found(p.county_b_staff, "落实时限", "inspection") == []
    inspections.reply_record(visit=visit, by=p.unit_clerk, reply="已建立答复件落实台账，逐件明确时限。")
    assert found(p.unit_clerk, "落实台账", "inspection") == [visit.pk]


def test_a_rebuild_brings_the_three_kinds_back(p: Personas) -> None:
    topic = topics.topic_add(
        committee_id=p.city.pk,
        by=p.proposal_staff,
        source="public",
        title="校园周边交通安全",
        source_note="网上征集",
    )
    visit = _visit(p)
    Document.objects.filter(kind__in=["topic", "inspection"]).delete()
    rebuild(committee_ids=[p.city.pk])
    assert set(
        Document.objects.filter(kind__in=["topic", "inspection"]).values_list("kind", "object_id")
    ) == {
        ("topic", topic.pk),
        ("inspection", visit.pk),
    }


def test_the_results_page_names_the_kinds_in_chinese(client: Client, p: Personas) -> None:
    topic = topics.topic_add(committee_id=p.city.pk, by=p.leader, source="leader", title="老旧小区加装电梯")
    client.force_login(p.leader)
    page = client.get(reverse("search:results"), {"q": "加装电梯"}).content.decode()
    assert "提案选题" in page
    assert "领导点题" in page  # the hit's text, from the topic
    assert Document.objects.filter(kind="topic", object_id=topic.pk).exists()
