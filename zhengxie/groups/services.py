"""Every write of topic groups: the office opens and closes groups, members post and reply with
pictures and mark useful posts, moderators hide posts (audited), staff distil posts into numbered
suggestions and send them on once — as 社情民意 items (the items' authors are the posts'
authors, whose 报送 points the 社情民意 service records once per item), as a proposal draft for
one of the authors, or as an input of a consultation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Consultation
from zhengxie.consultations.models import Document as ConsultationDocument
from zhengxie.consultations.services.inputs import input_add, open_for_inputs
from zhengxie.duty.services import record_points
from zhengxie.lib.controlchars import strip_control
from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment
from zhengxie.notices.services import notify
from zhengxie.opinions.intake import receive_referral
from zhengxie.opinions.models import Opinion
from zhengxie.org.models import Committee, Member, Sector, SpecialCommittee
from zhengxie.proposals.models import Proposal
from zhengxie.proposals.services.submission import ProposalData, draft_for_member
from zhengxie.search.index import reindex

from .models import BODY_MAX, Audience, Picture, Post, Suggestion, TopicGroup, Useful
from .permissions import is_moderator, member_in

MAX_PICTURES = 3
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png"}
PICTURE_BYTES = 8 * 1024 * 1024


@dataclass
class GroupDraft:
    """What the office enters to open a group."""

    title: str
    description: str
    kind: str = TopicGroup.Kind.STANDING
    closes_at: datetime | None = None
    sectors: Sequence[Sector] = field(default_factory=tuple)
    special_committees: Sequence[SpecialCommittee] = field(default_factory=tuple)
    lower_committees: Sequence[Committee] = field(default_factory=tuple)


def _group_problems(committee_id: int, data: GroupDraft) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append("请填写议政主题")
    elif len(data.title.strip()) > 100:
        problems.append("议政主题不能超过100个字")
    if not data.description.strip():
        problems.append("请填写议题说明")
    elif len(data.description) > 3000:
        problems.append("议题说明不能超过3000个字")
    if data.kind not in TopicGroup.Kind.values:
        problems.append("请选择议政群类型")
    elif data.kind == TopicGroup.Kind.TIMED:
        if data.closes_at is None:
            problems.append("限时议政群须填写截止时间")
        elif data.closes_at <= timezone.now():
            problems.append("截止时间须晚于现在")
    if any(s.committee_id != committee_id for s in data.sectors):
        problems.append("界别须是本政协的界别")
    if any(s.committee_id != committee_id for s in data.special_committees):
        problems.append("专委会须是本政协的专门委员会")
    for lower in data.lower_committees:
        if committee_id not in {c.pk for c in lower.ancestors()}:
            problems.append(f"{lower.name}不是本政协的下级政协")
    if data.lower_committees and (data.sectors or data.special_committees):
        problems.append("邀请下级政协委员时不能再按界别或专委会限定")
    return problems


def group_create(*, committee_id: int, by: Any, data: GroupDraft) -> TopicGroup:
    problems = _group_problems(committee_id, data)
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        group = TopicGroup.objects.create(
            committee_id=committee_id,
            title=strip_control(data.title.strip()),
            description=strip_control(data.description.strip()),
            kind=data.kind,
            closes_at=data.closes_at if data.kind == TopicGroup.Kind.TIMED else None,
            created_by=by,
        )
        rows = [Audience(group=group, committee_id=committee_id, sector=s) for s in data.sectors]
        rows += [
            Audience(group=group, committee_id=committee_id, special_committee=s)
            for s in data.special_committees
        ]
        if not rows:
            rows = [Audience(group=group, committee_id=committee_id)]
            rows += [Audience(group=group, committee_id=c.pk) for c in data.lower_committees]
        Audience.objects.bulk_create(rows)
        record(
            action="groups.group.created",
            obj=group,
            by=by,
            data={
                "kind": group.kind,
                "sectors": [s.pk for s in data.sectors],
                "special_committees": [s.pk for s in data.special_committees],
                "committees": [c.pk for c in data.lower_committees],
            },
        )
        reindex("topicgroup", group.pk)
        from .tasks import announce_group

        transaction.on_commit(lambda: announce_group.enqueue(group.pk))
    return group


def announce(group_id: int) -> int:
    """Tell every member of the group's audience that it is open (the job's work; a rerun sends
    nothing twice: the notice key is per group and person)."""
    group = TopicGroup.objects.filter(pk=group_id).first()
    if group is None:
        return 0
    sent = 0
    url = reverse("groups:detail", args=[group.pk])
    for row in group.audience.all():
        members = Member.objects.filter(
            committee_id=row.committee_id, is_active=True, person__user__isnull=False
        )
        if row.sector_id:
            members = members.filter(sector_id=row.sector_id)
        if row.special_committee_id:
            members = members.filter(special_committee_id=row.special_committee_id)
        for user_id in members.values_list("person__user_id", flat=True).iterator(chunk_size=2000):
            notify(
                recipient=recipient_id_or_user(user_id),
                key=f"groups.open:{group.pk}:{user_id}",
                title=f"主题议政群已开放：{group.title[:40]}",
                body="欢迎围绕议题发表意见建议。",
                url=url,
                committee_id=row.committee_id,
            )
            sent += 1
    return sent


def recipient_id_or_user(user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=user_id)


def group_close(*, group: TopicGroup, by: Any) -> TopicGroup:
    if not is_moderator(by, group):
        raise DomainError("只有政协机关工作人员可以关闭议政群")
    updated = TopicGroup.objects.filter(pk=group.pk, is_closed=False).update(is_closed=True)
    if not updated:
        raise DomainError("该议政群已关闭")
    group.is_closed = True
    record(action="groups.group.closed", obj=group, by=by)
    reindex("topicgroup", group.pk)
    return group


def is_open(group: TopicGroup) -> bool:
    return not group.is_closed and (group.closes_at is None or group.closes_at > timezone.now())


def check_pictures(uploads: Sequence[UploadedFile]) -> list[str]:
    if len(uploads) > MAX_PICTURES:
        raise DomainError(f"每帖图片不能超过{MAX_PICTURES}张")
    return [check_attachment(u, max_bytes=PICTURE_BYTES, allowed=PICTURE_SUFFIXES) for u in uploads]


def post_create(
    *,
    group: TopicGroup,
    by: Any,
    body: str,
    parent: Post | None = None,
    pictures: Sequence[UploadedFile] = (),
) -> Post:
    """A post (or a reply to `parent`) by a member of the group's audience or by the office."""
    body = strip_control(body or "").strip()
    if not body:
        raise DomainError("请填写内容")
    if len(body) > BODY_MAX:
        raise DomainError(f"内容不能超过{BODY_MAX}个字")
    if not is_open(group):
        raise DomainError("该议政群已结束，不能再发言")
    member_id = member_in(by, group)
    if member_id is None and not is_moderator(by, group):
        raise DomainError("您不在该议政群中，不能发言")
    if parent is not None:
        if parent.group_id != group.pk or parent.is_hidden:
            raise DomainError("回复的帖子不存在或已隐藏")
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    names = check_pictures(pictures)
    with transaction.atomic():
        post = Post.objects.create(
            group=group,
            committee_id=group.committee_id,
            parent=parent,
            author=by,
            member_id=member_id,
            body=body,
        )
        for upload, name in zip(pictures, names, strict=True):
            Picture.store(upload=upload, name=name, by=by, committee_id=group.committee_id, post=post)
        if parent is not None:
            Post.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
        TopicGroup.objects.filter(pk=group.pk).update(
            post_count=F("post_count") + 1, last_post_at=timezone.now()
        )
        record(
            action="groups.post.created",
            obj=post,
            by=by,
            data={"group": group.pk, "parent": parent.pk if parent else None, "pictures": len(names)},
        )
        reindex("topicgroup", group.pk)
    return post


