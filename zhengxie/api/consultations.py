"""/api/v1/consultations/: meetings and activities for the mobile app (掌上履职) — a member's
invitations, registering, asking leave, signing in with the scanned QR token, his or her
activities with attendance, the outcomes of the consultations he or she took part in with their
adoption and the leaders' instructions — and, for activity staff, an activity's attendance list; for a named reviewer (a leader), the
开题、方案 and 报告评审 waiting for him or her and the decision.

Scoped like the pages: an invitation or activity outside the caller's reach is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.consultations import selectors
from zhengxie.consultations.models import Activity, Document, Invitation, Outcome, Review
from zhengxie.consultations.permissions import get_office_object, is_staff, my_member_ids
from zhengxie.consultations.services import activities, reviews

from .paging import keyset

router = Router(tags=["会议活动"])


class InvitationOut(Schema):
    id: int
    activity_id: int
    committee_id: int
    title: str
    kind: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime
    place: str
    video_link: str
    activity_state: str
    reply: str = Field(
        description="invited 待回复 / registered 已报名 / leave 请假待批 / excused 准假 / refused 不准假"
    )
    reply_label: str
    attendance: str = Field(description="空 未登记 / present 出席 / excused 请假 / unexcused 无故缺席")
    attendance_label: str
    signed_in_at: datetime | None
    remote: bool


class InvitationPage(Schema):
    items: list[InvitationOut]
    next_after: int | None


class ListQuery(Schema):
    upcoming: bool = Field(False, description="只列出尚未结束的活动")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class LeaveIn(Schema):
    reason: str = Field(max_length=300)


class SignInIn(Schema):
    token: str = Field(
        max_length=500, description="签到二维码链接中的令牌（/consultations/sign-in/<token>/）"
    )


class AttendanceOut(Schema):
    invitation_id: int
    member_id: int
    name: str
    sector: str
    reply: str
    attendance: str
    signed_in_at: datetime | None
    signed_in_by_staff: bool
    remote: bool
    speeches: int


class AttendancePage(Schema):
    activity_id: int
    state: str
    items: list[AttendanceOut]
    next_after: int | None


class AttendanceIn(Schema):
    status: str = Field(description="present / excused / unexcused，空字符串表示清除")


class OutcomeInstructionOut(Schema):
    leader_name: str
    text: str
    given_on: date
    result: str = Field(description="落实情况，督办事项办结后填入；空表示正在落实")
    result_at: datetime | None


class OutcomeOut(Schema):
    id: int
    consultation_id: int
    consultation_title: str
    kind: str
    kind_label: str
    title: str
    addressee: str
    submitted_at: datetime
    adoption: str = Field(description="空 待反馈 / adopted 采纳 / partly 部分采纳 / noted 留作参考")
    adoption_label: str
    feedback: str
    feedback_at: datetime | None
    instructions: list[OutcomeInstructionOut]


class OutcomePage(Schema):
    items: list[OutcomeOut]
    next_after: int | None


class OutcomeQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


def _outcome_out(o: Outcome) -> OutcomeOut:
    assert o.submitted_at is not None  # members are shown submitted outcomes only
    return OutcomeOut(
        id=o.pk,
        consultation_id=o.consultation_id,
        consultation_title=o.consultation.title,
        kind=o.kind,
        kind_label=o.get_kind_display(),
        title=o.title,
        addressee=o.addressee,
        submitted_at=o.submitted_at,
        adoption=o.adoption,
        adoption_label=o.get_adoption_display(),
        feedback=o.feedback,
        feedback_at=o.feedback_at,
        instructions=[
            OutcomeInstructionOut(
                leader_name=i.leader_name,
                text=i.text,
                given_on=i.given_on,
                result=i.result,
                result_at=i.result_at,
            )
            for i in o.instructions.all()
        ],
    )


def _out(inv: Invitation) -> InvitationOut:
    a = inv.activity
    return InvitationOut(
        id=inv.pk,
        activity_id=a.pk,
        committee_id=a.committee_id,
        title=a.title,
        kind=a.kind,
        kind_label=a.get_kind_display(),
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        place=a.place,
        video_link=a.video_link,
        activity_state=a.state,
        reply=inv.reply,
        reply_label=inv.get_reply_display(),
        attendance=inv.attendance,
        attendance_label=inv.get_attendance_display(),
        signed_in_at=inv.signed_in_at,
        remote=inv.remote,
    )


def _mine(request: HttpRequest, invitation_id: int) -> Invitation:
    inv = (
        Invitation.objects.filter(pk=invitation_id, member_id__in=my_member_ids(request.user))
        .select_related("activity__consultation__form", "member")
        .first()
    )
    if inv is None:
        raise HttpError(404, "未找到该记录")
    return inv


@router.get("invitations", response=InvitationPage, summary="我的活动邀请（含出席情况），新的在前")
def my_invitations(request: HttpRequest, q: Query[ListQuery]) -> InvitationPage:
    rows = selectors.my_invitations(my_member_ids(request.user))
    if q.upcoming:
        rows = rows.filter(activity__ends_at__gte=timezone.now())
    page, next_after = keyset(rows, q.after, q.limit)
    return InvitationPage(items=[_out(i) for i in page], next_after=next_after)


@router.get("activities", response=InvitationPage, summary="我参加过的活动（已签到或已登记出席情况）")
def my_activities(request: HttpRequest, q: Query[ListQuery]) -> InvitationPage:
    rows = selectors.my_invitations(my_member_ids(request.user)).exclude(attendance="")
    page, next_after = keyset(rows, q.after, q.limit)
    return InvitationPage(items=[_out(i) for i in page], next_after=next_after)


@router.get(
    "outcomes", response=OutcomePage, summary="我参加的协商形成的成果：采纳反馈、领导批示及落实情况，新的在前"
)
def my_outcomes(request: HttpRequest, q: Query[OutcomeQuery]) -> OutcomePage:
    page, next_after = keyset(selectors.my_outcomes(my_member_ids(request.user)), q.after, q.limit)
    return OutcomePage(items=[_outcome_out(o) for o in page], next_after=next_after)


@router.post("invitations/{invitation_id}/register", response=InvitationOut, summary="报名参加")
def register(request: HttpRequest, invitation_id: int) -> InvitationOut:
    inv = activities.invitation_register(invitation=_mine(request, invitation_id), by=request.user)
    return _out(inv)


@router.post("invitations/{invitation_id}/leave", response=InvitationOut, summary="请假（待工作人员审批）")
def ask_leave(request: HttpRequest, invitation_id: int, body: LeaveIn) -> InvitationOut:
    inv = activities.invitation_ask_leave(
        invitation=_mine(request, invitation_id), by=request.user, reason=body.reason
    )
    return _out(inv)


@router.post("sign-in", response=InvitationOut, summary="扫码签到：提交二维码中的令牌")
def sign_in(request: HttpRequest, body: SignInIn) -> InvitationOut:
    activity_id = activities.activity_for_token(body.token)
    activity = Activity.objects.filter(pk=activity_id).select_related("consultation__form").first()
    member = selectors.signing_member(request.user, activity) if activity else None
    if activity is None or member is None:
        raise HttpError(404, "未找到该记录")
    inv = activities.sign_in(activity=activity, member=member, by=request.user)
    inv.activity = activity
    return _out(inv)


@router.get(
    "activities/{activity_id}/attendance", response=AttendancePage, summary="活动出席名单（工作人员）"
)
def attendance(request: HttpRequest, activity_id: int, q: Query[ListQuery]) -> AttendancePage:
    activity: Activity = get_office_object(Activity, request.user, activity_id)
    rows = Invitation.objects.filter(activity=activity).select_related("member__person", "member__sector")
    page, next_after = keyset(rows, q.after, q.limit)
    return AttendancePage(
        activity_id=activity.pk,
        state=activity.state,
        items=[
            AttendanceOut(
                invitation_id=i.pk,
                member_id=i.member_id,
                name=i.member.person.name,
                sector=i.member.sector.name,
                reply=i.reply,
                attendance=i.attendance,
                signed_in_at=i.signed_in_at,
                signed_in_by_staff=i.signed_in_by_staff,
                remote=i.remote,
                speeches=i.speeches,
            )
            for i in page
        ],
        next_after=next_after,
    )


@router.post(
    "invitations/{invitation_id}/attendance", response=AttendanceOut, summary="登记或更正出席情况（工作人员）"
)
def set_attendance(request: HttpRequest, invitation_id: int, body: AttendanceIn) -> AttendanceOut:
    inv = (
        Invitation.objects.filter(pk=invitation_id)
        .select_related("activity__consultation__form", "member__person", "member__sector")
        .first()
    )
    if inv is None or not is_staff(request.user, inv.committee_id):
        raise HttpError(404, "未找到该记录")
    inv = activities.attendance_set(invitation=inv, by=request.user, status=body.status)
    return AttendanceOut(
        invitation_id=inv.pk,
        member_id=inv.member_id,
        name=inv.member.person.name,
        sector=inv.member.sector.name,
        reply=inv.reply,
        attendance=inv.attendance,
        signed_in_at=inv.signed_in_at,
        signed_in_by_staff=inv.signed_in_by_staff,
        remote=inv.remote,
        speeches=inv.speeches,
    )


class ReviewOut(Schema):
    id: int
    consultation_id: int
    consultation_title: str
    kind: str = Field(description="opening 开题评审 / scheme 方案评审 / report 报告评审")
    kind_label: str
    round: int
    requested_at: datetime
    decision: str = Field(description="空 待评审 / pass 通过 / revise 需修改")
    decision_label: str
    comment: str
    documents: list[str] = Field(description="送审材料（标题与正文）")


class ReviewPage(Schema):
    items: list[ReviewOut]
    next_after: int | None


class ReviewQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class ReviewDecisionIn(Schema):
    decision: str = Field(description="pass 通过 / revise 需修改")
    comment: str = Field(max_length=5000)


def _review_out(r: Review, texts: dict[int, list[str]]) -> ReviewOut:
    return ReviewOut(
        id=r.pk,
        consultation_id=r.consultation_id,
        consultation_title=r.consultation.title,
        kind=r.kind,
        kind_label=r.get_kind_display(),
        round=r.round,
        requested_at=r.requested_at,
        decision=r.decision,
        decision_label=r.get_decision_display(),
        comment=r.comment,
        documents=texts.get(r.pk, []),
    )


def _review_texts(rows: list[Review]) -> dict[int, list[str]]:
    """The reviewed document of each review (its kind's documents in the consultation), one query."""
    wanted: dict[tuple[int, str], int] = {
        (r.consultation_id, reviews.DOCUMENT_OF[Review.Kind(r.kind)][0]): r.pk for r in rows
    }
    texts: dict[int, list[str]] = {}
    docs = Document.objects.filter(consultation_id__in={r.consultation_id for r in rows}).order_by("id")
    for cid, kind, title, body in docs.values_list("consultation_id", "kind", "title", "body"):
        pk = wanted.get((cid, kind))
        if pk is not None:
            texts.setdefault(pk, []).append(f"{title}\n{body}".strip())
    return texts


@router.get("reviews", response=ReviewPage, summary="待我评审的开题报告、工作方案和调研报告（评审人）")
def my_reviews(request: HttpRequest, q: Query[ReviewQuery]) -> ReviewPage:
    rows = reviews.pending_for(request.user, None).select_related("consultation")
    page, next_after = keyset(rows, q.after, q.limit)
    texts = _review_texts(page)
    return ReviewPage(items=[_review_out(r, texts) for r in page], next_after=next_after)


@router.post("reviews/{review_id}/decide", response=ReviewOut, summary="提交评审意见和结论（通过或需修改）")
def review_decide(request: HttpRequest, review_id: int, body: ReviewDecisionIn) -> ReviewOut:
    review = (
        Review.objects.filter(pk=review_id, reviewer_id=request.user.pk)
        .select_related("consultation")
        .first()
    )
    if review is None:
        raise HttpError(404, "未找到该记录")
    review = reviews.review_decide(
        review=review, by=request.user, decision=body.decision, comment=body.comment
    )
    return _review_out(review, _review_texts([review]))
