"""/api/v1/reports/: a committee's figures for a province's big screen and other systems — the
dashboard's loop figures (`summary`) and the published proposal statistics (`proposals`). Scoped
like the reports pages: a committee's staff and leaders read it and every committee below it;
anything else is 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.org.models import Committee
from zhengxie.org.selectors import subtree_ids
from zhengxie.reports.cache import cached
from zhengxie.reports.dashboard import dashboard
from zhengxie.reports.figures import RATES, SECTIONS, Figures, loop_figures, total
from zhengxie.reports.permissions import reachable
from zhengxie.reports.proposal_stats import Line, proposal_figures

router = Router(tags=["统计报表"])


class ReportQuery(Schema):
    committee: int = Field(description="政协 id：本政协或其下级政协")
    year: int = Field(description="年度", ge=2000, le=2100)


class ReportFigureOut(Schema):
    section: str
    key: str = Field(description="计数的代码；比率为空")
    label: str
    value: int | str = Field(description="计数，或保留一位小数的百分比（无分母时为“—”）")


class ReportCountOut(Schema):
    label: str
    value: int


class ReportLateUnitOut(Schema):
    unit: str
    late: int


class ReportCommitteeOut(Schema):
    id: int
    name: str
    level: str


class SummaryOut(Schema):
    committee: ReportCommitteeOut
    year: int
    figures: list[ReportFigureOut] = Field(description="本政协各项工作的年度数字和比率")
    subtree: list[ReportFigureOut] = Field(
        description="本政协及全部下级政协的合计（无下级时与 figures 相同）"
    )
    below: list[ReportCommitteeOut]
    proposals_by_state: list[ReportCountOut] = Field(description="本年度提案按状态（领导驾驶舱）")
    red_items: int = Field(description="当前亮红灯的督办事项")
    late_units: list[ReportLateUnitOut] = Field(description="答复逾期的承办单位")


class ReportLineOut(Schema):
    label: str
    counts: list[int]
    shares: list[str] = Field(description="比例，保留一位小数")


class ProposalsOut(Schema):
    committee: ReportCommitteeOut
    year: int
    outcomes: list[ReportLineOut] = Field(
        description="收到、立案、并案、不予立案（按去向）、撤案；比例为占收到"
    )
    kinds: list[ReportLineOut] = Field(
        description="提案者类别：counts 为[收到, 立案]，shares 为[占收到, 占立案]"
    )
    categories: list[ReportLineOut] = Field(
        description="分类：counts 为[收到, 立案]，shares 为[占立案]，按立案排序"
    )
    participants: int = Field(description="参与委员（按委员编号去重，集体提案不计入个人）")
    members_in_office: int
    participation_rate: str


def _committee(request: HttpRequest, committee_id: int) -> Committee:
    if committee_id not in reachable(request.user):
        raise Http404
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        raise Http404
    return committee


def _year(year: int) -> int:
    if year > timezone.localdate().year + 1:
        raise HttpError(422, "年度超出范围")
    return year


def _figures(f: Figures) -> list[ReportFigureOut]:
    out = [
        ReportFigureOut(section=title, key=key, label=label, value=f.get(key))
        for title, keys in SECTIONS
        for key, label in keys
    ]
    out += [
        ReportFigureOut(section=s, key="", label=label, value=f.rate(num, den))
        for s, label, num, den in RATES
    ]
    return out


def _committee_out(c: Committee) -> ReportCommitteeOut:
    return ReportCommitteeOut(id=c.pk, name=c.name, level=c.level)


@router.get("summary", response=SummaryOut, summary="年度各项工作数字（领导驾驶舱、大屏）")
def summary(request: HttpRequest, q: Query[ReportQuery]) -> SummaryOut:
    committee = _committee(request, q.committee)
    year = _year(q.year)
    ids = subtree_ids(committee.pk)
    figures, _ = cached("tree-all", ids, (year,), lambda: loop_figures(ids, year))
    board, _ = cached("dashboard", [committee.pk], (), lambda: dashboard(committee.pk))
    below = Committee.objects.filter(pk__in=ids - {committee.pk}).order_by("code")
    return SummaryOut(
        committee=_committee_out(committee),
        year=year,
        figures=_figures(figures[committee.pk]),
        subtree=_figures(total(figures.values())),
        below=[_committee_out(c) for c in below],
        proposals_by_state=[
            ReportCountOut(label=label, value=value) for label, value in board.charts[0].rows
        ],
        red_items=board.red_count,
        late_units=[ReportLateUnitOut(unit=u["unit__name"], late=u["late"]) for u in board.late_units],
    )


def _lines(lines: list[Line]) -> list[ReportLineOut]:
    return [
        ReportLineOut(label=line.label, counts=list(line.counts), shares=list(line.shares)) for line in lines
    ]


@router.get("proposals", response=ProposalsOut, summary="年度提案统计（发布口径）")
def proposals(request: HttpRequest, q: Query[ReportQuery]) -> ProposalsOut:
    committee = _committee(request, q.committee)
    f = proposal_figures(committee.pk, _year(q.year))
    return ProposalsOut(
        committee=_committee_out(committee),
        year=f.year,
        outcomes=_lines(f.outcome_lines()),
        kinds=_lines(f.kind_lines()),
        categories=_lines(f.category_lines()),
        participants=f.participants,
        members_in_office=f.members_in_office,
        participation_rate=f.participation_rate,
    )
