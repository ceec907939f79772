"""/api/v1/plenary/: the plenary for the mobile app (掌上履职) — a plenary's agenda and the
member's discussion group, the calls for speeches open to the member, submitting, revising,
resubmitting and withdrawing a speech, and the member's own speeches with the office's decision.

Scoped like the pages: a plenary, call or speech outside the caller's reach is 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.consultations.permissions import my_member_ids
from zhengxie.duty.selectors import member_of
from zhengxie.org.models import ParticipatingUnit, SpecialCommittee
from zhengxie.plenary import selectors, services
from zhengxie.plenary.models import Speech, SpeechCall
from zhengxie.plenary.permissions import get_call_for_user, get_plenary_for_user, get_speech_for_user

from .paging import keyset

router = Router(tags=["全体会议"])


class AgendaOut(Schema):
    title: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime
    place: str
    presider: str


class DiscussionGroupOut(Schema):
    name: str
    room: str
    convener: str
    secretary: str


class PlenaryOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    agenda: list[AgendaOut]
    my_group: DiscussionGroupOut | None
    call_id: int | None


class CallOut(Schema):
    id: int
    plenary_id: int
    title: str
    guidance: str
    closes_at: datetime


class SpeechOut(Schema):
    id: int
    call_id: int
    title: str
    body: str
    on_behalf: str = Field(description="代表的参加单位或专委会；空表示个人发言")
    state: str = Field(
        description="submitted 待审核 / returned 退回修改 / oral 拟大会口头发言 / written 书面发言采用 / "
        "not_selected 未采用 / delivered 已大会发言 / withdrawn 已撤回"
    )
    state_label: str
    review_note: str
    order: int | None
    submitted_at: datetime


class SpeechPage(Schema):
    items: list[SpeechOut]
    next_after: int | None


class SpeechListQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class SpeechIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field(max_length=20000)
    unit_id: int | None = Field(None, description="代表参加单位发言时填写")
    special_committee_id: int | None = Field(None, description="代表专委会发言时填写")


class SpeechEditIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field(max_length=20000)


def _out(s: Speech) -> SpeechOut:
    return SpeechOut(
        id=s.pk,
        call_id=s.call_id,
        title=s.title,
        body=s.body,
        on_behalf=s.on_behalf,
        state=s.state,
        state_label=s.get_state_display(),
        review_note=s.review_note,
        order=s.order,
        submitted_at=s.submitted_at,
    )


def _call_out(c: SpeechCall) -> CallOut:
    return CallOut(
        id=c.pk, plenary_id=c.activity_id, title=c.title, guidance=c.guidance, closes_at=c.closes_at
    )


def _my_speech(request: HttpRequest, speech_id: int) -> Speech:
    speech = get_speech_for_user(request.user, speech_id)
    if speech.author_id not in my_member_ids(request.user):
        raise HttpError(404, "未找到该记录")
    return speech


@router.get("plenaries/{plenary_id}", response=PlenaryOut, summary="全体会议的议程日程和我的分组")
def plenary(request: HttpRequest, plenary_id: int) -> PlenaryOut:
    activity = get_plenary_for_user(request.user, plenary_id)
    seat = selectors.my_group(activity, my_member_ids(request.user))
    group = seat.group if seat is not None else None
    call = SpeechCall.objects.filter(activity=activity).only("pk").first()
    return PlenaryOut(
        id=activity.pk,
        title=activity.title,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
        agenda=[
            AgendaOut(
                title=a.title,
                kind_label=a.get_kind_display(),
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                place=a.place,
                presider=a.presider,
            )
            for a in selectors.agenda_of(activity)
        ],
        my_group=DiscussionGroupOut(
            name=group.name,
            room=group.room,
            convener=str(group.convener) if group.convener else "",
            secretary=group.secretary,
        )
        if group is not None
        else None,
        call_id=call.pk if call else None,
    )


@router.get("calls", response=list[CallOut], summary="正在征集、我可以提交的大会发言")
def open_calls(request: HttpRequest) -> list[CallOut]:
    calls = selectors.open_calls_for(my_member_ids(request.user)).order_by("closes_at")[:50]
    return [_call_out(c) for c in calls]


@router.get("speeches", response=SpeechPage, summary="我的大会发言，新的在前")
def my_speeches(request: HttpRequest, q: Query[SpeechListQuery]) -> SpeechPage:
    page, next_after = keyset(
        selectors.my_speeches(my_member_ids(request.user)).select_related("unit", "special_committee"),
        q.after,
        q.limit,
    )
    return SpeechPage(items=[_out(s) for s in page], next_after=next_after)


@router.post("calls/{call_id}/speeches", response={201: SpeechOut}, summary="提交大会发言")
def submit(request: HttpRequest, call_id: int, body: SpeechIn) -> Status[SpeechOut]:
    call = get_call_for_user(request.user, call_id)
    me = member_of(request.user, call.committee_id)
    if me is None:
        raise HttpError(404, "未找到该记录")
    unit = special = None
    if body.unit_id is not None:
        unit = ParticipatingUnit.objects.filter(pk=body.unit_id, committee_id=call.committee_id).first()
        if unit is None:
            raise HttpError(422, "参加单位不存在")
    if body.special_committee_id is not None:
        special = SpecialCommittee.objects.filter(
            pk=body.special_committee_id, committee_id=call.committee_id
        ).first()
        if special is None:
            raise HttpError(422, "专委会不存在")
    speech = services.speech_submit(
        call=call, by=request.user, author=me, title=body.title, body=body.body, unit=unit,
        special_committee=special,
    )  # fmt: skip
    return Status(201, _out(speech))


@router.get("speeches/{speech_id}", response=SpeechOut, summary="我的一篇大会发言")
def speech(request: HttpRequest, speech_id: int) -> SpeechOut:
    return _out(_my_speech(request, speech_id))


@router.put("speeches/{speech_id}", response=SpeechOut, summary="修改待审核或退回的大会发言")
def edit(request: HttpRequest, speech_id: int, body: SpeechEditIn) -> SpeechOut:
    s = services.speech_edit(
        speech=_my_speech(request, speech_id), by=request.user, title=body.title, body=body.body
    )
    return _out(s)


@router.post("speeches/{speech_id}/resubmit", response=SpeechOut, summary="修改后重新提交")
def resubmit(request: HttpRequest, speech_id: int) -> SpeechOut:
    return _out(services.speech_resubmit(speech=_my_speech(request, speech_id), by=request.user))


@router.post("speeches/{speech_id}/withdraw", response=SpeechOut, summary="撤回（审定前）")
def withdraw(request: HttpRequest, speech_id: int) -> SpeechOut:
    return _out(services.speech_withdraw(speech=_my_speech(request, speech_id), by=request.user))
