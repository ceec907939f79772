"""/api/v1/proposals/: proposals for the members' app (掌上履职) — write, submit, co-sign, withdraw,
my proposals, rate the reply — and for handling units' own systems — the inbox, sign for, object,
record contacts, send co-handling opinions, ask for an extension, write, submit and co-sign the
reply. Scoped like the pages: a proposal or assignment outside the caller's reach is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.org.models import HandlingUnit, Member
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import get_for_user, has_role
from zhengxie.proposals import selectors
from zhengxie.proposals.models import (
    Assignment,
    AssistRequest,
    CoOpinion,
    InspectionVisit,
    ProofRound,
    Proposal,
    ProposerKind,
    PublicScope,
    Rating,
    Reply,
    SuggestedTopic,
    TopicUptake,
)
from zhengxie.proposals.permissions import get_proposal_for_user, user_units
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import (
    assist,
    evaluation,
    inspections,
    proofreading,
    replies,
    submission,
    topics,
)
from zhengxie.proposals.services.replies import ReplyData
from zhengxie.proposals.services.submission import ProposalData

from .paging import keyset

router = Router(tags=["提案"])


class ProposalOut(Schema):
    id: int
    committee_id: int
    number: str = Field(description="提案号（届-次-序号），立案后才有")
    title: str
    proposer_name: str
    kind: str
    year: int
    is_plenary: bool
    category: str
    state: str = Field(
        description="状态代码，如 draft、cosigning、submitted、filed、assigned、replied、closed"
    )
    state_label: str
    due_on: date | None


class CoSignerOut(Schema):
    name: str
    answer: str
    answer_label: str


class ProposalTimelineOut(Schema):
    at: datetime
    actor: str
    action: str


class UnitShareOut(Schema):
    unit: str
    role: str = Field(description="lead（主办）、co（会办）或 split（分办）")
    role_label: str
    state: str = Field(description="pending、objecting、handling、replied")
    state_label: str
    due_on: date


class PublishedReplyOut(Schema):
    """An approved reply as the proposers read it: no contact name or phone of the unit."""

    unit: str
    round: int
    category: str = Field(description="答复类别（审核调整后的）")
    text: str
    summary: str
    signing_leader: str
    approved_at: datetime | None


class RatingOut(Schema):
    round: int
    work: str
    work_label: str
    result: str
    result_label: str
    comment: str
    at: datetime


class RatingStatusOut(Schema):
    is_rater: bool = Field(description="本人是否为评价人（提案者或同意联名的委员）")
    can_rate: bool = Field(description="本轮是否还可由本人评价")
    rating_until: date | None
    mine: list[RatingOut] = Field(description="本人各轮的评价")


class ProposalDetailOut(ProposalOut):
    situation: str
    analysis: str
    suggestion: str
    consent_publish: bool
    suggested_units: list[str]
    cosigners: list[CoSignerOut]
    return_comment: str
    assignments: list[UnitShareOut]
    replies: list[PublishedReplyOut]
    rating: RatingStatusOut
    timeline: list[ProposalTimelineOut]


class ProposalPage(Schema):
    items: list[ProposalOut]
    next_after: int | None


class ProposalPageQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class MineQuery(ProposalPageQuery):
    state: str | None = Field(None, description="只列此状态的提案，如 assigned、replied")


class ProposalIn(Schema):
    committee: int
    title: str = Field(max_length=200)
    situation: str = Field("", max_length=10000)
    analysis: str = Field("", max_length=10000)
    suggestion: str = Field("", max_length=10000)
    category: str = Field("", max_length=40)
    kind: str = Field(
        ProposerKind.MEMBER, description="member（个人）或 joint（联名）；集体提案请在网页上提交"
    )
    cosigner_ids: list[int] = Field(default_factory=list, description="联名人的委员编号")
    suggested_unit_ids: list[int] = Field(default_factory=list, description="建议承办单位编号")
    consent_publish: bool = True
    no_publish_reason: str = Field("", max_length=200)


class CosignIn(Schema):
    agree: bool


class WithdrawIn(Schema):
    reason: str = Field("", max_length=200)


class RatingIn(Schema):
    work: str = Field(description="对办理工作：satisfied（满意）、basic（基本满意）、dissatisfied（不满意）")
    result: str = Field(description="对办理结果，取值同上")
    comment: str = Field("", description="意见和建议；选择不满意时必填")


def _out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk,
        committee_id=p.committee_id,
        number=p.number,
        title=p.title,
        proposer_name=p.proposer_name,
        kind=p.kind,
        year=p.year,
        is_plenary=p.is_plenary,
        category=p.category,
        state=p.state,
        state_label=p.get_state_display(),
        due_on=p.due_on,
    )


def _data(body: ProposalIn) -> ProposalData:
    if body.kind not in (ProposerKind.MEMBER, ProposerKind.JOINT):
        raise HttpError(400, "接口只受理个人提案和联名提案；集体提案请在网页上提交")
    cosigners = list(Member.objects.filter(committee_id=body.committee, pk__in=body.cosigner_ids))
    units = list(HandlingUnit.objects.filter(committee_id=body.committee, pk__in=body.suggested_unit_ids))
    if len(cosigners) != len(set(body.cosigner_ids)):
        raise HttpError(400, "联名人须是本政协的委员")
    if len(units) != len(set(body.suggested_unit_ids)):
        raise HttpError(400, "建议承办单位须是本政协的承办单位")
    return ProposalData(
        title=body.title,
        situation=body.situation,
        analysis=body.analysis,
        suggestion=body.suggestion,
        category=body.category,
        kind=body.kind,
        cosigners=cosigners,
        suggested_units=units,
        consent_publish=body.consent_publish,
        no_publish_reason=body.no_publish_reason,
    )


def _member_committee(request: HttpRequest, committee_id: int) -> None:
    if not has_role(request.user, committee_id, Role.MEMBER):
        raise HttpError(404, "未找到该政协")


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return get_proposal_for_user(
        request.user, proposal_id, Proposal.objects.select_related("proposer__person", "convener__person")
    )


@router.get("mine", response=ProposalPage, summary="我的提案（本人提出、联名或召集的，可按状态筛选）")
def my_proposals(request: HttpRequest, q: Query[MineQuery]) -> ProposalPage:
    _member_committee(request, q.committee)
    rows = selectors.my_proposals(request.user, q.committee)
    if q.state is not None:
        if q.state not in Proposal.State.values:
            raise HttpError(400, "状态只能是：" + "、".join(Proposal.State.values))
        rows = rows.filter(state=q.state)
    page, next_after = keyset(rows, q.after, q.limit)
    return ProposalPage(items=[_out(p) for p in page], next_after=next_after)


@router.get("invitations", response=list[ProposalOut], summary="待我确认的联名邀请")
def invitations(request: HttpRequest, committee: int) -> list[ProposalOut]:
    _member_committee(request, committee)
    return [_out(c.proposal) for c in selectors.cosign_invitations(request.user, committee)[:100]]


@router.post("", response={201: ProposalOut}, summary="保存提案草稿")
def create(request: HttpRequest, body: ProposalIn) -> Status:
    _member_committee(request, body.committee)
    proposal = submission.proposal_create(committee_id=body.committee, by=request.user, data=_data(body))
    return Status(201, _out(proposal))


@router.get("{int:proposal_id}", response=ProposalDetailOut, summary="提案详情（含联名情况与办理过程）")
def detail(request: HttpRequest, proposal_id: int) -> ProposalDetailOut:
    p = _proposal(request, proposal_id)
    return ProposalDetailOut(
        **_out(p).model_dump(),
        situation=p.situation,
        analysis=p.analysis,
        suggestion=p.suggestion,
        consent_publish=p.consent_publish,
        suggested_units=[u.name for u in p.suggested_units.all()],
        cosigners=[
            CoSignerOut(name=c.member.person.name, answer=c.answer, answer_label=c.get_answer_display())
            for c in p.cosigners.select_related("member__person")
        ],
        return_comment=p.return_comment if p.state == Proposal.State.RETURNED else "",
        assignments=[
            UnitShareOut(
                unit=a.unit.name,
                role=a.role,
                role_label=a.get_role_display(),
                state=a.state,
                state_label=a.get_state_display(),
                due_on=a.due_on,
            )
            for a in p.assignments.exclude(state=Assignment.State.WITHDRAWN)
            .select_related("unit")
            .order_by("role", "id")
        ],
        replies=[
            PublishedReplyOut(
                unit=r.assignment.unit.name,
                round=r.round,
                category=r.final_category,
                text=r.text,
                summary=r.summary,
                signing_leader=r.signing_leader,
                approved_at=r.approved_at,
            )
            # The unit's contact person and phone are for proposal staff, not for the proposers.
            for r in Reply.objects.filter(proposal=p, state=Reply.State.APPROVED)
            .defer("contact_name", "contact_phone")
            .select_related("assignment__unit")
            .order_by("round", "id")
        ],
        rating=_rating_status(request, p),
        timeline=[
            ProposalTimelineOut(at=e.at, actor=e.actor, action=e.action) for e in selectors.timeline(p)
        ],
    )


@router.put("{int:proposal_id}", response=ProposalOut, summary="修改草稿或退回修改的提案")
def update(request: HttpRequest, proposal_id: int, body: ProposalIn) -> ProposalOut:
    p = _proposal(request, proposal_id)
    if body.committee != p.committee_id:
        raise HttpError(400, "不能改变提案所属的政协")
    submission.proposal_update(proposal=p, by=request.user, data=_data(body))
    return _out(p)


@router.post("{int:proposal_id}/submit", response=ProposalOut, summary="提交（联名提案先请联名人确认）")
def submit(request: HttpRequest, proposal_id: int) -> ProposalOut:
    p = _proposal(request, proposal_id)
    submission.proposal_submit(proposal=p, by=request.user)
    return _out(p)


@router.post("{int:proposal_id}/cosign", response=ProposalOut, summary="联名人确认或谢绝")
def cosign(request: HttpRequest, proposal_id: int, body: CosignIn) -> ProposalOut:
    p = _proposal(request, proposal_id)
    submission.cosign_answer(proposal=p, by=request.user, agree=body.agree)
    p.refresh_from_db()
    return _out(p)


@router.post("{int:proposal_id}/withdraw", response=ProposalOut, summary="撤案（立案前）")
def withdraw(request: HttpRequest, proposal_id: int, body: WithdrawIn) -> ProposalOut:
    p = _proposal(request, proposal_id)
    submission.proposal_withdraw(proposal=p, by=request.user, reason=body.reason)
    return _out(p)


class ProofCorrectionOut(Schema):
    field: str
    field_label: str
    before: str
    after: str


class ProofRoundOut(Schema):
    number: int
    state: str
    state_label: str
    at: datetime
    note: str
    comment: str
    answered_at: datetime | None
    corrections: list[ProofCorrectionOut]


class ProofAnswerIn(Schema):
    confirm: bool
    comment: str = Field("", max_length=2000)


def _proof_out(r: ProofRound) -> ProofRoundOut:
    return ProofRoundOut(
        number=r.number,
        state=r.state,
        state_label=r.get_state_display(),
        at=r.at,
        note=r.note,
        comment=r.comment,
        answered_at=r.answered_at,
        corrections=[
            ProofCorrectionOut(
                field=c.field, field_label=c.get_field_display(), before=c.before, after=c.after
            )
            for c in r.corrections.all()
        ],
    )


@router.get(
    "{int:proposal_id}/proof", response=list[ProofRoundOut], summary="校对记录（每轮的改动和提案者的确认）"
)
def proof_rounds(request: HttpRequest, proposal_id: int) -> list[ProofRoundOut]:
    p = _proposal(request, proposal_id)
    return [_proof_out(r) for r in p.proof_rounds.prefetch_related("corrections")]


@router.post(
    "{int:proposal_id}/proof/{int:number}/answer",
    response=ProofRoundOut,
    summary="提案者确认校对稿或提出意见",
)
def proof_answer(request: HttpRequest, proposal_id: int, number: int, body: ProofAnswerIn) -> ProofRoundOut:
    p = _proposal(request, proposal_id)
    row = p.proof_rounds.filter(number=number).first()
    if row is None:
        raise HttpError(404, "未找到该轮校对")
    row.proposal = p
    proofreading.proof_round_answer(row=row, by=request.user, confirm=body.confirm, comment=body.comment)
    return _proof_out(row)


class AssistOut(Schema):
    id: int
    upper_level: str
    title: str
    text: str
    state: str
    state_label: str
    created_at: datetime
    comments: str
    edited_text: str
    answered_at: datetime | None


class AssistIn(Schema):
    committee: int
    upper_level: str = Field(max_length=100)
    title: str = Field(max_length=200)
    text: str = Field(max_length=20000)


def _assist_out(r: AssistRequest) -> AssistOut:
    return AssistOut(
        id=r.pk,
        upper_level=r.upper_level,
        title=r.title,
        text=r.text,
        state=r.state,
        state_label=r.get_state_display(),
        created_at=r.created_at,
        comments=r.comments,
        edited_text=r.edited_text,
        answered_at=r.answered_at,
    )


@router.get("assist", response=list[AssistOut], summary="我申请协助审查修改的提案（拟提交上级政协会议）")
def assist_mine(request: HttpRequest, committee: int) -> list[AssistOut]:
    _member_committee(request, committee)
    rows = AssistRequest.objects.filter(committee_id=committee, created_by_id=request.user.pk)[:100]
    return [_assist_out(r) for r in rows]


@router.post("assist", response={201: AssistOut}, summary="申请提案委协助审查修改提案")
def assist_create(request: HttpRequest, body: AssistIn) -> Status:
    _member_committee(request, body.committee)
    row = assist.assist_request(
        committee_id=body.committee,
        by=request.user,
        upper_level=body.upper_level,
        title=body.title,
        text=body.text,
    )
    return Status(201, _assist_out(row))


@router.get("assist/{int:assist_id}", response=AssistOut, summary="协助审查修改的申请和提案委的反馈")
def assist_detail(request: HttpRequest, assist_id: int) -> AssistOut:
    row = AssistRequest.objects.filter(pk=assist_id, created_by_id=request.user.pk).first()
    if row is None:
        raise HttpError(404, "未找到该申请")
    return _assist_out(row)


def _rating_out(r: Rating) -> RatingOut:
    return RatingOut(
        round=r.round,
        work=r.work,
        work_label=r.get_work_display(),
        result=r.result,
        result_label=r.get_result_display(),
        comment=r.comment,
        at=r.at,
    )


def _rating_status(request: HttpRequest, p: Proposal) -> RatingStatusOut:
    member = next((m for m in evaluation.raters(p) if m.person.user_id == request.user.pk), None)
    if member is None:
        return RatingStatusOut(is_rater=False, can_rate=False, rating_until=p.rating_until, mine=[])
    mine = list(Rating.objects.filter(proposal=p, member=member).order_by("round", "id"))
    rated_now = any(r.round == p.round for r in mine)
    return RatingStatusOut(
        is_rater=True,
        can_rate=not rated_now and evaluation.rating_open(p),
        rating_until=p.rating_until,
        mine=[_rating_out(r) for r in mine],
    )


@router.post(
    "{int:proposal_id}/rating", response={201: RatingOut}, summary="评价本轮办理（提案者和联名人各评一次）"
)
def rate(request: HttpRequest, proposal_id: int, body: RatingIn) -> Status:
    p = _proposal(request, proposal_id)
    rating = evaluation.rating_submit(
        proposal=p, by=request.user, work=body.work, result=body.result, comment=body.comment
    )
    return Status(201, _rating_out(rating))


# --- handling units ------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    proposal_id: int
    number: str
    title: str
    unit: str
    role: str = Field(description="lead（主办）、co（会办）或 split（分办）")
    role_label: str
    state: str = Field(description="pending、objecting、handling、replied、withdrawn")
    state_label: str
    due_on: date = Field(description="本单位的答复（会办意见）期限")
    assigned_at: datetime
    signed_at: datetime | None


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_after: int | None


class InboxQuery(ProposalPageQuery):
    bucket: str = Field(
        "to_sign", description="to_sign（待签收）、handling（办理中）、replied（已答复）、rated（已评价）"
    )


class CoOpinionOut(Schema):
    unit: str
    round: int
    text: str
    sent_at: datetime


class UnitReplyOut(Schema):
    """The unit's own reply of the current round, with what it entered and the review's answer."""

    id: int
    round: int
    state: str = Field(description="draft、cosigning、returned、reviewing、approved")
    state_label: str
    category: str
    text: str
    summary: str
    signing_leader: str
    contact_name: str
    contact_phone: str
    public_scope: str
    review_comment: str = Field(description="退回时的审核意见")


class LeadReplyOut(Schema):
    """The lead unit's reply that a 会办 unit reads and co-signs."""

    id: int
    unit: str
    state: str
    state_label: str
    category: str
    text: str
    summary: str
    signing_leader: str
    cosigned_by_me: bool


