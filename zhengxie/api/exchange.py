"""/api/v1/exchange/ and /api/v1/contacts/: 组群交流 and 联络联系 for the members' app.

Exchange: my groups with unread counts, a group's messages (newest first by keyset, or — for
polling — the messages after an id, oldest first), sending a message (JSON, or multipart with
attachments), marking read, the total unread count. Phones poll `messages?after=<last id>`; there
is no outside push service. A group one is not in answers 404, its files too.

Contacts: the committee's directory with each person's visibility choice applied (phones masked;
the full number of one person on request, audited and limited per day), my own visibility
settings, the office's liaison staff, and writing to the office."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from zhengxie.exchange import contacts, selectors, services
from zhengxie.exchange.models import Group, Message
from zhengxie.exchange.permissions import DIRECTORY_ROLES, get_group_for_user
from zhengxie.org.scope import committee_ids

from .paging import keyset

router = Router(tags=["组群交流"])
contacts_router = Router(tags=["联络联系"])


class ExchangeGroupOut(Schema):
    id: int
    committee: str
    name: str
    kind: str = Field(
        description="sector（界别组）/special（专委会组）/team（课题调研组）/work（工作群）/office（联系机关）"
    )
    kind_label: str
    member_count: int
    last_message_id: int
    last_message_at: datetime | None
    unread: int = Field(description="他人发来的未读消息数")


class ExchangeGroupPage(Schema):
    items: list[ExchangeGroupOut]
    next_after: int | None


class ExchangePageQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class ExchangeAttachmentOut(Schema):
    id: int
    name: str
    size: int
    picture: bool
    url: str = Field(description="下载地址（需登录，仅群成员）")


class ExchangeMessageOut(Schema):
    id: int
    group_id: int
    author: str
    mine: bool
    body: str
    created_at: datetime
    attachments: list[ExchangeAttachmentOut]


class ExchangeMessagePage(Schema):
    items: list[ExchangeMessageOut]
    next_after: int | None = Field(description="翻看更早消息时作为 after 传回；没有更早的为空")


class ExchangeMessageQuery(Schema):
    after: int | None = Field(None, description="更早一页：此编号之前的消息（新的在前）")
    since: int | None = Field(None, ge=0, description="轮询：此编号之后的新消息（旧的在前）")
    limit: int = Field(30, ge=1, le=100)


class ExchangeMessageIn(Schema):
    body: str = Field("", max_length=2000)


class ExchangeReadIn(Schema):
    up_to: int | None = Field(None, ge=0, description="读到的消息编号；不填为全部已读")


class ExchangeReadOut(Schema):
    last_read_id: int
    unread_total: int


class ExchangeUnreadOut(Schema):
    unread_total: int


def _me(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


def _group(g: Group) -> ExchangeGroupOut:
    return ExchangeGroupOut(
        id=g.pk,
        committee=g.committee.name,
        name=g.name,
        kind=g.kind,
        kind_label=g.get_kind_display(),
        member_count=g.member_count,
        last_message_id=g.last_message_id,
        last_message_at=g.last_message_at,
        unread=getattr(g, "unread", 0) or 0,
    )


def _message(m: Message, user_id: int) -> ExchangeMessageOut:
    return ExchangeMessageOut(
        id=m.pk,
        group_id=m.group_id,
        author=m.author.display_name or m.author.username,
        mine=m.author_id == user_id,
        body=m.body,
        created_at=m.created_at,
        attachments=[
            ExchangeAttachmentOut(
                id=a.pk,
                name=a.name,
                size=a.size,
                picture=a.is_picture,
                url=reverse("exchange:attachment", args=[a.pk]),
            )
            for a in m.attachments.all()
        ],
    )


@router.get("groups", response=ExchangeGroupPage, summary="我所在的交流群（含未读数）")
def group_list(request: HttpRequest, query: Query[ExchangePageQuery]) -> ExchangeGroupPage:
    rows, after = keyset(selectors.groups_for(request.user), query.after, query.limit)
    return ExchangeGroupPage(items=[_group(g) for g in rows], next_after=after)


@router.get("unread", response=ExchangeUnreadOut, summary="未读消息总数")
def unread(request: HttpRequest) -> ExchangeUnreadOut:
    return ExchangeUnreadOut(unread_total=selectors.unread_total(request.user))


@router.get("groups/{int:group_id}", response=ExchangeGroupOut, summary="交流群详情")
def group_detail(request: HttpRequest, group_id: int) -> ExchangeGroupOut:
    get_group_for_user(request.user, group_id)
    return _group(selectors.groups_for(request.user).get(pk=group_id))


@router.get(
    "groups/{int:group_id}/messages", response=ExchangeMessagePage, summary="群消息（翻页或轮询新消息）"
)
def message_list(
    request: HttpRequest, group_id: int, query: Query[ExchangeMessageQuery]
) -> ExchangeMessagePage:
    g = get_group_for_user(request.user, group_id)
    if query.since is not None:
        rows = selectors.messages_after(g, query.since, query.limit)
        return ExchangeMessagePage(items=[_message(m, _me(request)) for m in rows], next_after=None)
    items, after = keyset(selectors.messages(g), query.after, query.limit)
    return ExchangeMessagePage(items=[_message(m, _me(request)) for m in items], next_after=after)


def _created(request: HttpRequest, message: Message) -> ExchangeMessageOut:
    row = selectors.messages(message.group).get(pk=message.pk)
    return _message(row, _me(request))


@router.post("groups/{int:group_id}/messages", response={201: ExchangeMessageOut}, summary="发消息（JSON）")
def message_create(
    request: HttpRequest, group_id: int, payload: ExchangeMessageIn
) -> Status[ExchangeMessageOut]:
    g = get_group_for_user(request.user, group_id)
    message = services.message_post(group=g, by=request.user, body=payload.body)
    return Status(201, _created(request, message))


@router.post(
    "groups/{int:group_id}/messages/upload",
    response={201: ExchangeMessageOut},
    summary="发消息并附图片或文件（multipart）",
)
def message_create_with_file(
    request: HttpRequest, group_id: int, payload: Form[ExchangeMessageIn], file: File[UploadedFile]
) -> Status[ExchangeMessageOut]:
    g = get_group_for_user(request.user, group_id)
    message = services.message_post(group=g, by=request.user, body=payload.body, files=[file])
    return Status(201, _created(request, message))


@router.post("groups/{int:group_id}/read", response=ExchangeReadOut, summary="标记已读")
def mark_read(request: HttpRequest, group_id: int, payload: ExchangeReadIn) -> ExchangeReadOut:
    g = get_group_for_user(request.user, group_id)
    services.mark_read(group=g, by=request.user, up_to=payload.up_to)
    return ExchangeReadOut(
        last_read_id=selectors.last_read(g, request.user), unread_total=selectors.unread_total(request.user)
    )


# --- contacts ---------------------------------------------------------------------------


class ContactQuery(Schema):
    committee: int | None = Field(None, description="政协编号；不填为本人所在的第一个政协")
    q: str = Field("", max_length=50, description="姓名、拼音首字母或界别")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class ContactOut(Schema):
    id: int
    name: str
    sector: str
    special_committee: str
    employer: str = Field(description="本人同意公开时才有")
    job_title: str
    phone_masked: str = Field(description="本人同意公开时为隐去中间四位的号码，否则为空")
    phone_shown: bool


class ContactPage(Schema):
    items: list[ContactOut]
    next_after: int | None


class ContactCommitteeQuery(Schema):
    committee: int | None = None


class ContactPhoneOut(Schema):
    phone: str


class ContactCardIO(Schema):
    show_phone: bool
    show_work: bool
    office_phone: str = Field("", max_length=30)
    liaison_note: str = Field("", max_length=100)


class LiaisonOut(Schema):
    topic: str = Field(
        description="proposals（提案工作）/information（社情民意信息）/activities（会议活动和履职服务）"
    )
    label: str
    name: str
    office_phone: str
    note: str


class OfficeMessageIn(Schema):
    committee: int | None = None
    topic: str = Field(max_length=20)
    body: str = Field(max_length=2000)


def _committee(request: HttpRequest, wanted: int | None) -> int:
    mine = committee_ids(request.user, DIRECTORY_ROLES)
    if wanted is None:
        if not mine:
            raise HttpError(404, "未找到该记录")
        return min(mine)
    if wanted not in mine:
        raise HttpError(404, "未找到该记录")
    return wanted


@contacts_router.get("", response=ContactPage, summary="本会委员通讯录")
def contact_list(request: HttpRequest, query: Query[ContactQuery]) -> ContactPage:
    committee_id = _committee(request, query.committee)
    rows, after = keyset(contacts.directory(committee_id, query.q), query.after, query.limit)
    return ContactPage(items=[ContactOut(**contacts.entry(m).__dict__) for m in rows], next_after=after)


@contacts_router.post(
    "{int:member_id}/phone", response=ContactPhoneOut, summary="查看完整手机号码（记录在案，每日限次）"
)
def contact_phone(
    request: HttpRequest, member_id: int, query: Query[ContactCommitteeQuery]
) -> ContactPhoneOut:
    committee_id = _committee(request, query.committee)
    return ContactPhoneOut(
        phone=contacts.phone_reveal(by=request.user, committee_id=committee_id, member_id=member_id)
    )


@contacts_router.get("mine", response=ContactCardIO, summary="我的通讯录公开设置")
def card_get(request: HttpRequest) -> ContactCardIO:
    card = contacts.card_of(request.user)
    return ContactCardIO(
        show_phone=card.show_phone,
        show_work=card.show_work,
        office_phone=card.office_phone,
        liaison_note=card.liaison_note,
    )


@contacts_router.put("mine", response=ContactCardIO, summary="修改我的通讯录公开设置")
def card_put(request: HttpRequest, payload: ContactCardIO) -> ContactCardIO:
    card = contacts.card_update(
        by=request.user,
        show_phone=payload.show_phone,
        show_work=payload.show_work,
        office_phone=payload.office_phone,
        liaison_note=payload.liaison_note,
    )
    return ContactCardIO(
        show_phone=card.show_phone,
        show_work=card.show_work,
        office_phone=card.office_phone,
        liaison_note=card.liaison_note,
    )


@contacts_router.get("liaison", response=list[LiaisonOut], summary="机关联络人")
def liaison(request: HttpRequest, query: Query[ContactCommitteeQuery]) -> list[LiaisonOut]:
    committee_id = _committee(request, query.committee)
    return [LiaisonOut(**s.__dict__) for s in contacts.liaison_staff(committee_id)]


@contacts_router.post(
    "office", response={201: ExchangeMessageOut}, summary="给机关留言（开启或继续联系机关的会话）"
)
def office(request: HttpRequest, payload: OfficeMessageIn) -> Status[ExchangeMessageOut]:
    committee_id = _committee(request, payload.committee)
    message = contacts.write_to_office(
        by=request.user, committee_id=committee_id, topic=payload.topic, body=payload.body
    )
    return Status(201, _created(request, message))
