"""/api/v1/duty/: the member's own duty record and activity reports (掌上履职).

A caller who is not a member of the committee asked for — a sibling county, or no membership at
all — gets 404, exactly like a committee that does not exist.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from zhengxie.duty import services, services_reports
from zhengxie.duty.models import ActivityReport
from zhengxie.duty.selectors import describe_sources, member_entries, member_of, minimum_status, standings
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .paging import keyset

router = Router(tags=["委员履职"])


class CategoryOut(Schema):
    category: str
    points: Decimal


class MinimumOut(Schema):
    label: str
    required: int
    done: int
    met: bool
    reportable: bool = Field(False, description="委员可自行申报（经工作人员审核后计入），如交友、合理化建议")


class EntryOut(Schema):
    id: int
    date: date
    code: str
    item: str
    variant: str
    quantity: int
    points: Decimal
    source: str = Field(description="得分来源（如提案、会议、申报的活动）")
    reversed: bool = Field(description="已被冲正（不再计分）")
    is_reversal: bool = Field(description="这是一条冲正记录")


class RecordOut(Schema):
    committee_id: int
    year: int
    name: str
    sector: str
    special_committee: str | None
    is_standing: bool
    total: Decimal = Field(description="原始总分（各项目按年度上限累计）")
    score: Decimal = Field(description="百分制得分")
    grade: str
    categories: list[CategoryOut]
    minimums: list[MinimumOut]
    sector_rank: int | None = Field(None, description="界别内名次（政协公布排名时才有）")
    special_rank: int | None = Field(None, description="专委会内名次（政协公布排名时才有）")
    entries: list[EntryOut]
    next_after: int | None


class RecordQuery(Schema):
    committee: int
    year: int | None = Field(None, ge=2000, le=2100)
    after: int | None = None
    limit: int = Field(50, ge=1, le=200)


class ReportIn(Schema):
    committee: int
    code: str = Field(description="可申报项目的代码，见 GET /rules")
    title: str = Field(max_length=100)
    happened_on: date
    description: str = Field(max_length=2000)
    quantity: int = Field(1, ge=1, le=20)
    variant: str = Field("", max_length=20)


class DutyReportOut(Schema):
    id: int
    code: str
    item: str
    title: str
    happened_on: date
    quantity: int
    variant: str
    description: str
    state: str
    state_label: str
    review_comment: str
    has_evidence: bool


class ReportPage(Schema):
    items: list[DutyReportOut]
    next_after: int | None


class RuleOut(Schema):
    code: str
    category: str
    item: str
    points: Decimal
    unit: str
    cap: Decimal | None
    variants: dict[str, str]
    needs_evidence: bool


class DutyPageQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


def _member(request: HttpRequest, committee_id: int) -> Member:
    member = (
        member_of(request.user, committee_id) if has_role(request.user, committee_id, Role.MEMBER) else None
    )
    if member is None:
        raise HttpError(404, "未找到该政协的委员档案")
    return member


def _report_out(r: ActivityReport) -> DutyReportOut:
    return DutyReportOut(
        id=r.pk,
        code=r.rule.code,
        item=r.rule.title,
        title=r.title,
        happened_on=r.happened_on,
        quantity=r.quantity,
        variant=r.variant,
        description=r.description,
        state=r.state,
        state_label=r.get_state_display(),
        review_comment=r.review_comment,
        has_evidence=bool(r.evidence),
    )


@router.get("me", response=RecordOut, summary="我的履职：年度积分、基本要求和履职记录")
def my_record(request: HttpRequest, q: Query[RecordQuery]) -> RecordOut:
    member = _member(request, q.committee)
    year = q.year or services.this_year()
    result = standings(member.committee_id, year)
    row = result.by_member().get(member.pk)
    if row is not None:
        reportable = {r.code for r in result.rules if r.reportable and r.is_active}
        row.minimums = minimum_status(row, result.settings.minimums, reportable)
    rows = member_entries(member.pk, year)
    if q.after:
        rows = rows.filter(id__lt=q.after)
    page = list(rows[: q.limit + 1])
    more = len(page) > q.limit
    page = page[: q.limit]
    describe_sources(page)
    published = result.settings.publish_ranks and row is not None
    return RecordOut(
        committee_id=member.committee_id,
        year=year,
        name=member.person.name,
        sector=member.sector.name,
        special_committee=member.special_committee.name if member.special_committee else None,
        is_standing=member.is_standing,
        total=row.total if row else Decimal(0),
        score=row.score if row else Decimal(0),
        grade=row.grade if row else "",
        categories=[CategoryOut(category=c, points=v) for c, v in row.categories()] if row else [],
        minimums=[
            MinimumOut(label=m.label, required=m.required, done=m.done, met=m.met, reportable=m.reportable)
            for m in row.minimums
        ]
        if row
        else [],
        sector_rank=row.sector_rank if published and row else None,
        special_rank=row.special_rank if published and row else None,
        entries=[
            EntryOut(
                id=e.pk,
                date=timezone.localdate(e.recorded_at),
                code=e.rule.code,
                item=e.rule.title,
                variant=e.variant,
                quantity=e.quantity,
                points=e.points,
                source=e.note if e.is_reversal else e.source_label,
                reversed=e.is_reversed,
                is_reversal=e.is_reversal,
            )
            for e in page
        ],
        next_after=page[-1].pk if more and page else None,
    )


@router.get("rules", response=list[RuleOut], summary="本年度可由委员申报的履职项目")
def rules(request: HttpRequest, committee: int) -> list[RuleOut]:
    member = _member(request, committee)
    return [
        RuleOut(
            code=r.code,
            category=r.get_category_display(),
            item=r.title,
            points=r.points,
            unit=r.unit,
            cap=r.cap,
            variants=r.variants,
            needs_evidence=r.needs_evidence,
        )
        for r in services.rules_for(member.committee_id, services.this_year())
        if r.reportable and r.is_active
    ]


@router.get("reports", response=ReportPage, summary="我的履职活动申报（按 id 倒序翻页）")
def my_reports(request: HttpRequest, q: Query[DutyPageQuery]) -> ReportPage:
    member = _member(request, q.committee)
    rows = ActivityReport.objects.filter(member=member).select_related("rule")
    page, next_after = keyset(rows, q.after, q.limit)
    return ReportPage(items=[_report_out(r) for r in page], next_after=next_after)


@router.get("reports/{int:report_id}", response=DutyReportOut, summary="一项申报")
def my_report(request: HttpRequest, report_id: int) -> DutyReportOut:
    report = (
        ActivityReport.objects.filter(pk=report_id, member__person__user_id=request.user.pk or 0)
        .select_related("rule")
        .first()
    )
    if report is None or not has_role(request.user, report.committee_id, Role.MEMBER):
        raise HttpError(404, "未找到该记录")
    return _report_out(report)


@router.post(
    "reports",
    response={201: DutyReportOut},
    summary="申报履职活动（JSON；须附证明材料的项目请用 /reports/upload）",
)
def submit_report(request: HttpRequest, payload: ReportIn) -> Status[DutyReportOut]:
    member = _member(request, payload.committee)
    report = services_reports.report_submit(
        member=member,
        by=request.user,
        code=payload.code,
        title=payload.title,
        happened_on=payload.happened_on,
        description=payload.description,
        quantity=payload.quantity,
        variant=payload.variant,
    )
    return Status(201, _report_out(report))


@router.post(
    "reports/upload", response={201: DutyReportOut}, summary="申报履职活动并上传证明材料（multipart）"
)
def submit_report_with_evidence(
    request: HttpRequest, payload: Form[ReportIn], evidence: File[UploadedFile]
) -> Status[DutyReportOut]:
    member = _member(request, payload.committee)
    report = services_reports.report_submit(
        member=member,
        by=request.user,
        code=payload.code,
        title=payload.title,
        happened_on=payload.happened_on,
        description=payload.description,
        quantity=payload.quantity,
        variant=payload.variant,
        evidence=evidence,
    )
    return Status(201, _report_out(report))