class AssignmentDetailOut(AssignmentOut):
    proposer_name: str
    category: str
    situation: str
    analysis: str
    suggestion: str
    objection_until: date | None = Field(description="申请改办的截止日期，过后交办锁定")
    co_opinions: list[CoOpinionOut] = Field(description="主办单位：收到的会办意见；会办单位：本单位的")
    reply: UnitReplyOut | None = Field(description="本单位本轮的答复（主办、分办单位）")
    lead_reply: LeadReplyOut | None = Field(description="主办单位本轮的答复（会办单位会签用）")


class ObjectionIn(Schema):
    reason: str = Field(max_length=2000)
    suggested_unit: str = Field("", max_length=100)


class ContactIn(Schema):
    stage: str = Field(description="before（办前）、during（办中）、after（办后）")
    mode: str = Field(description="meeting（面商）、phone、forum（座谈）、visit（走访）、video、online")
    on: date
    participants: str = Field(max_length=300)
    notes: str = Field(max_length=5000)


class CoOpinionIn(Schema):
    text: str = Field(max_length=20000)


class ProposalExtensionIn(Schema):
    new_due_on: date
    reason: str = Field(max_length=2000)


class ReplyIn(Schema):
    category: str = Field(description="答复类别代码，如 A、B、C")
    text: str = Field(max_length=50000)
    summary: str = Field("", max_length=2000)
    signing_leader: str = Field(max_length=50)
    contact_name: str = Field(max_length=50)
    contact_phone: str = Field(max_length=20)
    public_scope: str = Field(
        PublicScope.FULL, description="full（全文公开）、summary（摘要公开）、none（不公开）"
    )


