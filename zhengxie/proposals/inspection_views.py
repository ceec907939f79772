"""三办督导组 pages: the office's groups and visits (staff plan and record, leaders read), one
visit's page (the unit's clerk replies there) and the unit's own list of findings. Anyone
outside the committee's office or the inspected unit gets 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import assignments, has_role, require_role

from .models import Assignment, InspectionGroup, InspectionMember, InspectionVisit
from .permissions import OFFICE_ROLES, user_units, visits_visible
from .services import inspections
from .unit_workbench import INSPECTION_TASKS

V = InspectionVisit.State


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _year(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
def inspections_list(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    is_staff = has_role(request.user, committee_id, Role.PROPOSAL_STAFF)
    year = _year(request.GET.get("year")) or timezone.localdate().year
    status = 200
    if request.method == "POST":
        if not is_staff:
            raise Http404
        try:
            group = inspections.group_create(
                committee_id=committee_id,
                by=request.user,
                year=_year(request.POST.get("year")),
                name=request.POST.get("name", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, "督导组已成立，请添加成员并安排督导")
            return redirect("proposals:inspection_group", group.pk)
    task = INSPECTION_TASKS.chosen(request)
    show = "" if task else request.GET.get("show", "")
    if task is not None:
        rows = task.rows(request.user, committee_id)
    elif show in V.values or show == "":
        rows = InspectionVisit.objects.filter(committee_id=committee_id, group__year=year)
        rows = rows.filter(state=show) if show else rows
    else:
        raise Http404
    groups = InspectionGroup.objects.filter(committee_id=committee_id, year=year).annotate(
        n_members=Count("members", distinct=True), n_visits=Count("visits", distinct=True)
    )
    context = {
        "page": keyset_page(request, rows.select_related("unit", "group")),
        "groups": groups,
        "year": year,
        "show": show,
        "task": task,
        "states": V.choices,
        "is_staff": is_staff,
    }
    return render_page(request, "proposals/inspections.html", context, status=status)


@login_required
def inspection_group(request: HttpRequest, pk: int) -> HttpResponse:
    office = {c for c, r, _ in assignments(request.user) if r in OFFICE_ROLES}
    group = InspectionGroup.objects.filter(pk=pk, committee_id__in=office).first()
    if group is None:
        raise Http404
    is_staff = has_role(request.user, group.committee_id, Role.PROPOSAL_STAFF)
    status = 200
    if request.method == "POST":
        if not is_staff:
            raise Http404
        try:
            if request.POST.get("action") == "member":
                inspections.member_add(
                    group=group,
                    by=request.user,
                    name=request.POST.get("name", ""),
                    office=request.POST.get("office", ""),
                    title=request.POST.get("title", ""),
                )
                messages.success(request, "成员已添加")
            else:
                visit = inspections.visit_plan(
                    group=group,
                    by=request.user,
                    unit_id=_year(request.POST.get("unit")),
                    visit_on=_date(request.POST.get("visit_on", "")),
                )
                messages.success(request, "督导已安排，可选择要查看的提案")
                return redirect("proposals:inspection_visit", visit.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect("proposals:inspection_group", group.pk)
    context = {
        "group": group,
        "members": group.members.all(),
        "visits": group.visits.select_related("unit").order_by("visit_on", "id"),
        "units": HandlingUnit.objects.filter(committee_id=group.committee_id).order_by("name"),
        "offices": InspectionMember.Office.choices,
        "is_staff": is_staff,
    }
    return render(request, "proposals/inspection_group.html", context, status=status)


@login_required
def inspection_visit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visits_visible(request.user).select_related("unit", "group", "findings_by", "replied_by")
    row = visit.filter(pk=pk).first()
    if row is None:
        raise Http404
    is_staff = has_role(request.user, row.committee_id, Role.PROPOSAL_STAFF)
    is_unit = row.unit_id in user_units(request.user, row.committee_id)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if (action == "reply" and not is_unit) or (action in ("proposals", "findings") and not is_staff):
            raise Http404
        try:
            if action == "proposals":
                ids = [int(v) for v in request.POST.getlist("proposals") if v.isdigit()]
                inspections.visit_proposals_set(visit=row, by=request.user, proposal_ids=ids)
                messages.success(request, "查看的提案已保存")
            elif action == "findings":
                inspections.findings_record(
                    visit=row,
                    by=request.user,
                    findings=request.POST.get("findings", ""),
                    rating=request.POST.get("rating", ""),
                    reply_due=_date(request.POST.get("reply_due", "")),
                )
                messages.success(request, "督导意见已记录，已通知被督导单位")
            elif action == "reply":
                inspections.reply_record(visit=row, by=request.user, reply=request.POST.get("reply", ""))
                messages.success(request, "回复已送政协提案委")
            else:
                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect("proposals:inspection_visit", row.pk)
    picked = list(row.proposals.order_by("id").values_list("pk", "number", "title"))
    choices: list[tuple[int, str, str]] = []
    if is_staff and row.state == V.PLANNED:
        choices = list(
            Assignment.objects.filter(committee_id=row.committee_id, unit_id=row.unit_id)
            .exclude(state=Assignment.State.WITHDRAWN)
            .order_by("proposal_id")
            .values_list("proposal_id", "proposal__number", "proposal__title")[:300]
        )
    context = {
        "row": row,
        "picked": picked,
        "picked_ids": {pk for pk, _, _ in picked},
        "choices": choices,
        "ratings": InspectionVisit.Rating.choices,
        "can_record": is_staff and row.state == V.PLANNED,
        "can_reply": is_unit and row.state == V.AWAITING,
        "today": timezone.localdate(),
    }
    return render(request, "proposals/inspection_visit.html", context, status=status)


@login_required
def inspection_unit(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *UNIT_ROLES)
    task = INSPECTION_TASKS.chosen(request)
    if task is not None and task.key != "to_reply":
        raise Http404
    rows = (
        task.rows(request.user, committee_id)
        if task
        else InspectionVisit.objects.filter(
            committee_id=committee_id, unit_id__in=user_units(request.user, committee_id)
        )
    )
    context = {"page": keyset_page(request, rows.select_related("unit", "group")), "task": task}
    return render_page(request, "proposals/inspection_unit.html", context)
