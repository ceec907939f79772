"""/api/v1/workplans/: the year's work plans and democratic-supervision findings, read on the
phone — the committee's year plans with their items and what became of them, and the findings the
caller may see (the office all of its committee's, a department its own). Read only; every write
stays on the pages.

`committee` names the committee the caller acts for; scope is the pages': plans for the office
(activity staff, leaders), findings for the office and the department's own accounts, 404 for
anyone else."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.org.roles import UNIT_ROLES
from zhengxie.org.scope import has_role, roles_in, unit_ids
from zhengxie.workplans.models import Finding, Item, YearPlan

from .paging import keyset

router = Router(tags=["年度工作计划与民主监督"])


class WorkplanCommitteeQuery(Schema):
    committee: int = Field(description="代表哪个政协查看")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class WorkplanItemOut(Schema):
    id: int
    plan: str = Field(description="inspection 视察调研计划 / supervision 民主监督计划")
    plan_label: str
    form_label: str
    title: str
    lead: str = Field(description="牵头专委会")
    month: int
    target: str
    activity_id: int | None = Field(description="安排的活动；未安排为空")
    activity_state: str = Field(description="planned 筹备中 / held 已举行 / cancelled 已取消；未安排为空")


class YearPlanOut(Schema):
    id: int
    year: int
    state: str
    state_label: str
    items: list[WorkplanItemOut]


class YearPlanPage(Schema):
    items: list[YearPlanOut]
    next_after: int | None


class FindingOut(Schema):
    id: int
    title: str
    unit: str
    due_on: date
    state: str = Field(description="sent 待部门答复 / replied 部门已答复 / rated 已评价")
    state_label: str
    overdue: bool
    body: str
    reply: str
    rating_label: str
    result: str = Field(description="领导批示转督办后的落实情况")


class FindingPage(Schema):
    items: list[FindingOut]
    next_after: int | None


def _item_out(i: Item) -> WorkplanItemOut:
    return WorkplanItemOut(
        id=i.pk, plan=i.plan, plan_label=i.get_plan_display(), form_label=i.get_form_display(), title=i.title,
        lead=i.lead.name, month=i.month, target=i.target, activity_id=i.activity_id,
        activity_state=i.activity.state if i.activity is not None else "",
    )  # fmt: skip


@router.get("", response=YearPlanPage, summary="本会年度视察调研计划和民主监督计划（含项目及完成情况）")
def plan_list(request: HttpRequest, q: Query[WorkplanCommitteeQuery]) -> YearPlanPage:
    if not has_role(request.user, q.committee, *OFFICE_ROLES):
        raise HttpError(404, "未找到该政协")
    rows = YearPlan.objects.filter(committee_id=q.committee)
    page, next_after = keyset(rows, q.after, q.limit)
    by_plan: dict[int, list[WorkplanItemOut]] = {p.pk: [] for p in page}
    for item in (
        Item.objects.filter(year_plan__in=list(by_plan))
        .select_related("lead", "activity")
        .order_by("plan", "month", "id")
    ):
        by_plan[item.year_plan_id].append(_item_out(item))
    return YearPlanPage(
        items=[
            YearPlanOut(
                id=p.pk, year=p.year, state=p.state, state_label=p.get_state_display(), items=by_plan[p.pk]
            )
            for p in page
        ],
        next_after=next_after,
    )


@router.get("findings", response=FindingPage, summary="民主监督意见（办公室：全部；部门：本部门的）")
def finding_list(request: HttpRequest, q: Query[WorkplanCommitteeQuery]) -> FindingPage:
    roles = roles_in(request.user, q.committee)
    if not roles & (OFFICE_ROLES | UNIT_ROLES):
        raise HttpError(404, "未找到该政协")
    rows = Finding.objects.filter(committee_id=q.committee).select_related("unit")
    if not roles & OFFICE_ROLES:
        rows = rows.filter(Q(unit_id__in=unit_ids(request.user, q.committee)))
    page, next_after = keyset(rows, q.after, q.limit)
    today = timezone.localdate()
    return FindingPage(
        items=[
            FindingOut(
                id=f.pk,
                title=f.title,
                unit=f.unit.name,
                due_on=f.due_on,
                state=f.state,
                state_label=f.get_state_display(),
                overdue=f.state == Finding.State.SENT and f.due_on < today,
                body=f.body,
                reply=f.reply,
                rating_label=f.get_rating_display() if f.rating else "",
                result=f.result,
            )
            for f in page
        ],
        next_after=next_after,
    )