class ProposalContactOut(Schema):
    id: int
    stage: str
    stage_label: str
    mode: str
    mode_label: str
    on: date


class ExtensionOut(Schema):
    id: int
    state: str = Field(description="pending（审批中）、approved、refused")
    state_label: str
    old_due_on: date
    new_due_on: date


def _assignment_out(a: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.pk,
        proposal_id=a.proposal_id,
        number=a.proposal.number,
        title=a.proposal.title,
        unit=a.unit.name,
        role=a.role,
        role_label=a.get_role_display(),
        state=a.state,
        state_label=a.get_state_display(),
        due_on=a.due_on,
        assigned_at=a.assigned_at,
        signed_at=a.signed_at,
    )


def _unit_reply_out(r: Reply) -> UnitReplyOut:
    return UnitReplyOut(
        id=r.pk,
        round=r.round,
        state=r.state,
        state_label=r.get_state_display(),
        category=r.category,
        text=r.text,
        summary=r.summary,
        signing_leader=r.signing_leader,
        contact_name=r.contact_name,
        contact_phone=r.contact_phone,
        public_scope=r.public_scope,
        # A comment belongs to the return; after resubmission it is history, not an instruction.
        review_comment=r.review_comment if r.state == Reply.State.RETURNED else "",
    )


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    """An assignment of one of the caller's own units. Proposal staff, who may open any assignment
    on the pages, get 404 here: these endpoints act as the unit."""
    qs = Assignment.objects.select_related("proposal", "unit")
    assignment = get_for_user(qs, request.user, assignment_id, UNIT_ROLES)
    if assignment.unit_id not in user_units(request.user, assignment.committee_id):
        raise Http404
    return assignment


