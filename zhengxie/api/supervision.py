"""/api/v1/supervision/: supervision items for handling units' own OA systems and for the office —
list and read items, sign for them, report progress, ask for an extension, report completion.
Scoped like the pages: an item outside the caller's reach is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.org.scope import has_role
from zhengxie.supervision import selectors
from zhengxie.supervision.models import Item
from zhengxie.supervision.permissions import OFFICE_ROLES, UNIT_ROLES, get_item_for_user, items_visible
from zhengxie.supervision.services import extensions, items, progress

from .paging import keyset

router = Router(tags=["督查督办"])


class ItemOut(Schema):
    id: int
    committee_id: int
    number: str
    title: str
    source: str
    lead_unit: str
    state: str = Field(description="状态代码，如 issued（待签收）、in_progress（办理中）")
    state_label: str
    colour: str = Field(description="预警：green/blue/yellow/red，空表示不在承办单位手中")
    due_on: date
    original_due_on: date
    progress: int
    next_report_on: date | None


class ProgressReportOut(Schema):
    percent: int
    text: str
    reported_at: datetime


class ItemTimelineOut(Schema):
    at: datetime
    actor: str
    action: str


class ItemDetailOut(ItemOut):
    content: str
    requirement: str
    co_units: list[str]
    reports: list[ProgressReportOut]
    timeline: list[ItemTimelineOut]


class ItemPage(Schema):
    items: list[ItemOut]
    next_after: int | None


class ItemQuery(Schema):
    committee: int
    bucket: str | None = Field(None, description="承办单位分类：to_sign / in_progress / reported / done")
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class ProgressIn(Schema):
    percent: int = Field(ge=0, le=100)
    text: str = Field(max_length=5000)


class ItemExtensionIn(Schema):
    new_due_on: date
    reason: str = Field(max_length=2000)
    progress_text: str = Field(max_length=2000)


class CompletionIn(Schema):
    text: str = Field(max_length=10000)


def _out(item: Item) -> ItemOut:
    return ItemOut(
        id=item.pk,
        committee_id=item.committee_id,
        number=item.number,
        title=item.title,
        source=item.source.name,
        lead_unit=item.lead_unit.name,
        state=item.state,
        state_label=item.get_state_display(),
        colour=item.colour,
        due_on=item.due_on,
        original_due_on=item.original_due_on,
        progress=item.progress,
        next_report_on=item.next_report_on,
    )


@router.get("items", response=ItemPage, summary="督办事项（承办单位：本单位的；督办处、领导：本政协全部）")
def item_list(request: HttpRequest, q: Query[ItemQuery]) -> ItemPage:
    if not has_role(request.user, q.committee, *(OFFICE_ROLES | UNIT_ROLES)):
        raise HttpError(404, "未找到该政协")
    if q.bucket is not None and q.bucket not in selectors.UNIT_BUCKETS:
        raise HttpError(400, "分类只能是 to_sign、in_progress、reported、done")
    rows = items_visible(request.user, Item.objects.filter(committee_id=q.committee))
    if q.bucket:
        rows = rows.filter(state__in=selectors.UNIT_BUCKETS[q.bucket][1])
    rows = rows.select_related("source", "lead_unit")
    page, next_after = keyset(rows, q.after, q.limit)
    return ItemPage(items=[_out(i) for i in page], next_after=next_after)


def _item(request: HttpRequest, item_id: int) -> Item:
    return get_item_for_user(request.user, item_id, Item.objects.select_related("source", "lead_unit"))


@router.get("items/{item_id}", response=ItemDetailOut, summary="督办事项详情（含进度报告与办理过程）")
def item_detail(request: HttpRequest, item_id: int) -> ItemDetailOut:
    item = _item(request, item_id)
    base = _out(item).model_dump()
    return ItemDetailOut(
        **base,
        content=item.content,
        requirement=item.requirement,
        co_units=[u.name for u in item.co_units.all()],
        reports=[
            ProgressReportOut(percent=r.percent, text=r.text, reported_at=r.reported_at)
            for r in item.reports.all()
        ],
        timeline=[ItemTimelineOut(at=e.at, actor=e.actor, action=e.action) for e in selectors.timeline(item)],
    )


@router.post("items/{item_id}/sign", response=ItemOut, summary="签收")
def item_sign(request: HttpRequest, item_id: int) -> ItemOut:
    item = _item(request, item_id)
    items.item_sign(item=item, by=request.user)
    return _out(item)


@router.post("items/{item_id}/progress", response=ItemOut, summary="报送进度")
def item_progress(request: HttpRequest, item_id: int, body: ProgressIn) -> ItemOut:
    item = _item(request, item_id)
    progress.progress_report(item=item, by=request.user, percent=body.percent, text=body.text)
    return _out(item)


@router.post("items/{item_id}/extension", response=ItemOut, summary="申请延期（须在办结时限前）")
def item_extension(request: HttpRequest, item_id: int, body: ItemExtensionIn) -> ItemOut:
    item = _item(request, item_id)
    extensions.extension_request(
        item=item,
        by=request.user,
        reason=body.reason,
        progress_text=body.progress_text,
        new_due_on=body.new_due_on,
    )
    return _out(item)


@router.post("items/{item_id}/completion", response=ItemOut, summary="报送办结报告")
def item_completion(request: HttpRequest, item_id: int, body: CompletionIn) -> ItemOut:
    item = _item(request, item_id)
    items.item_report_completion(item=item, by=request.user, text=body.text)
    return _out(item)