def useful_toggle(*, post: Post, by: Any) -> bool:
    """Mark a post useful, or take the mark back; True when it is now marked."""
    if post.author_id == by.pk:
        raise DomainError("不能为自己的帖子点“有用”")
    with transaction.atomic():
        deleted, _ = Useful.objects.filter(post=post, user=by).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(useful_count=F("useful_count") - 1)
            return False
        try:
            with transaction.atomic():
                Useful.objects.create(post=post, user=by)
        except IntegrityError:
            return True  # marked twice at once: one mark stands
        Post.objects.filter(pk=post.pk).update(useful_count=F("useful_count") + 1)
    return True


def post_hide(*, post: Post, by: Any, reason: str) -> Post:
    """A moderator hides a post that breaks the group's rules; the reason is audited."""
    if not is_moderator(by, post.group):
        raise DomainError("只有政协机关工作人员可以隐藏帖子")
    reason = strip_control(reason or "").strip()
    if not reason:
        raise DomainError("请填写隐藏原因")
    if len(reason) > 200:
        raise DomainError("隐藏原因不能超过200个字")
    with transaction.atomic():
        if not Post.objects.filter(pk=post.pk, is_hidden=False).update(is_hidden=True, hidden_reason=reason):
            raise DomainError("该帖已被隐藏")
        post.is_hidden, post.hidden_reason = True, reason
        record(action="groups.post.hidden", obj=post, by=by, data={"reason": reason})
        reindex("topicgroup", post.group_id)
        if post.author_id != by.pk:
            notify(
                recipient=post.author,
                key=f"groups.hidden:{post.pk}",
                title=f"您在“{post.group.title[:30]}”中的发言已被隐藏",
                body=f"原因：{reason}",
                url=reverse("groups:detail", args=[post.group_id]),
                committee_id=post.committee_id,
            )
    return post