@router.get(
    "inbox", response=AssignmentPage, summary="承办单位收件箱（按待签收、办理中、已答复、已评价分类）"
)
def inbox(request: HttpRequest, q: Query[InboxQuery]) -> AssignmentPage:
    if not has_role(request.user, q.committee, *UNIT_ROLES):
        raise HttpError(404, "未找到该政协")
    if q.bucket not in selectors.UNIT_BUCKETS:
        raise HttpError(400, "分类只能是 to_sign、handling、replied、rated")
    rows = selectors.unit_inbox(request.user, q.committee, q.bucket)
    page, next_after = keyset(rows, q.after, q.limit)
    return AssignmentPage(items=[_assignment_out(a) for a in page], next_after=next_after)


@router.get(
    "assignments/{int:assignment_id}",
    response=AssignmentDetailOut,
    summary="交办件详情（提案全文、会办意见、本轮答复）",
)
def assignment_detail(request: HttpRequest, assignment_id: int) -> AssignmentDetailOut:
    a = _assignment(request, assignment_id)
    p = a.proposal
    co = a.role == Assignment.Role.CO
    opinions = CoOpinion.objects.select_related("assignment__unit").order_by("round", "id")
    opinions = opinions.filter(assignment=a) if co else opinions.filter(assignment__proposal=p)
    reply = None if co else replies.current_reply(a)
    lead = selectors.lead_reply(p) if co else None
    return AssignmentDetailOut(
        **_assignment_out(a).model_dump(),
        proposer_name=p.proposer_name,
        category=p.category,
        situation=p.situation,
        analysis=p.analysis,
        suggestion=p.suggestion,
        objection_until=a.objection_until,
        co_opinions=[
            CoOpinionOut(unit=o.assignment.unit.name, round=o.round, text=o.text, sent_at=o.sent_at)
            for o in opinions
        ],
        reply=_unit_reply_out(reply) if reply is not None else None,
        lead_reply=LeadReplyOut(
            id=lead.pk,
            unit=lead.assignment.unit.name,
            state=lead.state,
            state_label=lead.get_state_display(),
            category=lead.category,
            text=lead.text,
            summary=lead.summary,
            signing_leader=lead.signing_leader,
            cosigned_by_me=a.unit_id in lead.cosigned_by,
        )
        if lead is not None
        else None,
    )


