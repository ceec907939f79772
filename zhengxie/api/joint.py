"""/api/v1/joint/: joint activities for a committee's office on the phone — its joint activities
(hosted with co-organisers, and co-organised), answering an invitation to co-organise, the
sign-in list of its own members and recording one of them present at its venue. A party's or
people's organisation's liaison (acting for the host committee) gets the activities its unit
co-organises, its own members' sign-in list, inviting them and recording their attendance.

`committee` names the committee the caller acts for; scope is the pages': another committee's
activity, or a member of another committee, is 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.consultations.models import Invitation
from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.joint import selectors, services
from zhengxie.joint.models import CoOrganiser
from zhengxie.joint.permissions import get_joint_for_user, liaison_unit, side_invitations
from zhengxie.org.models import Member
from zhengxie.org.scope import has_role

from .paging import keyset

router = Router(tags=["联办活动"])


class OrganiserOut(Schema):
    name: str
    relation: str = Field(
        description="upper 上级 / lower 下级 / sibling 同级 / outside 其他政协 / unit 党派团体"
    )
    state: str = Field(description="invited 待确认 / accepted 已确认 / declined 已谢绝")
    venue: str


class JointOut(Schema):
    id: int
    title: str
    kind_label: str
    host: str
    is_host: bool
    starts_at: datetime
    ends_at: datetime
    place: str
    state: str
    organisers: list[OrganiserOut]


class JointPage(Schema):
    items: list[JointOut]
    next_after: int | None


class JointCommitteeQuery(Schema):
    committee: int = Field(description="代表哪个政协操作")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class CoOrganiserAnswerIn(Schema):
    committee: int
    accept: bool
    note: str = Field("", max_length=300)


class SignInOut(Schema):
    invitation_id: int
    name: str
    reply: str
    attendance: str
    remote: bool


class SignInPage(Schema):
    items: list[SignInOut]
    next_after: int | None


class JointAttendanceIn(Schema):
    committee: int
    status: str = Field(description="present / excused / unexcused，空字符串表示清除")


def _organisers(rows: list[CoOrganiser]) -> list[OrganiserOut]:
    return [OrganiserOut(name=o.name, relation=o.relation, state=o.state, venue=o.venue) for o in rows]


@router.get("activities", response=JointPage, summary="本会主办或参与联办的活动")
def joint_list(request: HttpRequest, q: Query[JointCommitteeQuery]) -> JointPage:
    if has_role(request.user, q.committee, *OFFICE_ROLES):
        rows = selectors.joint_activities(q.committee)
        host_side = True
    else:
        unit = liaison_unit(request.user, q.committee)
        if unit is None:
            raise HttpError(404, "未找到该政协")
        rows, host_side = selectors.unit_activities(unit), False
    page, next_after = keyset(rows, q.after, q.limit)
    return JointPage(
        items=[
            JointOut(
                id=a.pk,
                title=a.title,
                kind_label=a.get_kind_display(),
                host=a.committee.name,
                is_host=host_side and a.committee_id == q.committee,
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                place=a.place,
                state=a.state,
                organisers=_organisers(list(a.co_organisers.all())),
            )
            for a in page
        ],
        next_after=next_after,
    )


@router.post("activities/{activity_id}/answer", response=OrganiserOut, summary="答复联办邀请（同意或谢绝）")
def answer(request: HttpRequest, activity_id: int, body: CoOrganiserAnswerIn) -> OrganiserOut:
    _, side = get_joint_for_user(request.user, activity_id, body.committee)
    if side.row is None:
        raise HttpError(404, "未找到该记录")
    row = services.co_organiser_answer(row=side.row, by=request.user, accept=body.accept, note=body.note)
    return _organisers([row])[0]


@router.get("activities/{activity_id}/sign-in", response=SignInPage, summary="本会委员签到表")
def sign_in_list(request: HttpRequest, activity_id: int, q: Query[JointCommitteeQuery]) -> SignInPage:
    activity, side = get_joint_for_user(request.user, activity_id, q.committee)
    page, next_after = keyset(side_invitations(activity, side), q.after, q.limit)
    return SignInPage(items=[_sign_in(i) for i in page], next_after=next_after)


def _sign_in(i: Invitation) -> SignInOut:
    return SignInOut(
        invitation_id=i.pk, name=i.member.person.name, reply=i.reply, attendance=i.attendance, remote=i.remote
    )


@router.post(
    "invitations/{invitation_id}/attendance", response=SignInOut, summary="登记本会委员出席（分会场）"
)
def set_attendance(request: HttpRequest, invitation_id: int, body: JointAttendanceIn) -> SignInOut:
    inv = (
        Invitation.objects.filter(pk=invitation_id, member__committee_id=body.committee)
        .select_related("activity__consultation__form", "member__person")
        .first()
    )
    if inv is None:
        raise HttpError(404, "未找到该记录")
    activity, side = get_joint_for_user(request.user, inv.activity_id, body.committee)
    if side.is_host or not side_invitations(activity, side).filter(pk=inv.pk).exists():
        raise HttpError(404, "未找到该记录")
    inv.activity = activity
    if side.unit is not None:
        inv = services.unit_attendance_set(
            invitation=inv, unit=side.unit, by=request.user, status=body.status
        )
        return _sign_in(inv)
    inv = services.attendance_set(
        invitation=inv, committee_id=body.committee, by=request.user, status=body.status
    )
    return _sign_in(inv)


class UnitInviteIn(Schema):
    committee: int = Field(description="主办政协（联络人所在政协）")
    member_ids: list[int] = Field(description="本党派团体委员（对应界别的在任委员）", max_length=200)


class InviteOut(Schema):
    invited: int


@router.post(
    "activities/{activity_id}/unit-invitations",
    response=InviteOut,
    summary="党派团体联络人邀请本党派团体委员",
)
def unit_invite(request: HttpRequest, activity_id: int, body: UnitInviteIn) -> InviteOut:
    activity, side = get_joint_for_user(request.user, activity_id, body.committee)
    if side.unit is None:
        raise HttpError(404, "未找到该记录")
    members = list(Member.objects.filter(pk__in=body.member_ids, committee_id=body.committee))
    if len(members) != len(set(body.member_ids)):
        raise HttpError(422, f"只能邀请{side.unit}的委员")
    n = services.unit_members_invite(activity=activity, unit=side.unit, by=request.user, members=members)
    return InviteOut(invited=n)
