"""提案选题: leaders suggest topics, the office enters the public's and publishes the list (members
told by a job), members take a topic up (a draft of their own with the topic as its source) and
the topic's page lists the proposals made from it; wrong roles 404, bad input a Chinese message."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.helpers import bearer
from tests.personas import Personas
from tests.proposals.conftest import city_member
from tests.proposals.helpers import today
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.personal import id_check_digit
from zhengxie.notices.models import Notice
from zhengxie.proposals.models import Proposal, SuggestedTopic, TopicUptake
from zhengxie.proposals.services import topics
from zhengxie.proposals.workbench import pending_items

pytestmark = pytest.mark.django_db
S = SuggestedTopic.State
SRC = SuggestedTopic.Source


def _leader_topic(p: Personas, title: str = "优化营商环境") -> SuggestedTopic:
    return topics.topic_add(
        committee_id=p.city.pk, by=p.leader, source=SRC.LEADER, title=title, description="聚焦审批提速。"
    )


def _public_topic(p: Personas, title: str = "老旧小区加装电梯") -> SuggestedTopic:
    return topics.topic_add(
        committee_id=p.city.pk, by=p.proposal_staff, source=SRC.PUBLIC, title=title, source_note="网上征集"
    )


def _published(p: Personas) -> None:
    topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=today().year)


def test_leader_and_public_topics_are_published_and_members_told(
    p: Personas, run_jobs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        leader_topic = _leader_topic(p)
    # The office is told of a leader's topic and has it on its home page.
    assert Notice.objects.filter(
        recipient=p.proposal_staff, key=f"proposals.topic.{leader_topic.pk}.added"
    ).exists()
    public_topic = _public_topic(p)
    items = {i.label: i.count for i in pending_items(p.proposal_staff, p.city.pk)}
    assert items["待发布的提案选题"] == 2
    with run_jobs():
        assert topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=today().year) == 2
    assert set(SuggestedTopic.objects.values_list("state", flat=True)) == {S.PUBLISHED}
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="提案选题已发布").count() == 1
    before = Notice.objects.count()
    topics.tell_members_published(p.city.pk, today().year, 2)  # a rerun sends nothing twice
    assert Notice.objects.count() == before
    assert "待发布的提案选题" not in [i.label for i in pending_items(p.proposal_staff, p.city.pk)]
    assert AuditEvent.objects.filter(action="proposals.topic.published").count() == 2
    assert AuditEvent.objects.filter(action="proposals.topic.added").count() == 2
    with pytest.raises(DomainError, match="没有待发布"):
        topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=today().year)
    public_topic.refresh_from_db()
    topics.topic_withdraw(topic=public_topic, by=p.proposal_staff)
    assert SuggestedTopic.objects.get(pk=public_topic.pk).state == S.WITHDRAWN
    with pytest.raises(DomainError, match="已撤回"):
        topics.topic_withdraw(topic=public_topic, by=p.proposal_staff)


def test_a_member_takes_a_topic_up_and_the_link_is_kept(p: Personas) -> None:
    topic = _leader_topic(p)
    with pytest.raises(DomainError, match="待发布"):
        topics.topic_take(topic=topic, by=p.member_wang)
    _published(p)
    topic.refresh_from_db()
    proposal = topics.topic_take(topic=topic, by=p.member_wang)
    assert proposal.state == Proposal.State.DRAFT
    assert proposal.proposer == p.member_wang_record
    assert proposal.source_label == "领导点题：优化营商环境"
    assert proposal.source_url == reverse("proposals:topic_detail", args=[topic.pk])
    assert proposal.title == "关于优化营商环境的建议"
    assert TopicUptake.objects.get(topic=topic).proposal == proposal
    # Taking it again opens the same draft.
    assert topics.topic_take(topic=topic, by=p.member_wang) == proposal
    assert TopicUptake.objects.count() == 1
    assert AuditEvent.objects.filter(action="proposals.topic.taken").count() == 1


def test_wrong_roles_and_bad_input(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        topics.topic_add(committee_id=p.city.pk, by=p.member_wang, source=SRC.LEADER, title="某题")
    with pytest.raises(NotAllowed):
        topics.topic_add(
            committee_id=p.city.pk, by=p.leader, source=SRC.PUBLIC, title="某题", source_note="来信"
        )
    with pytest.raises(DomainError, match="请填写选题题目"):
        topics.topic_add(committee_id=p.city.pk, by=p.leader, source=SRC.LEADER, title="  ")
    with pytest.raises(DomainError, match="提案分类"):
        topics.topic_add(
            committee_id=p.city.pk, by=p.leader, source=SRC.LEADER, title="某题", category="无此类"
        )
    with pytest.raises(DomainError, match="注明群众荐题的来源"):
        topics.topic_add(committee_id=p.city.pk, by=p.proposal_staff, source=SRC.PUBLIC, title="某题")
    assert not SuggestedTopic.objects.exists()
    topic = _leader_topic(p)
    with pytest.raises(NotAllowed):
        topics.topics_publish(committee_id=p.city.pk, by=p.leader, year=today().year)
    with pytest.raises(NotAllowed):
        topics.topic_withdraw(topic=topic, by=p.member_wang)
    _published(p)
    topic.refresh_from_db()
    with pytest.raises(NotAllowed):
        topics.topic_take(topic=topic, by=p.leader)
    assert not Proposal.objects.exists()


def test_the_pages_from_suggestion_to_taking(client: Client, p: Personas) -> None:
    client.force_login(p.leader)
    client.post(reverse("proposals:topic_add"), {"source": "leader", "title": "", "description": "x"})
    assert not SuggestedTopic.objects.exists()
    client.post(reverse("proposals:topic_add"), {"source": "leader", "title": "数字乡村建设"})
    topic = SuggestedTopic.objects.get()
    assert topic.source == SRC.LEADER and topic.state == S.DRAFT
    client.force_login(p.member_wang)
    assert client.get(reverse("proposals:topic_detail", args=[topic.pk])).status_code == 404  # not published
    assert client.get(reverse("proposals:topics") + "?show=draft").status_code == 404
    assert client.post(reverse("proposals:topics_publish")).status_code == 404
    client.force_login(p.proposal_staff)
    page = client.get(reverse("proposals:topics") + "?show=draft").content.decode()
    assert "数字乡村建设" in page and 'data-testid="topic-public-form"' in page
    client.post(
        reverse("proposals:topic_add"),
        {"source": "public", "title": "背街小巷停车难", "source_note": "群众来信"},
    )
    assert client.post(reverse("proposals:topics_publish"), {"year": today().year}).status_code == 302
    assert SuggestedTopic.objects.filter(state=S.PUBLISHED).count() == 2
    client.force_login(p.member_wang)
    page = client.get(reverse("proposals:topics")).content.decode()
    assert "数字乡村建设" in page and "背街小巷停车难" in page and 'data-testid="topic-take"' in page
    response = client.post(reverse("proposals:topic_take", args=[topic.pk]))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "proposals:edit", args=[proposal.pk]
    )
    assert client.get(response["Location"]).status_code == 200
    detail = client.get(reverse("proposals:topic_detail", args=[topic.pk])).content.decode()
    assert proposal.title in detail and "您已领题" in detail
    # Units see nothing of it; the leader's page shows the count but not the member's draft.
    client.force_login(p.unit_clerk)
    assert client.get(reverse("proposals:topics")).status_code == 404
    assert client.post(reverse("proposals:topic_take", args=[topic.pk])).status_code == 404
    client.force_login(p.leader)
    detail = client.get(reverse("proposals:topic_detail", args=[topic.pk])).content.decode()
    assert proposal.title not in detail.split("据此选题形成的提案")[1]
    assert client.post(reverse("proposals:topic_withdraw", args=[topic.pk])).status_code == 404


def test_the_topic_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)

    def add(n: int) -> None:
        for i in range(n):
            topic = _leader_topic(p, f"选题{SuggestedTopic.objects.count() + i}")
            _published(p)
            topic.refresh_from_db()
            topics.topic_take(topic=topic, by=p.member_wang)

    same_for_few_and_many(client, reverse("proposals:topics"), add)


def test_the_topic_page_query_count_does_not_grow(client: Client, p: Personas) -> None:
    topic = _leader_topic(p)
    _published(p)
    client.force_login(p.proposal_staff)

    def add(n: int) -> None:
        for _ in range(n):
            k = TopicUptake.objects.count()
            base = f"11010519800101{k + 100:03d}"
            user, _member = city_member(p, f"m{k}", f"委员{k}", base + id_check_digit(base))
            proposal = topics.topic_take(topic=SuggestedTopic.objects.get(pk=topic.pk), by=user)
            Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.SUBMITTED)

    same_for_few_and_many(client, reverse("proposals:topic_detail", args=[topic.pk]), add, many=8)


def test_the_phone_api_lists_published_topics_and_takes_one(client: Client, p: Personas) -> None:
    topic = _leader_topic(p)
    public = _public_topic(p, "学校周边交通拥堵")
    topics.topics_publish(committee_id=p.city.pk, by=p.proposal_staff, year=today().year)
    waiting = _leader_topic(p, "待发布选题")
    wang = bearer(p.member_wang)
    rows = client.get("/api/v1/proposals/topics", {"committee": p.city.pk}, headers=wang).json()
    assert {r["title"] for r in rows} == {topic.title, public.title}
    assert all(r["taken_proposal"] is None for r in rows)
    response = client.post(f"/api/v1/proposals/topics/{topic.pk}/take", headers=wang)
    assert response.status_code == 201
    assert Proposal.objects.get(pk=response.json()["proposal"]).source_label == "领导点题：优化营商环境"
    rows = client.get("/api/v1/proposals/topics", {"committee": p.city.pk}, headers=wang).json()
    assert any(r["taken_proposal"] == response.json()["proposal"] for r in rows)
    assert client.post(f"/api/v1/proposals/topics/{waiting.pk}/take", headers=wang).status_code == 404
    clerk = bearer(p.unit_clerk)
    assert client.get("/api/v1/proposals/topics", {"committee": p.city.pk}, headers=clerk).status_code == 404
    assert client.post(f"/api/v1/proposals/topics/{topic.pk}/take", headers=clerk).status_code == 404