@router.post("assignments/{int:assignment_id}/sign", response=AssignmentOut, summary="签收")
def assignment_sign(request: HttpRequest, assignment_id: int) -> AssignmentOut:
    a = _assignment(request, assignment_id)
    handling.assignment_sign(assignment=a, by=request.user)
    return _assignment_out(a)


@router.post(
    "assignments/{int:assignment_id}/objection", response=AssignmentOut, summary="申请改办（异议期内）"
)
def assignment_objection(request: HttpRequest, assignment_id: int, body: ObjectionIn) -> AssignmentOut:
    a = _assignment(request, assignment_id)
    handling.objection_raise(
        assignment=a, by=request.user, reason=body.reason, suggested_unit=body.suggested_unit
    )
    return _assignment_out(a)


@router.post(
    "assignments/{int:assignment_id}/contact",
    response={201: ProposalContactOut},
    summary="记录与提案者的沟通",
)
def assignment_contact(request: HttpRequest, assignment_id: int, body: ContactIn) -> Status:
    a = _assignment(request, assignment_id)
    contact = handling.contact_record(
        assignment=a,
        by=request.user,
        stage=body.stage,
        mode=body.mode,
        on=body.on,
        participants=body.participants,
        notes=body.notes,
    )
    return Status(
        201,
        ProposalContactOut(
            id=contact.pk,
            stage=contact.stage,
            stage_label=contact.get_stage_display(),
            mode=contact.mode,
            mode_label=contact.get_mode_display(),
            on=contact.on,
        ),
    )