@dataclass
class SuggestionDraft:
    area: str
    title: str
    summary: str
    post_ids: Sequence[int]


def suggestion_create(*, group: TopicGroup, by: Any, data: SuggestionDraft) -> Suggestion:
    """A numbered suggestion distilled from posts of the group (the next number of the group)."""
    if not is_moderator(by, group):
        raise DomainError("只有政协机关工作人员可以整理建议")
    problems = []
    area, title, summary = (strip_control(v or "").strip() for v in (data.area, data.title, data.summary))
    if not area:
        problems.append("请填写建议所属领域")
    elif len(area) > 40:
        problems.append("领域不能超过40个字")
    if not title:
        problems.append("请填写建议标题")
    elif len(title) > 200:
        problems.append("标题不能超过200个字")
    if not summary:
        problems.append("请填写建议内容")
    elif len(summary) > 5000:
        problems.append("建议内容不能超过5000个字")
    ids = list(dict.fromkeys(data.post_ids))
    posts = list(Post.objects.filter(group=group, pk__in=ids, is_hidden=False)) if ids else []
    if not ids:
        problems.append("请至少选择一条来源帖子")
    elif len(posts) != len(ids):
        problems.append("来源帖子须是本议政群中未隐藏的帖子")
    elif len(ids) > 200:
        problems.append("来源帖子不能超过200条")
    if problems:
        raise DomainError("；".join(problems))
    for attempt in range(3):
        try:
            with transaction.atomic():
                number = (Suggestion.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
                suggestion = Suggestion.objects.create(
                    group=group,
                    committee_id=group.committee_id,
                    number=number,
                    area=area,
                    title=title,
                    summary=summary,
                    created_by=by,
                )
                suggestion.posts.set(posts)
                record(action="groups.suggestion.created", obj=suggestion, by=by, data={"posts": ids})
                reindex("groupsuggestion", suggestion.pk)
            return suggestion
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def suggestion_send(*, suggestion: Suggestion, by: Any) -> Opinion:
    """Send the suggestion on as an incoming 社情民意 item linked to it. The item's authors are the
    members (of the group's committee) who wrote its source posts, in order of their first post;
    the 社情民意 service records their 报送 points once per item. Authors from lower committees of
    the group's tree are credited once per suggestion in their own committee (网络议政有效发言)."""
    group = suggestion.group
    if not is_moderator(by, group):
        raise DomainError("只有政协机关工作人员可以报送建议")
    if suggestion.state != Suggestion.State.DRAFT:
        raise DomainError("该建议已报送")
    rows = (
        suggestion.posts.filter(member__isnull=False)
        .order_by("id")
        .values_list("member_id", "member__committee_id")
    )
    own: list[int] = []
    others: list[int] = []
    for member_id, committee_id in rows:
        target = own if committee_id == group.committee_id else others
        if member_id not in target:
            target.append(member_id)
    body = f"{suggestion.summary}\n\n（来源：主题议政群“{group.title}”第{suggestion.number}号建议，领域：{suggestion.area}）"
    with transaction.atomic():
        claimed = Suggestion.objects.filter(pk=suggestion.pk, state=Suggestion.State.DRAFT).update(
            state=Suggestion.State.SENT, sent_at=timezone.now()
        )
        if not claimed:
            raise DomainError("该建议已报送")
        opinion = receive_referral(
            committee_id=group.committee_id,
            title=suggestion.title,
            body=body,
            author_member_ids=own,
            source=suggestion,
            source_label=f"主题议政：{group.title[:60]} 第{suggestion.number}号建议",
            source_url=reverse("groups:suggestion", args=[suggestion.pk]),
            by=by,
            channel=Opinion.Channel.TOPIC_GROUP,
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(opinion=opinion)
        suggestion.state, suggestion.opinion = Suggestion.State.SENT, opinion
        for member in Member.objects.filter(pk__in=others):
            record_points(member=member, code="A03", source=suggestion, by=by, note=group.title[:100])
        record(
            action="groups.suggestion.sent",
            obj=suggestion,
            by=by,
            data={"opinion": opinion.pk, "authors": own, "other_committees": others},
        )
        reindex("groupsuggestion", suggestion.pk)
        author_users = Member.objects.filter(pk__in=own + others, person__user__isnull=False).values_list(
            "person__user_id", "committee_id"
        )
        for user_id, committee_id in author_users:
            notify(
                recipient=recipient_id_or_user(user_id),
                key=f"groups.credited:{suggestion.pk}:{user_id}",
                title=f"您的发言已整理为建议并报送：{suggestion.title[:40]}",
                url=reverse("groups:suggestion", args=[suggestion.pk]),
                committee_id=committee_id,
            )
    return opinion


def suggestion_authors(suggestion: Suggestion) -> list[Member]:
    """The members who wrote the suggestion's source posts, in order of their first post."""
    ids: list[int] = []
    for member_id in (
        suggestion.posts.filter(member__isnull=False).order_by("id").values_list("member_id", flat=True)
    ):
        if member_id not in ids:
            ids.append(member_id)
    found = {m.pk: m for m in Member.objects.filter(pk__in=ids).select_related("person")}
    return [found[i] for i in ids if i in found]


def _claim(suggestion: Suggestion, state: str, by: Any) -> None:
    """Take the suggestion out of 待报送 (compare-and-set: two clerks cannot both send it)."""
    if not is_moderator(by, suggestion.group):
        raise DomainError("只有政协机关工作人员可以报送建议")
    if suggestion.state != Suggestion.State.DRAFT:
        raise DomainError("该建议已报送")
    claimed = Suggestion.objects.filter(pk=suggestion.pk, state=Suggestion.State.DRAFT).update(
        state=state, sent_at=timezone.now()
    )
    if not claimed:
        raise DomainError("该建议已报送")
    suggestion.state = state


def _credit(suggestion: Suggestion, members: Sequence[Member], by: Any, title: str) -> None:
    """网络议政有效发言 (A03) once per suggestion for each author in his or her own committee's
    ledger (the ledger refuses a second entry for the same source), and a notice."""
    group = suggestion.group
    for member in members:
        record_points(member=member, code="A03", source=suggestion, by=by, note=group.title[:100])
        if member.person.user_id:
            notify(
                recipient=recipient_id_or_user(member.person.user_id),
                key=f"groups.credited:{suggestion.pk}:{member.person.user_id}",
                title=title,
                url=reverse("groups:suggestion", args=[suggestion.pk]),
                committee_id=member.committee_id,
            )


def _source_label(suggestion: Suggestion) -> str:
    return f"主题议政：{suggestion.group.title[:60]} 第{suggestion.number}号建议"


def suggestion_to_proposal(*, suggestion: Suggestion, by: Any, member: Member) -> Proposal:
    """Prepare a proposal draft from the suggestion for `member`, one of its authors in the
    group's committee, who finishes and submits it (the proposal loop scores it then). The other
    authors are credited once (A03) for the suggestion."""
    group = suggestion.group
    authors = suggestion_authors(suggestion)
    if member.pk not in {a.pk for a in authors if a.committee_id == group.committee_id}:
        raise DomainError("请从本建议的发言委员中选择提案人")
    data = ProposalData(
        title=suggestion.title,
        situation=f"本建议由主题议政群“{group.title}”的委员发言整理而成（领域：{suggestion.area}）。",
        suggestion=suggestion.summary,
    )
    with transaction.atomic():
        _claim(suggestion, Suggestion.State.PROPOSAL, by)
        proposal = draft_for_member(
            committee_id=group.committee_id,
            member=member,
            by=by,
            data=data,
            source_label=_source_label(suggestion),
            source_url=reverse("groups:suggestion", args=[suggestion.pk]),
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(proposal=proposal)
        suggestion.proposal = proposal
        others = [a for a in authors if a.pk != member.pk]
        _credit(suggestion, others, by, f"您的发言已整理为提案草稿：{suggestion.title[:40]}")
        record(
            action="groups.suggestion.sent_as_proposal",
            obj=suggestion,
            by=by,
            data={"proposal": proposal.pk, "member": member.pk, "credited": [a.pk for a in others]},
        )
    return proposal


def suggestion_to_consultation(
    *, suggestion: Suggestion, by: Any, consultation: Consultation
) -> ConsultationDocument:
    """Hand the suggestion to a consultation of the group's committee as an input of its current
    step; every author is credited once (A03) for the suggestion."""
    group = suggestion.group
    if not open_for_inputs(group.committee_id).filter(pk=consultation.pk).exists():
        raise DomainError("请选择本政协尚未归档的协商")
    authors = suggestion_authors(suggestion)
    body = f"{suggestion.summary}\n\n（领域：{suggestion.area}；发言委员：{'、'.join(a.person.name for a in authors)}）"
    with transaction.atomic():
        _claim(suggestion, Suggestion.State.CONSULTATION, by)
        doc = input_add(
            consultation=consultation,
            by=by,
            title=suggestion.title,
            body=body,
            source_label=_source_label(suggestion),
            source_url=reverse("groups:suggestion", args=[suggestion.pk]),
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(consultation_input=doc)
        suggestion.consultation_input = doc
        _credit(suggestion, authors, by, f"您的发言已整理为协商建议素材：{suggestion.title[:40]}")
        record(
            action="groups.suggestion.sent_to_consultation",
            obj=suggestion,
            by=by,
            data={"consultation": consultation.pk, "document": doc.pk, "credited": [a.pk for a in authors]},
        )
    return doc
