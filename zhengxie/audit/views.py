"""The audit administrator's pages: search, detail, export and chain verification.
No other role reaches them (三员分立): everyone else gets 404."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib import labels
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .anchors import write_anchors
from .forms import EventFilterForm
from .models import AuditEvent
from .selectors import events_for_committee
from .services import record
from .verify import chain_label, verify_all

EXPORT_CAP = 50_000


def _committee_for_auditor(request: HttpRequest) -> int:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, Role.AUDITADMIN):
        raise Http404
    return committee_id


def _describe(event: AuditEvent) -> None:
    """The event as people read it: the action's and the record's Chinese names (lib.labels).
    The audit administrator reads the log, not the records, so nothing links to them."""
    event.action_text = labels.action_label(event.action)  # type: ignore[attr-defined]
    event.object_text = labels.record_text(event.object_type, event.object_repr)  # type: ignore[attr-defined]


def _filtered(
    request: HttpRequest, committee_id: int
) -> tuple[EventFilterForm, QuerySet[AuditEvent], dict[str, Any]]:
    form = EventFilterForm(request.GET or None)
    events = events_for_committee(committee_id).select_related("actor")
    used: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        used = {k: v for k, v in data.items() if v}
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["actor"]:
            events = events.filter(actor_name=data["actor"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["result"]:
            events = events.filter(success=data["result"] == "ok")
        if data["start"]:
            events = events.filter(
                created_at__gte=timezone.make_aware(datetime.combine(data["start"], time.min))
            )
        if data["end"]:
            end = datetime.combine(data["end"] + timedelta(days=1), time.min)
            events = events.filter(created_at__lt=timezone.make_aware(end))
    return form, events, used


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    committee_id = _committee_for_auditor(request)
    form, events, used = _filtered(request, committee_id)
    page = keyset_page(request, events)
    for e in page.items:
        _describe(e)
    record(action="audit.viewed", by=request.user, committee_id=committee_id, data={"filters": used})
    return render_page(request, "audit/event_list.html", {"form": form, "page": page})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = _committee_for_auditor(request)
    event = get_object_or_404(events_for_committee(committee_id).select_related("actor"), pk=pk)
    pretty = json.dumps(event.data, ensure_ascii=False, indent=2)
    _describe(event)
    return render(request, "audit/event_detail.html", {"event": event, "pretty": pretty})


@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    committee_id = _committee_for_auditor(request)
    _form, events, used = _filtered(request, committee_id)
    rows = [
        (
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_name,
            labels.action_label(e.action),
            labels.record_text(e.object_type, e.object_repr),
            "成功" if e.success else "失败",
            e.ip or "",
            json.dumps(e.data, ensure_ascii=False),
            e.hash,
        )
        for e in events.order_by("-id")[:EXPORT_CAP]
    ]
    record(
        action="audit.exported",
        by=request.user,
        committee_id=committee_id,
        data={"filters": used, "rows": len(rows)},
    )
    header = ("时间", "操作人", "操作", "对象", "结果", "IP", "数据", "哈希")
    name = f"审计日志-{timezone.localdate():%Y%m%d}.xlsx"
    return workbook_response(name, [("审计日志", header, rows)])


@login_required
@require_POST
def chain_verify(request: HttpRequest) -> HttpResponse:
    committee_id = _committee_for_auditor(request)
    summaries = verify_all()
    checked = sum(s.events for s in summaries)
    problem = next((s.problem for s in summaries if s.problem), None)
    record(
        action="audit.verified",
        by=request.user,
        committee_id=committee_id,
        success=problem is None,
        data={
            "checked": checked,
            "chains": len(summaries),
            "bad_chain": problem.chain if problem else None,
            "bad_event": problem.event_id if problem else None,
        },
    )
    if problem is None:
        write_anchors()
        messages.success(request, f"审计日志完整：{len(summaries)} 条审计链，已校验 {checked} 条事件")
    else:
        where = f"事件 #{problem.event_id} " if problem.event_id else ""
        messages.error(request, f"审计日志校验失败：{chain_label(problem.chain)}：{where}{problem.reason}")
    return redirect("audit:event_list")
