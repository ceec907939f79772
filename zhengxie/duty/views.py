"""Members' duty pages: 我的履职 (points, minimums, ranks, entries), activity reports, the annual
duty report download and the standing member's written report. Staff pages are in
staff_views.py and rank_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.workflow import steps_from
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import get_for_user, has_role, roles_in

from . import services, services_reports, workflow
from .documents import annual_report
from .forms import CommentForm, ReportForm, StandingReportForm
from .models import ActivityReport, StandingReport
from .roles import DUTY_READERS
from .selectors import (
    describe_sources,
    entry_years,
    member_entries,
    member_of,
    minimum_status,
    same_rule_entries,
    standings,
)
from .workbench import MEMBER_TASKS


def require(request: HttpRequest, *roles: str) -> int:
    """The current committee id, if the user holds one of `roles` there; else 404."""
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, *roles):
        raise Http404
    return committee_id


def year_param(request: HttpRequest) -> int:
    """?year=, bounded to sensible years; the current year by default."""
    raw = request.GET.get("year", "")
    now = services.this_year()
    if raw.isdigit() and 2000 <= int(raw) <= now + 1:
        return int(raw)
    return now


def with_year(name: str, year: int, *args: object) -> str:
    return f"{reverse(name, args=args)}?year={year}"


def require_member(request: HttpRequest) -> Member:
    committee_id = require(request, Role.MEMBER)
    member = member_of(request.user, committee_id)
    if member is None:
        raise Http404
    return member


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    member = require_member(request)
    year = year_param(request)
    result = standings(member.committee_id, year)
    row = result.by_member().get(member.pk)
    if row is not None:
        # Items the member reports himself (交一批朋友, 合理化建议…) get their 申报 link.
        reportable = {r.code for r in result.rules if r.reportable and r.is_active}
        row.minimums = minimum_status(row, result.settings.minimums, reportable)
    page = keyset_page(request, member_entries(member.pk, year), count=False)
    describe_sources(page.items)
    reports = ActivityReport.objects.filter(member=member)
    context = {
        "member": member,
        "year": year,
        "years": entry_years(member.pk),
        "row": row,
        "own": True,
        "settings": result.settings,
        "page": page,
        "returned": reports.filter(state=ActivityReport.State.RETURNED).count(),
        "pending": reports.filter(state=ActivityReport.State.SUBMITTED).count(),
        "standing_report": (
            StandingReport.objects.filter(member=member, year=year).first() if member.is_standing else None
        ),
    }
    return render_page(request, "duty/my_record.html", context)


@login_required
def my_annual_report(request: HttpRequest) -> HttpResponse:
    member = require_member(request)
    year = year_param(request)
    return annual_report(member, year).response(f"{member.person.name}{year}年度履职报告.docx")


# --- activity reports ---------------------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    member = require_member(request)
    reports = ActivityReport.objects.filter(member=member).select_related("rule")
    task = MEMBER_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        reports = reports.filter(pk__in=task.rows(request.user, member.committee_id).values("pk"))
    page = keyset_page(request, reports)
    return render_page(request, "duty/my_reports.html", {"page": page, "task": task})


def _report_input(form: ReportForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "code": data["code"],
        "variant": data.get("variant") or "",
        "title": data["title"],
        "happened_on": data["happened_on"],
        "quantity": data["quantity"],
        "description": data["description"],
        "evidence": data["evidence"] or None,
    }


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    member = require_member(request)
    rules = services.rules_for(member.committee_id, services.this_year())
    form = ReportForm(request.POST or None, request.FILES or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            report = services_reports.report_submit(member=member, by=request.user, **_report_input(form))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已提交，等待工作人员审核")
            return redirect("duty:report_detail", pk=report.pk)
    status = 400 if form.errors else 200
    return render(request, "duty/report_form.html", {"form": form, "rules": rules}, status=status)


def _report_for(request: HttpRequest, pk: int) -> tuple[ActivityReport, bool]:
    """The report if it is the user's own or the user reads the committee's duty records."""
    qs = ActivityReport.objects.select_related("member__person", "member__sector", "rule", "reviewed_by")
    report = get_for_user(qs, request.user, pk)
    own = report.member.person.user_id == request.user.pk
    if not own and not has_role(request.user, report.committee_id, *DUTY_READERS):
        raise Http404
    return report, own


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report, own = _report_for(request, pk)
    roles = roles_in(request.user, report.committee_id)
    if not own:
        roles.discard(Role.MEMBER)  # another member's report: no member steps on it
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "approve" and form.is_valid():
                services_reports.report_approve(
                    report=report, by=request.user, roles=roles, comment=form.cleaned_data["comment"]
                )
                messages.success(request, "已审核通过，积分已记入履职档案")
            elif action == "return" and form.is_valid():
                services_reports.report_return(
                    report=report, by=request.user, roles=roles, comment=form.cleaned_data["comment"]
                )
                messages.success(request, "已退回委员修改")
            elif action == "withdraw":
                services_reports.report_withdraw(report=report, by=request.user, roles=roles)
                messages.success(request, "已撤回")
            else:
                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("duty:report_detail", pk=report.pk)
        if action in ("approve", "return"):
            return redirect("duty:review_queue")
        return redirect("duty:report_detail", pk=report.pk)
    steps = steps_from(workflow.TABLE, report.state, roles)
    context = {"report": report, "own": own, "steps": steps, "form": form}
    if "approved" in steps:
        context["same_rule"] = same_rule_entries(report)
    return render(request, "duty/report_detail.html", context)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report, own = _report_for(request, pk)
    if not own:
        raise Http404
    if report.state != ActivityReport.State.RETURNED:
        messages.error(request, "只有被退回的申报可以修改")
        return redirect("duty:report_detail", pk=report.pk)
    rules = services.rules_for(report.committee_id, report.year)
    initial = {
        "code": report.rule.code,
        "variant": report.variant,
        "title": report.title,
        "happened_on": report.happened_on,
        "quantity": report.quantity,
        "description": report.description,
    }
    form = ReportForm(request.POST or None, request.FILES or None, rules=rules, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.report_resubmit(
                report=report,
                by=request.user,
                roles=roles_in(request.user, report.committee_id),
                **_report_input(form),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已重新提交，等待审核")
            return redirect("duty:report_detail", pk=report.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "rules": rules, "report": report}
    return render(request, "duty/report_form.html", context, status=status)


@login_required
def report_evidence(request: HttpRequest, pk: int) -> FileResponse:
    report, _ = _report_for(request, pk)
    if not report.evidence:
        raise Http404
    return FileResponse(report.evidence.open("rb"), as_attachment=True, filename=report.evidence_name)


# --- standing members' annual reports -----------------------------------------------------------


@login_required
def standing_report(request: HttpRequest) -> HttpResponse:
    member = require_member(request)
    if not member.is_standing:
        raise Http404
    year = year_param(request)
    existing = StandingReport.objects.filter(member=member, year=year).first()
    form = StandingReportForm(
        request.POST or None, request.FILES or None, initial={"text": existing.text if existing else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.standing_report_submit(
                member=member,
                by=request.user,
                year=year,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"] or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{year}年度履职报告已提交")
            return redirect(f"{request.path}?year={year}")
    settings = services.year_open(committee_id=member.committee_id, year=year)
    context = {"form": form, "existing": existing, "year": year, "settings": settings}
    return render(request, "duty/standing_report.html", context, status=400 if form.errors else 200)


@login_required
def standing_report_file(request: HttpRequest, pk: int) -> FileResponse:
    report = get_for_user(StandingReport.objects.select_related("member__person"), request.user, pk)
    own = report.member.person.user_id == request.user.pk
    if not (own or has_role(request.user, report.committee_id, *DUTY_READERS)) or not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.file_name)
