"""提案选题 (seed 004: 领导点题、群众荐题). Leaders suggest topics for the year; the proposal office
enters the topics the public suggested and publishes the year's list (待发布 → 已发布; either may
be withdrawn). Members take a published topic up (领题): a proposal draft of their own is made
through `draft_for_member`, showing the topic as its source, and TopicUptake keeps the link so the
topic's page lists the proposals made from it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from ..config import settings_for
from ..models import Proposal, SuggestedTopic, TopicUptake
from .submission import ProposalData, draft_for_member

T = SuggestedTopic
S = SuggestedTopic.State
TITLE_MAX, TEXT_MAX, NOTE_MAX = 200, 5000, 200


def _clean(
    committee_id: int, title: str, description: str, category: str, source_note: str
) -> tuple[str, ...]:
    title, description, category, source_note = (
        title.strip(),
        description.strip(),
        category.strip(),
        source_note.strip(),
    )
    problems = []
    if not title:
        problems.append("请填写选题题目")
    elif len(title) > TITLE_MAX:
        problems.append(f"选题题目不超过{TITLE_MAX}个字")
    if len(description) > TEXT_MAX:
        problems.append(f"选题说明不超过{TEXT_MAX}个字")
    if category and category not in settings_for(committee_id).categories:
        problems.append("请从本政协的提案分类中选择")
    if len(source_note) > NOTE_MAX:
        problems.append(f"推荐来源不超过{NOTE_MAX}个字")
    if problems:
        raise DomainError("；".join(problems))
    return title, description, category, source_note


def topic_add(
    *,
    committee_id: int,
    by: Any,
    source: str,
    title: str,
    description: str = "",
    category: str = "",
    source_note: str = "",
    year: int | None = None,
) -> SuggestedTopic:
    """A leader suggests a topic (领导点题), or the office enters one the public suggested (群众荐题).
    Either waits for the office to publish the list; a leader's topic is announced to the office."""
    roles = roles_in(by, committee_id)
    if source == T.Source.LEADER and Role.LEADER not in roles:
        raise NotAllowed("只有本政协领导可以点题")
    if source == T.Source.PUBLIC and Role.PROPOSAL_STAFF not in roles:
        raise NotAllowed("只有本政协提案工作人员可以录入群众荐题")
    if source not in T.Source.values:
        raise DomainError("选题来源无效")
    title, description, category, source_note = _clean(
        committee_id, title, description, category, source_note
    )
    if source == T.Source.PUBLIC and not source_note:
        raise DomainError("请注明群众荐题的来源（如：网上征集、来信、座谈会）")
    with transaction.atomic():
        topic = SuggestedTopic.objects.create(
            committee_id=committee_id,
            year=year or timezone.localdate().year,
            source=source,
            title=title,
            description=description,
            category=category,
            source_note=source_note if source == T.Source.PUBLIC else "",
            created_by=by,
        )
        record(action="proposals.topic.added", obj=topic, by=by, data={"source": source, "year": topic.year})
        reindex("topic", topic.pk)
    if source == T.Source.LEADER:
        staff_ids = list(
            RoleAssignment.objects.filter(committee_id=committee_id, role=Role.PROPOSAL_STAFF).values_list(
                "user_id", flat=True
            )
        )

        def tell() -> None:
            from django.contrib.auth import get_user_model

            for user in get_user_model().objects.filter(pk__in=staff_ids):
                notify(
                    recipient=user,
                    key=f"proposals.topic.{topic.pk}.added",
                    title=f"领导点题：{topic.title}",
                    body=f"{getattr(by, 'display_name', '')}提出了提案选题，请审核后发布。",
                    url=reverse("proposals:topic_detail", args=[topic.pk]),
                    committee_id=committee_id,
                )

        transaction.on_commit(tell)
    return topic


def _require_staff(by: Any, committee_id: int) -> None:
    if Role.PROPOSAL_STAFF not in roles_in(by, committee_id):
        raise NotAllowed("只有本政协提案工作人员可以发布或撤回提案选题")


