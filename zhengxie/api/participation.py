"""/api/v1/participation/: suggestion campaigns for members (list, read, contribute), micro-suggestions for members' phones (write, follow, rate, carry on
as a proposal draft), the office (screen and route) and handling units (answer or send back),
and studio receptions (a member records one from the phone). Scoped like the pages: outside the
caller's reach is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.org.models import HandlingUnit
from zhengxie.participation import selectors
from zhengxie.participation.models import MICRO_LENGTH, Campaign, Contribution, MicroSuggestion, Reception
from zhengxie.participation.permissions import (
    get_micro_for_user,
    get_studio_for_user,
    reads_micro,
)
from zhengxie.participation.services import campaigns as campaign_services
from zhengxie.participation.services import micro as micro_services
from zhengxie.participation.services import studios as studio_services
from zhengxie.participation.services.common import member_of

from .paging import keyset

router = Router(tags=["委员联系群众"])


class MicroOut(Schema):
    id: int
    committee_id: int
    title: str
    body: str
    place: str
    topic: str
    member: str
    state: str = Field(
        description="submitted（待甄别）/routed（办理中）/answered（已答复待评价）/rated（已办结）/declined"
    )
    state_label: str
    unit: str
    submitted_at: datetime
    screen_due_on: date
    answer_due_on: date | None
    answer: str
    answered_at: datetime | None
    rating: str = Field(description="satisfied/basic/unsatisfied，未评价为空")
    opinion_id: int | None
    proposal_id: int | None


class MicroPage(Schema):
    items: list[MicroOut]
    next_after: int | None


class MicroQuery(Schema):
    committee: int
    box: str = Field("mine", description="mine（我提出的）/office（政协办公室）/unit（本单位办理的）")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class MicroIn(Schema):
    committee: int
    title: str = Field(max_length=60)
    body: str = Field(max_length=MICRO_LENGTH, description=f"{MICRO_LENGTH}字以内")
    place: str = Field(max_length=100)
    topic: str = Field(
        description="城乡建设、交通出行、教育、医疗卫生、生态环境、社会保障、营商环境、农业农村、社会治理、其他"
    )


class RouteIn(Schema):
    unit: int
    note: str = Field("", max_length=200)


class TextIn(Schema):
    text: str = Field(max_length=2000)


class RateIn(Schema):
    rating: str = Field(description="satisfied/basic/unsatisfied")
    comment: str = Field("", max_length=200)


class ReceptionOut(Schema):
    id: int
    studio_id: int
    studio: str
    received_on: date
    visitor_kind: str
    problem: str
    action: str
    outcome: str
    outcome_label: str


class ReceptionPage(Schema):
    items: list[ReceptionOut]
    next_after: int | None


class ReceptionQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class ReceptionIn(Schema):
    received_on: date
    problem: str = Field(max_length=1000)
    action: str = Field("", max_length=1000)
    visitor_kind: str = "resident"
    visitor_name: str = Field("", max_length=50, description="加密保存，仅接待委员和工作人员可见")
    visitor_phone: str = Field("", max_length=20, description="加密保存，仅接待委员和工作人员可见")
    solved: bool = False


def _out(m: MicroSuggestion) -> MicroOut:
    return MicroOut(
        id=m.pk,
        committee_id=m.committee_id,
        title=m.title,
        body=m.body,
        place=m.place,
        topic=m.topic,
        member=m.member.person.name,
        state=m.state,
        state_label=m.get_state_display(),
        unit=m.unit.name if m.unit else "",
        submitted_at=m.submitted_at,
        screen_due_on=m.screen_due_on,
        answer_due_on=m.answer_due_on,
        answer=m.answer,
        answered_at=m.answered_at,
        rating=m.rating,
        opinion_id=m.opinion_id,
        proposal_id=m.proposal_id,
    )


def _fresh(pk: int, request: HttpRequest) -> MicroOut:
    return _out(get_micro_for_user(request.user, pk))


@router.get("micro", response=MicroPage, summary="微建议列表（我提出的、政协办公室的、本单位办理的）")
def micro_list(request: HttpRequest, q: Query[MicroQuery]) -> MicroPage:
    if q.box == "mine":
        rows = selectors.mine(request.user, q.committee)
    elif q.box == "office":
        if not reads_micro(request.user, q.committee):
            raise HttpError(404, "未找到该政协")
        rows = selectors.office_list(request.user, q.committee)
    elif q.box == "unit":
        rows = selectors.unit_all(request.user, q.committee)
    else:
        raise HttpError(400, "box 应为 mine、office 或 unit")
    page, next_after = keyset(rows, q.after, q.limit)
    return MicroPage(items=[_out(m) for m in page], next_after=next_after)


@router.post("micro", response=MicroOut, summary="提出微建议（委员）")
def micro_create(request: HttpRequest, body: MicroIn) -> MicroOut:
    micro = micro_services.micro_submit(
        committee_id=body.committee,
        by=request.user,
        data=micro_services.MicroData(title=body.title, body=body.body, place=body.place, topic=body.topic),
    )
    return _fresh(micro.pk, request)


@router.get("micro/{micro_id}", response=MicroOut, summary="微建议详情")
def micro_detail(request: HttpRequest, micro_id: int) -> MicroOut:
    return _fresh(micro_id, request)


@router.post("micro/{micro_id}/route", response=MicroOut, summary="交办（政协办公室）")
def micro_route(request: HttpRequest, micro_id: int, body: RouteIn) -> MicroOut:
    micro = get_micro_for_user(request.user, micro_id)
    unit = HandlingUnit.objects.filter(pk=body.unit, committee_id=micro.committee_id).first()
    if unit is None:
        raise HttpError(400, "请选择本政协的有效承办单位")
    micro_services.micro_route(micro=micro, by=request.user, unit=unit, note=body.note)
    return _fresh(micro_id, request)


@router.post("micro/{micro_id}/decline", response=MicroOut, summary="不予交办（政协办公室）")
def micro_decline(request: HttpRequest, micro_id: int, body: TextIn) -> MicroOut:
    micro_services.micro_decline(
        micro=get_micro_for_user(request.user, micro_id), by=request.user, reason=body.text
    )
    return _fresh(micro_id, request)


@router.post("micro/{micro_id}/answer", response=MicroOut, summary="答复（办理单位）")
def micro_answer(request: HttpRequest, micro_id: int, body: TextIn) -> MicroOut:
    micro_services.micro_answer(
        micro=get_micro_for_user(request.user, micro_id), by=request.user, answer=body.text
    )
    return _fresh(micro_id, request)


@router.post("micro/{micro_id}/return", response=MicroOut, summary="退回重新交办（办理单位）")
def micro_return(request: HttpRequest, micro_id: int, body: TextIn) -> MicroOut:
    micro_services.micro_return(
        micro=get_micro_for_user(request.user, micro_id), by=request.user, reason=body.text
    )
    return _fresh(micro_id, request)


@router.post("micro/{micro_id}/rate", response=MicroOut, summary="评价答复（提出的委员）")
def micro_rate(request: HttpRequest, micro_id: int, body: RateIn) -> MicroOut:
    micro_services.micro_rate(
        micro=get_micro_for_user(request.user, micro_id),
        by=request.user,
        rating=body.rating,
        comment=body.comment,
    )
    return _fresh(micro_id, request)


@router.post("micro/{micro_id}/to-opinion", response=MicroOut, summary="转为社情民意信息（政协办公室）")
def micro_to_opinion(request: HttpRequest, micro_id: int) -> MicroOut:
    micro_services.micro_to_opinion(micro=get_micro_for_user(request.user, micro_id), by=request.user)
    return _fresh(micro_id, request)


@router.post(
    "micro/{micro_id}/to-proposal",
    response=MicroOut,
    summary="转为提案草稿（提出的委员，或提案工作人员为委员生成）",
)
def micro_to_proposal(request: HttpRequest, micro_id: int) -> MicroOut:
    micro_services.micro_to_proposal(micro=get_micro_for_user(request.user, micro_id), by=request.user)
    return _fresh(micro_id, request)


def _reception_out(r: Reception) -> ReceptionOut:
    return ReceptionOut(
        id=r.pk,
        studio_id=r.studio_id,
        studio=r.studio.name,
        received_on=r.received_on,
        visitor_kind=r.visitor_kind,
        problem=r.problem,
        action=r.action,
        outcome=r.outcome,
        outcome_label=r.get_outcome_display(),
    )


@router.get("receptions", response=ReceptionPage, summary="我在委员工作室的接待记录")
def reception_list(request: HttpRequest, q: Query[ReceptionQuery]) -> ReceptionPage:
    if member_of(request.user, q.committee) is None:
        raise HttpError(404, "未找到该政协")
    page, next_after = keyset(selectors.my_receptions(request.user, q.committee), q.after, q.limit)
    return ReceptionPage(items=[_reception_out(r) for r in page], next_after=next_after)


@router.post("studios/{studio_id}/receptions", response=ReceptionOut, summary="登记工作室接待（入驻委员）")
def reception_create(request: HttpRequest, studio_id: int, body: ReceptionIn) -> ReceptionOut:
    studio = get_studio_for_user(request.user, studio_id)
    reception = studio_services.reception_record(
        studio=studio, by=request.user, data=studio_services.ReceptionData(**body.model_dump())
    )
    return _reception_out(reception)


class CampaignOut(Schema):
    id: int
    title: str
    description: str
    audience: str = Field(description="members（全体委员）/sector（界别委员）/public（社会公众）")
    starts_on: date
    ends_on: date
    is_open: bool


class ContributionOut(Schema):
    id: int
    body: str
    state: str = Field(description="pending（待审核）/published（已公开）/rejected（未采用）")
    author: str
    reply: str
    replied_by: str


class CampaignDetailOut(CampaignOut):
    contributions: list[ContributionOut] = Field(description="已公开的建言和本人提交的建言（最近100条）")


class CampaignQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class CampaignPage(Schema):
    items: list[CampaignOut]
    next_after: int | None


class ContributionIn(Schema):
    body: str = Field(max_length=1000)


def _campaigns(request: HttpRequest, committee_id: int) -> QuerySet[Campaign]:
    member = member_of(request.user, committee_id)
    if member is None:
        raise HttpError(404, "未找到该政协")
    return Campaign.objects.filter(committee_id=committee_id).filter(
        Q(audience__in=["members", "public"]) | Q(audience="sector", sector_id=member.sector_id)
    )


def _campaign_out(c: Campaign) -> CampaignOut:
    return CampaignOut(
        id=c.pk,
        title=c.title,
        description=c.description,
        audience=c.audience,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        is_open=c.is_open(timezone.localdate()),
    )


def _campaign_for(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or not _campaigns(request, campaign.committee_id).filter(pk=campaign.pk).exists():
        raise HttpError(404, "未找到该记录")
    return campaign


@router.get("campaigns", response=CampaignPage, summary="面向本人的建言征集（委员）")
def campaign_list(request: HttpRequest, q: Query[CampaignQuery]) -> CampaignPage:
    page, next_after = keyset(_campaigns(request, q.committee), q.after, q.limit)
    return CampaignPage(items=[_campaign_out(c) for c in page], next_after=next_after)


@router.get("campaigns/{campaign_id}", response=CampaignDetailOut, summary="征集详情与已公开的建言")
def campaign_detail(request: HttpRequest, campaign_id: int) -> CampaignDetailOut:
    campaign = _campaign_for(request, campaign_id)
    rows = (
        Contribution.objects.filter(campaign=campaign)
        .filter(Q(state="published") | Q(member__person__user_id=request.user.pk or 0))
        .select_related("member__person")
        .order_by("-id")[:100]
    )
    return CampaignDetailOut(
        **_campaign_out(campaign).model_dump(),
        contributions=[
            ContributionOut(
                id=c.pk,
                body=c.body,
                state=c.state,
                author=f"{c.member.person.name}委员" if c.member else "社会公众",
                reply=c.reply,
                replied_by=c.replied_by_name,
            )
            for c in rows
        ],
    )


@router.post(
    "campaigns/{campaign_id}/contributions", response=ContributionOut, summary="建言（委员，审核后公开）"
)
def campaign_contribute(request: HttpRequest, campaign_id: int, body: ContributionIn) -> ContributionOut:
    campaign = _campaign_for(request, campaign_id)
    row = campaign_services.contribute_as_member(campaign=campaign, by=request.user, body=body.body)
    return ContributionOut(id=row.pk, body=row.body, state=row.state, author="本人", reply="", replied_by="")