@router.post(
    "assignments/{int:assignment_id}/co-opinion", response=AssignmentOut, summary="会办单位提交会办意见"
)
def assignment_co_opinion(request: HttpRequest, assignment_id: int, body: CoOpinionIn) -> AssignmentOut:
    a = _assignment(request, assignment_id)
    handling.co_opinion_send(assignment=a, by=request.user, text=body.text)
    return _assignment_out(a)


@router.post(
    "assignments/{int:assignment_id}/extension",
    response={201: ExtensionOut},
    summary="申请延期（须在答复期限前）",
)
def assignment_extension(request: HttpRequest, assignment_id: int, body: ProposalExtensionIn) -> Status:
    a = _assignment(request, assignment_id)
    extension = handling.extension_request(
        assignment=a, by=request.user, new_due_on=body.new_due_on, reason=body.reason
    )
    return Status(
        201,
        ExtensionOut(
            id=extension.pk,
            state=extension.state,
            state_label=extension.get_state_display(),
            old_due_on=extension.old_due_on,
            new_due_on=extension.new_due_on,
        ),
    )


@router.put(
    "assignments/{int:assignment_id}/reply",
    response=UnitReplyOut,
    summary="撰写或修改本轮答复（草稿或被退回的）",
)
def reply_save(request: HttpRequest, assignment_id: int, body: ReplyIn) -> UnitReplyOut:
    a = _assignment(request, assignment_id)
    data = ReplyData(**body.model_dump())
    return _unit_reply_out(replies.reply_save(assignment=a, by=request.user, data=data))


