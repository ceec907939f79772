"""/api/v1/opinions/: 社情民意 for the members' app (掌上履职) and units — submit, list one's items
with every level's status — and for an information centre, its queue (including items reported
up by lower committees) and accepting an item. Scoped like the pages: outside the caller's reach
is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.opinions import selectors
from zhengxie.opinions.models import Opinion
from zhengxie.opinions.permissions import get_opinion_for_user, is_info_staff
from zhengxie.opinions.services import editing, submission
from zhengxie.org.models import Member, ParticipatingUnit, SpecialCommittee

from .paging import keyset

router = Router(tags=["社情民意"])


class OpinionOut(Schema):
    id: int
    committee_id: int
    committee: str
    title: str
    channel: str = Field(description="member/unit/special/informant/station/lower/referral/merged")
    state: str = Field(description="状态代码，如 received（待受理）、issued（已编发）、reported（已报送）")
    state_label: str
    submitted_at: datetime | None


class OpinionReportOut(Schema):
    target: str
    target_name: str
    status: str = Field(description="pending/received/adopted/special/forwarded/not_used")
    status_label: str


class LevelOut(Schema):
    committee: str
    level: str
    state: str
    state_label: str
    issue: str
    reports: list[OpinionReportOut]


class AdoptionOut(Schema):
    level: str
    level_label: str
    kind: str
    recipient: str
    adopted_on: date
    counts: bool = Field(description="计分的最高层级采用")


class OpinionInstructionOut(Schema):
    leader_name: str
    level: str
    is_principal: bool
    text: str
    given_on: date
    feedback: str
    feedback_on: date | None


class OpinionDetailOut(OpinionOut):
    body: str
    authors: list[str]
    levels: list[LevelOut]
    adoptions: list[AdoptionOut]
    instructions: list[OpinionInstructionOut]


class OpinionPage(Schema):
    items: list[OpinionOut]
    next_after: int | None


class OpinionPageQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class QueueQuery(OpinionPageQuery):
    committee: int
    state: str | None = Field(None, description="如 received（待受理，含下级政协报送）")


class OpinionIn(Schema):
    committee: int
    title: str = Field(max_length=200)
    body: str = Field(max_length=5000, description="一事一报，一般不超过1500字，写清情况、分析、建议")
    channel: str = "member"
    unit: int | None = Field(None, description="参加单位 id（channel=unit）")
    special_committee: int | None = Field(None, description="专委会 id（channel=special）")
    coauthors: list[int] = Field(default_factory=list, max_length=20, description="联名委员的 member id")
    draft: bool = False


def _out(o: Opinion) -> OpinionOut:
    return OpinionOut(
        id=o.pk,
        committee_id=o.committee_id,
        committee=o.committee.name,
        title=o.title,
        channel=o.channel,
        state=o.state,
        state_label=o.get_state_display(),
        submitted_at=o.submitted_at,
    )


def _detail(o: Opinion) -> OpinionDetailOut:
    chain = selectors.chain(o)
    return OpinionDetailOut(
        **_out(o).model_dump(),
        body=o.body,
        authors=list(o.author_rows.values_list("member__person__name", flat=True)),
        levels=[
            LevelOut(
                committee=i.committee.name,
                level=i.committee.level,
                state=i.state,
                state_label=i.get_state_display(),
                issue=str(i.issue) if i.issue else "",
                reports=[
                    OpinionReportOut(
                        target=r.target,
                        target_name=r.target_name,
                        status=r.status,
                        status_label=r.get_status_display(),
                    )
                    for r in chain.reports_of(i)
                ],
            )
            for i in chain.items
        ],
        adoptions=[
            AdoptionOut(
                level=a.level,
                level_label=a.get_level_display(),
                kind=a.kind,
                recipient=a.recipient,
                adopted_on=a.adopted_on,
                counts=a is chain.best,
            )
            for a in chain.adoptions
        ],
        instructions=[
            OpinionInstructionOut(
                leader_name=i.leader_name,
                level=i.level,
                is_principal=i.is_principal,
                text=i.text,
                given_on=i.given_on,
                feedback=i.feedback,
                feedback_on=timezone.localdate(i.feedback_at) if i.feedback_at else None,
            )
            for i in chain.instructions
        ],
    )


@router.post(
    "items", response=OpinionDetailOut, summary="报送社情民意信息（委员、参加单位联络员、信息员、联络站）"
)
def opinion_submit(request: HttpRequest, body: OpinionIn) -> OpinionDetailOut:
    unit = (
        ParticipatingUnit.objects.filter(pk=body.unit, committee_id=body.committee).first()
        if body.unit
        else None
    )
    special = (
        SpecialCommittee.objects.filter(pk=body.special_committee, committee_id=body.committee).first()
        if body.special_committee
        else None
    )
    coauthors = list(Member.objects.filter(committee_id=body.committee, pk__in=body.coauthors))
    if len(coauthors) != len(set(body.coauthors)):
        raise HttpError(400, "联名委员须是本政协委员")
    opinion = submission.opinion_create(
        committee_id=body.committee,
        by=request.user,
        data=submission.Draft(
            title=body.title,
            body=body.body,
            channel=body.channel,
            unit=unit,
            special_committee=special,
            coauthors=coauthors,
        ),
        submit=not body.draft,
    )
    return _detail(Opinion.objects.select_related("committee").get(pk=opinion.pk))


@router.get("items/mine", response=OpinionPage, summary="我的社情民意（本人撰写、联名或报送的）")
def opinion_mine(request: HttpRequest, q: Query[OpinionPageQuery]) -> OpinionPage:
    page, next_after = keyset(selectors.mine(request.user), q.after, q.limit)
    return OpinionPage(items=[_out(o) for o in page], next_after=next_after)


@router.get("items/{opinion_id}", response=OpinionDetailOut, summary="信息详情与各级办理、采用、批示情况")
def opinion_detail(request: HttpRequest, opinion_id: int) -> OpinionDetailOut:
    return _detail(
        get_opinion_for_user(request.user, opinion_id, Opinion.objects.select_related("committee"))
    )


@router.get("queue", response=OpinionPage, summary="信息中心待办（含下级政协报送的信息）")
def opinion_queue(request: HttpRequest, q: Query[QueueQuery]) -> OpinionPage:
    if not is_info_staff(request.user, q.committee):
        raise HttpError(404, "未找到该政协")
    if q.state is not None and q.state not in Opinion.State.values:
        raise HttpError(400, "状态代码无效")
    rows = selectors.queue(q.committee, {"state": q.state} if q.state else {})
    page, next_after = keyset(rows, q.after, q.limit)
    return OpinionPage(items=[_out(o) for o in page], next_after=next_after)


@router.post("items/{opinion_id}/accept", response=OpinionOut, summary="受理（信息中心）")
def opinion_accept(request: HttpRequest, opinion_id: int) -> OpinionOut:
    opinion = get_opinion_for_user(request.user, opinion_id, Opinion.objects.select_related("committee"))
    editing.opinion_accept(opinion=opinion, by=request.user)
    return _out(opinion)
