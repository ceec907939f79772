"""Pages of special supervisors' reports: the supervisor's own page (his or her departments, the
reports written and the form to write one), the office's list to review, and one report with the
office's review (send to the department, or return) or the supervisor's revision."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import require_role, roles_in

from . import supervisor_reports as services
from .models import SupervisorReport
from .workbench import REPORT_TASKS, SUPERVISOR_TASKS


@login_required
def supervise(request: HttpRequest) -> HttpResponse:
    """A member's page as a special supervisor: the departments, the reports, a new report."""
    committee_id = require_role(request, Role.MEMBER)
    user: Any = request.user
    appointments = list(services.appointments_of(user, committee_id).select_related("unit").order_by("id"))
    reports = (
        SupervisorReport.objects.filter(
            committee_id=committee_id, supervisor__member__person__user_id=user.pk
        )
        .select_related("supervisor__unit")
        .order_by("-submitted_at", "-id")
    )
    task = SUPERVISOR_TASKS.chosen(request)
    if task is not None and task.key == "to_revise":
        reports = reports.filter(pk__in=task.rows(user, committee_id).values("pk"))
    if task is not None and task.key == "to_write":
        waiting = set(task.rows(user, committee_id).values_list("pk", flat=True))
        appointments = [a for a in appointments if a.pk in waiting]
    context = {"appointments": appointments, "reports": list(reports[:100]), "task": task}
    return render(request, "workplans/supervise.html", context)


@login_required
@require_POST
def supervise_submit(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.MEMBER)
    raw = request.POST.get("supervisor", "")
    supervisor = (
        services.appointments_of(request.user, committee_id).select_related("unit").filter(pk=raw).first()
        if raw.isdigit()
        else None
    )
    if supervisor is None:
        messages.error(request, "请选择监督的部门")
        return redirect("workplans:supervise")
    attempt(
        request,
        lambda: services.report_submit(
            supervisor=supervisor,
            by=request.user,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        ),
        "报告已报送，等待办公室审阅",
    )
    return redirect("workplans:supervise")


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The office's list of special supervisors' reports."""
    committee_id = require_role(request, Role.ACTIVITY_STAFF, Role.LEADER)
    rows = SupervisorReport.objects.filter(committee_id=committee_id).select_related(
        "supervisor__member__person", "supervisor__unit"
    )
    task = REPORT_TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    context: dict[str, Any] = {"page": keyset_page(request, rows), "task": task}
    return render_page(request, "workplans/reports.html", context)


def _report(request: HttpRequest, pk: int) -> SupervisorReport:
    report = (
        services.reports_of(request.user, request.committee_id)  # type: ignore[attr-defined]
        .filter(pk=pk)
        .select_related("supervisor__member__person", "supervisor__unit", "finding")
        .first()
    )
    if report is None:
        raise Http404
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    roles = roles_in(request.user, report.committee_id)
    own = report.supervisor.member.person.user_id == request.user.pk
    context = {"r": report, "is_staff": Role.ACTIVITY_STAFF in roles, "own": own}
    return render(request, "workplans/report.html", context)


@login_required
@require_POST
def report_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = _report(request, pk)
    by, post = request.user, request.POST
    if action == "revise":
        attempt(
            request,
            lambda: services.report_revise(
                report=report, by=by, title=post.get("title", ""), body=post.get("body", "")
            ),
            "已重新报送",
        )
    elif action == "return":
        attempt(
            request, lambda: services.report_return(report=report, by=by, note=post.get("note", "")), "已退回"
        )
    elif action == "forward":
        try:
            due = date.fromisoformat(post.get("due_on", ""))
        except ValueError:
            messages.error(request, "请填写答复期限")
            return redirect("workplans:report", report.pk)
        attempt(request, lambda: services.report_forward(report=report, by=by, due_on=due), "已转送部门")
    else:
        raise Http404
    return redirect("workplans:report", report.pk)