@router.post(
    "assignments/{int:assignment_id}/reply/submit",
    response=UnitReplyOut,
    summary="提交答复（有会办单位的先送会签）",
)
def reply_submit(request: HttpRequest, assignment_id: int) -> UnitReplyOut:
    a = _assignment(request, assignment_id)
    if a.role == Assignment.Role.CO:
        raise HttpError(400, "会办单位不提交答复，请会签主办单位的答复")
    reply = replies.current_reply(a)
    if reply is None:
        raise HttpError(400, "请先撰写并保存答复")
    return _unit_reply_out(replies.reply_submit(reply=reply, by=request.user))


@router.post(
    "assignments/{int:assignment_id}/reply/cosign",
    response=LeadReplyOut,
    summary="会办单位会签主办单位的答复",
)
def reply_cosign(request: HttpRequest, assignment_id: int) -> LeadReplyOut:
    a = _assignment(request, assignment_id)
    if a.role != Assignment.Role.CO:
        raise HttpError(400, "只有会办单位会签主办单位的答复")
    lead = selectors.lead_reply(a.proposal)
    if lead is None:
        raise HttpError(400, "主办单位尚未提交答复")
    lead = replies.reply_cosign(reply=lead, by=request.user)
    return LeadReplyOut(
        id=lead.pk,
        unit=lead.assignment.unit.name,
        state=lead.state,
        state_label=lead.get_state_display(),
        category=lead.category,
        text=lead.text,
        summary=lead.summary,
        signing_leader=lead.signing_leader,
        cosigned_by_me=a.unit_id in lead.cosigned_by,
    )


# --- 三办督导: the inspected unit reads the findings and replies from a phone ----------------