def topics_publish(*, committee_id: int, by: Any, year: int) -> int:
    """Publish every waiting topic of the year; all serving members are told by a job."""
    _require_staff(by, committee_id)
    with transaction.atomic():
        waiting = list(
            SuggestedTopic.objects.select_for_update()
            .filter(committee_id=committee_id, year=year, state=S.DRAFT)
            .order_by("pk")
        )
        if not waiting:
            raise DomainError(f"{year}年没有待发布的提案选题")
        now = timezone.now()
        SuggestedTopic.objects.filter(pk__in=[t.pk for t in waiting]).update(
            state=S.PUBLISHED, published_at=now
        )
        for topic in waiting:
            record(action="proposals.topic.published", obj=topic, by=by, data={"year": year})
        reindex("topic", *[t.pk for t in waiting])
        # Every member of the committee is told: hundreds of notices, written by a job.
        from ..tasks import tell_topics_published

        transaction.on_commit(lambda: tell_topics_published.enqueue(committee_id, year, len(waiting)))
    return len(waiting)


def tell_members_published(committee_id: int, year: int, count: int) -> int:
    """The job's work: one notice to each serving member with an account (the key makes a rerun
    send nothing twice for the same list)."""
    members = Member.objects.filter(
        committee_id=committee_id, is_active=True, person__user__isnull=False
    ).select_related("person__user")
    total = SuggestedTopic.objects.filter(committee_id=committee_id, year=year, state=S.PUBLISHED).count()
    url = reverse("proposals:topics") + f"?year={year}"
    sent = 0
    for member in members.iterator(chunk_size=1000):
        notify(
            recipient=member.person.user,
            key=f"proposals.topics.{committee_id}.{year}.{total}",
            title=f"{year}年提案选题已发布",
            body=f"新发布{count}个提案选题（领导点题、群众荐题），欢迎委员领题撰写提案。",
            url=url,
            committee_id=committee_id,
        )
        sent += 1
    return sent


def topic_withdraw(*, topic: SuggestedTopic, by: Any) -> SuggestedTopic:
    """The office withdraws a topic (waiting or published); drafts already made stay the members'."""
    _require_staff(by, topic.committee_id)
    if topic.state == S.WITHDRAWN:
        raise DomainError("该选题已撤回")
    with transaction.atomic():
        updated = SuggestedTopic.objects.filter(pk=topic.pk, state=topic.state).update(state=S.WITHDRAWN)
        if updated != 1:
            raise Conflict()
        before = topic.state
        topic.state = S.WITHDRAWN
        record(action="proposals.topic.withdrawn", obj=topic, by=by, data={"from": before})
        reindex("topic", topic.pk)
    return topic


def source_label(topic: SuggestedTopic) -> str:
    return f"{topic.get_source_display()}：{topic.title}"


def topic_take(*, topic: SuggestedTopic, by: Any) -> Proposal:
    """A member takes a published topic up: a draft of his or her own, the topic as its source.
    Taking the same topic again returns the draft already made."""
    if Role.MEMBER not in roles_in(by, topic.committee_id):
        raise NotAllowed("只有本政协委员可以领题")
    member = Member.objects.filter(committee_id=topic.committee_id, person__user_id=by.pk).first()
    if member is None:
        raise NotAllowed("只有本政协委员可以领题")
    if topic.state != S.PUBLISHED:
        raise DomainError(f"该选题{topic.get_state_display()}，不能领题")
    earlier = TopicUptake.objects.filter(topic=topic, member=member).select_related("proposal").first()
    if earlier is not None:
        return earlier.proposal
    title = topic.title if topic.title.startswith("关于") else f"关于{topic.title}的建议"
    data = ProposalData(
        title=title[:200],
        situation=topic.description,
        category=topic.category,
    )
    try:
        with transaction.atomic():
            proposal = draft_for_member(
                committee_id=topic.committee_id,
                member=member,
                by=by,
                data=data,
                source_label=source_label(topic),
                source_url=reverse("proposals:topic_detail", args=[topic.pk]),
            )
            TopicUptake.objects.create(topic=topic, proposal=proposal, member=member)
            record(action="proposals.topic.taken", obj=topic, by=by, data={"proposal": proposal.pk})
    except IntegrityError:
        # A double click: the other request made the draft.
        return TopicUptake.objects.get(topic=topic, member=member).proposal
    return proposal
