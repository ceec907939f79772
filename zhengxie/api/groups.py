"""/api/v1/groups/: 主题议政 for the members' app — the groups one is in, their posts and replies
(keyset pages, newest first), posting with an optional picture, marking useful posts; for the
office, hiding a post, distilling a suggestion and sending it on as 社情民意. Scoped like the
pages: a group one is not in answers 404."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from zhengxie.consultations.models import Consultation
from zhengxie.groups import selectors, services
from zhengxie.groups.models import Post, Suggestion, TopicGroup
from zhengxie.groups.permissions import get_group_for_user, get_post_for_user, is_moderator
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

from .paging import keyset

router = Router(tags=["主题议政"])


class GroupOut(Schema):
    id: int
    committee: str
    title: str
    kind: str = Field(description="standing（常设）/timed（限时）")
    kind_label: str
    closes_at: datetime | None
    is_open: bool
    post_count: int


class GroupDetailOut(GroupOut):
    description: str
    moderator: bool = Field(description="当前用户是否为机关管理员（可隐藏帖子、整理建议）")


class GroupPage(Schema):
    items: list[GroupOut]
    next_after: int | None


class PostOut(Schema):
    id: int
    parent_id: int | None
    author: str
    sector: str
    body: str
    created_at: datetime
    useful_count: int
    reply_count: int
    marked_useful: bool
    hidden: bool
    pictures: list[str] = Field(description="图片地址（需登录）")


class PostPage(Schema):
    items: list[PostOut]
    next_after: int | None


class GroupPageQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class PostIn(Schema):
    body: str = Field(max_length=2000)
    parent: int | None = Field(None, description="回复的帖子编号")


class HideIn(Schema):
    reason: str = Field(max_length=200)


class UsefulOut(Schema):
    marked_useful: bool
    useful_count: int


class SuggestionIn(Schema):
    area: str = Field(max_length=40)
    title: str = Field(max_length=200)
    summary: str = Field(max_length=5000)
    posts: list[int] = Field(min_length=1, max_length=200, description="来源帖子编号")


class SuggestionOut(Schema):
    id: int
    group_id: int
    number: int
    area: str
    title: str
    summary: str
    state: str = Field(
        description="draft（待报送）/sent（已转社情民意）/proposal（已转提案草稿）/consult（已送交协商）"
    )
    state_label: str
    opinion_id: int | None
    proposal_id: int | None = Field(description="生成的提案草稿")
    consultation_id: int | None = Field(description="送交的协商")
    posts: list[int]


def _group(g: TopicGroup) -> GroupOut:
    return GroupOut(
        id=g.pk,
        committee=g.committee.name,
        title=g.title,
        kind=g.kind,
        kind_label=g.get_kind_display(),
        closes_at=g.closes_at,
        is_open=services.is_open(g),
        post_count=g.post_count,
    )


def _post(p: Post, marked: set[int]) -> PostOut:
    return PostOut(
        id=p.pk,
        parent_id=p.parent_id,
        author=p.author.display_name or p.author.username,
        sector=p.member.sector.name if p.member else "机关工作人员",
        body=p.body,
        created_at=p.created_at,
        useful_count=p.useful_count,
        reply_count=p.reply_count,
        marked_useful=p.pk in marked,
        hidden=p.is_hidden,
        pictures=[reverse("groups:picture", args=[pic.pk]) for pic in p.pictures.all()],
    )


def _suggestion(s: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        id=s.pk,
        group_id=s.group_id,
        number=s.number,
        area=s.area,
        title=s.title,
        summary=s.summary,
        state=s.state,
        state_label=s.get_state_display(),
        opinion_id=s.opinion_id,
        proposal_id=s.proposal_id,
        consultation_id=s.consultation_input.consultation_id if s.consultation_input is not None else None,
        posts=sorted(s.posts.values_list("pk", flat=True)),
    )


@router.get("", response=GroupPage, summary="我所在的主题议政群")
def group_list(request: HttpRequest, query: Query[GroupPageQuery]) -> GroupPage:
    rows, after = keyset(selectors.groups_for(request.user), query.after, query.limit)
    return GroupPage(items=[_group(g) for g in rows], next_after=after)


@router.get("{int:group_id}", response=GroupDetailOut, summary="议政群详情")
def group_detail(request: HttpRequest, group_id: int) -> GroupDetailOut:
    g = get_group_for_user(request.user, group_id)
    return GroupDetailOut(
        **_group(g).model_dump(), description=g.description, moderator=is_moderator(request.user, g)
    )


def _page(request: HttpRequest, rows: QuerySet[Post], query: GroupPageQuery) -> PostPage:
    items, after = keyset(rows, query.after, query.limit)
    marked = selectors.marked(request.user, items)
    return PostPage(items=[_post(p, marked) for p in items], next_after=after)


@router.get("{int:group_id}/posts", response=PostPage, summary="议政群的发言（不含回复）")
def post_list(request: HttpRequest, group_id: int, query: Query[GroupPageQuery]) -> PostPage:
    g = get_group_for_user(request.user, group_id)
    return _page(request, selectors.posts(g, moderator=is_moderator(request.user, g)), query)


@router.get("posts/{int:post_id}/replies", response=PostPage, summary="一条发言的回复")
def reply_list(request: HttpRequest, post_id: int, query: Query[GroupPageQuery]) -> PostPage:
    post = get_post_for_user(request.user, post_id)
    return _page(request, selectors.replies(post, moderator=is_moderator(request.user, post.group)), query)


def _parent(request: HttpRequest, group: TopicGroup, parent_id: int | None) -> Post | None:
    if parent_id is None:
        return None
    parent = get_post_for_user(request.user, parent_id)
    if parent.group_id != group.pk:
        raise HttpError(404, "未找到该记录")
    return parent


@router.post("{int:group_id}/posts", response={201: PostOut}, summary="发言或回复（JSON）")
def post_create(request: HttpRequest, group_id: int, payload: PostIn) -> Status[PostOut]:
    g = get_group_for_user(request.user, group_id)
    post = services.post_create(
        group=g, by=request.user, body=payload.body, parent=_parent(request, g, payload.parent)
    )
    return Status(201, _post(Post.objects.select_related("author", "member__sector").get(pk=post.pk), set()))


@router.post(
    "{int:group_id}/posts/upload", response={201: PostOut}, summary="发言或回复并附图片（multipart，JPG/PNG）"
)
def post_create_with_picture(
    request: HttpRequest, group_id: int, payload: Form[PostIn], picture: File[UploadedFile]
) -> Status[PostOut]:
    g = get_group_for_user(request.user, group_id)
    post = services.post_create(
        group=g,
        by=request.user,
        body=payload.body,
        parent=_parent(request, g, payload.parent),
        pictures=[picture],
    )
    return Status(201, _post(Post.objects.select_related("author", "member__sector").get(pk=post.pk), set()))


@router.post("posts/{int:post_id}/useful", response=UsefulOut, summary="点“有用”或取消")
def useful(request: HttpRequest, post_id: int) -> UsefulOut:
    post = get_post_for_user(request.user, post_id)
    marked = services.useful_toggle(post=post, by=request.user)
    post.refresh_from_db(fields=["useful_count"])
    return UsefulOut(marked_useful=marked, useful_count=post.useful_count)


@router.post("posts/{int:post_id}/hide", response=PostOut, summary="隐藏帖子（机关管理员）")
def hide(request: HttpRequest, post_id: int, payload: HideIn) -> PostOut:
    post = get_post_for_user(request.user, post_id)
    if not is_moderator(request.user, post.group):
        raise HttpError(403, "只有政协机关工作人员可以隐藏帖子")
    services.post_hide(post=post, by=request.user, reason=payload.reason)
    return _post(Post.objects.select_related("author", "member__sector").get(pk=post.pk), set())


def _office_group(request: HttpRequest, group_id: int) -> TopicGroup:
    g = get_group_for_user(request.user, group_id)
    if not is_moderator(request.user, g):
        raise HttpError(403, "只有政协机关工作人员可以整理建议")
    return g


@router.get("{int:group_id}/suggestions", response=list[SuggestionOut], summary="议政群整理的建议")
def suggestion_list(request: HttpRequest, group_id: int) -> list[SuggestionOut]:
    g = get_group_for_user(request.user, group_id)
    return [
        _suggestion(s)
        for s in g.suggestions.prefetch_related("posts")
        .select_related("consultation_input")
        .order_by("number")[:200]
    ]


@router.post("{int:group_id}/suggestions", response={201: SuggestionOut}, summary="整理建议（机关工作人员）")
def suggestion_create(request: HttpRequest, group_id: int, payload: SuggestionIn) -> Status[SuggestionOut]:
    g = _office_group(request, group_id)
    s = services.suggestion_create(
        group=g,
        by=request.user,
        data=services.SuggestionDraft(
            area=payload.area, title=payload.title, summary=payload.summary, post_ids=payload.posts
        ),
    )
    return Status(201, _suggestion(s))


@router.post("suggestions/{int:suggestion_id}/send", response=SuggestionOut, summary="转社情民意信息")
def suggestion_send(request: HttpRequest, suggestion_id: int) -> SuggestionOut:
    s = Suggestion.objects.filter(pk=suggestion_id).first()
    if s is None:
        raise HttpError(404, "未找到该记录")
    s.group = _office_group(request, s.group_id)
    services.suggestion_send(suggestion=s, by=request.user)
    return _suggestion(s)


class SuggestionProposalIn(Schema):
    member_id: int = Field(description="提案人：本建议的发言委员之一（本政协委员）")


class SuggestionConsultationIn(Schema):
    consultation_id: int = Field(description="本政协尚未归档的协商")


def _office_suggestion(request: HttpRequest, suggestion_id: int) -> Suggestion:
    s = Suggestion.objects.filter(pk=suggestion_id).first()
    if s is None:
        raise HttpError(404, "未找到该记录")
    s.group = _office_group(request, s.group_id)
    return s


@router.post(
    "suggestions/{int:suggestion_id}/proposal", response=SuggestionOut, summary="为发言委员生成提案草稿"
)
def suggestion_to_proposal(
    request: HttpRequest, suggestion_id: int, payload: SuggestionProposalIn
) -> SuggestionOut:
    s = _office_suggestion(request, suggestion_id)
    member = Member.objects.filter(pk=payload.member_id).first()
    if member is None:
        raise DomainError("请从本建议的发言委员中选择提案人")
    services.suggestion_to_proposal(suggestion=s, by=request.user, member=member)
    return _suggestion(s)


@router.post(
    "suggestions/{int:suggestion_id}/consultation", response=SuggestionOut, summary="送交协商作为意见建议素材"
)
def suggestion_to_consultation(
    request: HttpRequest, suggestion_id: int, payload: SuggestionConsultationIn
) -> SuggestionOut:
    s = _office_suggestion(request, suggestion_id)
    consultation = Consultation.objects.filter(pk=payload.consultation_id).first()
    if consultation is None:
        raise DomainError("请选择本政协尚未归档的协商")
    services.suggestion_to_consultation(suggestion=s, by=request.user, consultation=consultation)
    return _suggestion(s)