class InspectionFindingOut(Schema):
    id: int
    unit: str
    group: str
    visit_on: date
    state: str
    state_label: str
    findings: str
    rating_label: str
    reply_due: date | None
    reply: str


class InspectionReplyIn(Schema):
    reply: str = Field(max_length=5000)


def _finding_out(v: InspectionVisit) -> InspectionFindingOut:
    return InspectionFindingOut(
        id=v.pk,
        unit=v.unit.name,
        group=f"{v.group.year}年{v.group.name}",
        visit_on=v.visit_on,
        state=v.state,
        state_label=v.get_state_display(),
        findings=v.findings,
        rating_label=v.get_rating_display(),
        reply_due=v.reply_due,
        reply=v.reply,
    )


def _unit_visit(request: HttpRequest, visit_id: int) -> InspectionVisit:
    """A visit to one of the caller's own units with findings recorded; anything else is 404."""
    qs = InspectionVisit.objects.select_related("unit", "group").exclude(state=InspectionVisit.State.PLANNED)
    visit = get_for_user(qs, request.user, visit_id, UNIT_ROLES)
    if visit.unit_id not in user_units(request.user, visit.committee_id):
        raise Http404
    return visit


@router.get("inspections", response=list[InspectionFindingOut], summary="督导组对本单位的督导意见")
def inspection_findings(request: HttpRequest, committee: int) -> list[InspectionFindingOut]:
    if not has_role(request.user, committee, *UNIT_ROLES):
        raise HttpError(404, "未找到该政协")
    rows = (
        InspectionVisit.objects.filter(
            committee_id=committee, unit_id__in=user_units(request.user, committee)
        )
        .exclude(state=InspectionVisit.State.PLANNED)
        .select_related("unit", "group")
        .order_by("-id")[:100]
    )
    return [_finding_out(v) for v in rows]


@router.post(
    "inspections/{int:visit_id}/reply", response=InspectionFindingOut, summary="回复督导组的督导意见"
)
def inspection_reply(request: HttpRequest, visit_id: int, body: InspectionReplyIn) -> InspectionFindingOut:
    visit = _unit_visit(request, visit_id)
    inspections.reply_record(visit=visit, by=request.user, reply=body.reply)
    return _finding_out(visit)


class ProposalTopicOut(Schema):
    id: int
    year: int
    source: str
    source_label: str
    title: str
    description: str
    category: str
    source_note: str
    taken_proposal: int | None


@router.get("topics", response=list[ProposalTopicOut], summary="本年度已发布的提案选题（领导点题、群众荐题）")
def topic_list(request: HttpRequest, committee: int) -> list[ProposalTopicOut]:
    _member_committee(request, committee)
    rows = list(
        SuggestedTopic.objects.filter(
            committee_id=committee, year=timezone.localdate().year, state=SuggestedTopic.State.PUBLISHED
        )[:200]
    )
    mine = dict(
        TopicUptake.objects.filter(
            topic__in=[t.pk for t in rows], member__person__user_id=request.user.pk or 0
        ).values_list("topic_id", "proposal_id")
    )
    return [
        ProposalTopicOut(
            id=t.pk,
            year=t.year,
            source=t.source,
            source_label=t.get_source_display(),
            title=t.title,
            description=t.description,
            category=t.category,
            source_note=t.source_note,
            taken_proposal=mine.get(t.pk),
        )
        for t in rows
    ]


class ProposalTopicTaken(Schema):
    proposal: int


@router.post(
    "topics/{int:topic_id}/take", response={201: ProposalTopicTaken}, summary="领题：生成本人的提案草稿"
)
def topic_take(request: HttpRequest, topic_id: int) -> Status:
    topic = SuggestedTopic.objects.filter(pk=topic_id, state=SuggestedTopic.State.PUBLISHED).first()
    if topic is None or not has_role(request.user, topic.committee_id, Role.MEMBER):
        raise HttpError(404, "未找到该选题")
    proposal = topics.topic_take(topic=topic, by=request.user)
    return Status(201, ProposalTopicTaken(proposal=proposal.pk))
