"""Staff pages of duty records: the review queue, attendance sheets, rules and settings of a
year, a member's ledger (with reversal and manual scoring) and standing members' reports.
Activity staff write; leaders read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.longwork import latest_for
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Member
from zhengxie.org.scope import get_for_user, has_role

from . import services, services_attendance
from .documents import annual_report
from .forms import AwardForm, LineFilterForm, ReverseForm, RuleCreateForm, RuleForm, SettingsForm, SheetForm
from .models import ActivityReport, AttendanceLine, AttendanceSheet, PointEntry, Rule, StandingReport
from .roles import DUTY_READERS, DUTY_STAFF
from .selectors import attendance_elsewhere, describe_sources, member_entries, standings
from .views import require, with_year, year_param

MEMBER_FIELDS = ("person", "sector", "special_committee")


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_READERS)
    state = request.GET.get("state", ActivityReport.State.SUBMITTED)
    if state not in ActivityReport.State.values:
        state = ActivityReport.State.SUBMITTED
    reports = ActivityReport.objects.filter(committee_id=committee_id, state=state).select_related(
        "member__person", "member__sector", "rule"
    )
    page = keyset_page(request, reports)
    context = {"page": page, "state": state, "states": ActivityReport.State.choices}
    return render_page(request, "duty/review_queue.html", context)


# --- attendance ---------------------------------------------------------------------------------


@login_required
def sheet_list(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_READERS)
    page = keyset_page(request, AttendanceSheet.objects.filter(committee_id=committee_id))
    can_edit = has_role(request.user, committee_id, *DUTY_STAFF)
    return render_page(request, "duty/sheet_list.html", {"page": page, "can_edit": can_edit})


@login_required
def sheet_create(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_STAFF)
    form = SheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services_attendance.sheet_create(
                committee_id=committee_id, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("duty:sheet_detail", pk=sheet.pk)
    return render(request, "duty/sheet_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet's members (filtered by sector, special committee or name) with a status each;
    saving records the whole page at once."""
    sheet = get_for_user(AttendanceSheet.objects.all(), request.user, pk, roles=DUTY_READERS)
    can_edit = has_role(request.user, sheet.committee_id, *DUTY_STAFF)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        statuses: dict[int, str] = {}
        for key in request.POST:
            if key.startswith("m") and key[1:].isdigit():
                statuses[int(key[1:])] = request.POST.get(key, "")
        try:
            counts = services_attendance.sheet_record(sheet=sheet, statuses=statuses, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已保存：新增{counts['added']}人，更正{counts['changed']}人，清除{counts['cleared']}人",
            )
        return redirect(request.get_full_path())
    form = LineFilterForm(request.GET or None, committee_id=sheet.committee_id)
    members = Member.objects.filter(committee_id=sheet.committee_id, is_active=True).select_related(
        *MEMBER_FIELDS
    )
    if sheet.kind == AttendanceSheet.Kind.STANDING:
        members = members.filter(is_standing=True)
    if form.is_valid():
        data = form.cleaned_data
        if data["sector"]:
            members = members.filter(sector=data["sector"])
        if data["special"]:
            members = members.filter(special_committee=data["special"])
        if data["q"]:
            members = members.filter(person__name__contains=data["q"])
    page = keyset_page(request, members, page_size=100)
    lines = dict(
        AttendanceLine.objects.filter(sheet=sheet, member_id__in=[m.pk for m in page.items]).values_list(
            "member_id", "status"
        )
    )
    for m in page.items:
        m.attendance = lines.get(m.pk, "")  # type: ignore[attr-defined]
    summary = dict(
        (status, n)
        for status, n in AttendanceLine.objects.filter(sheet=sheet)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    context = {
        "sheet": sheet,
        "form": form,
        "page": page,
        "can_edit": can_edit,
        "statuses": AttendanceLine.Status.choices,
        "summary": [(label, summary.get(value, 0)) for value, label in AttendanceLine.Status.choices],
        "rules": services_attendance.KIND_RULES[sheet.kind],
        "elsewhere": attendance_elsewhere(sheet.committee_id, sheet.held_on),
    }
    return render_page(request, "duty/sheet_detail.html", context)


# --- rules and settings -------------------------------------------------------------------------


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_READERS)
    year = year_param(request)
    rules = services.rules_for(committee_id, year)  # one committee-year: about thirty rows
    can_edit = has_role(request.user, committee_id, *DUTY_STAFF) and year >= services.this_year()
    now = services.this_year()
    context = {"rules": rules, "year": year, "years": range(now + 1, now - 10, -1), "can_edit": can_edit}
    context["long_task"] = latest_for(request.user, services.rescore_job, committee_id) if can_edit else None
    return render(request, "duty/rule_list.html", context)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_for_user(Rule.objects.all(), request.user, pk, roles=DUTY_STAFF)
    form = RuleForm(request.POST or None, initial=RuleForm.initial_for(rule))
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(rule=rule, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            again = "；本年度已记入的积分正在按新分值重新计算，进度见下方" if rule.rescoring else ""
            messages.success(request, f"已保存 {rule.code} {rule.title}{again}")
            return redirect(with_year("duty:rule_list", rule.year))
    context = {"form": form, "rule": rule}
    return render(request, "duty/rule_form.html", context, status=400 if form.errors else 200)


@login_required
def rule_create(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_STAFF)
    year = year_param(request)
    form = RuleCreateForm(request.POST or None, initial={"is_active": True, "split": "full", "unit": "次"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        try:
            services.rule_create(committee_id=committee_id, year=year, code=code, by=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新增 {code.upper()}")
            return redirect(with_year("duty:rule_list", year))
    context = {"form": form, "year": year}
    return render(request, "duty/rule_form.html", context, status=400 if form.errors else 200)


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    committee_id = require(request, *DUTY_READERS)
    year = year_param(request)
    settings = services.year_open(committee_id=committee_id, year=year)
    can_edit = has_role(request.user, committee_id, *DUTY_STAFF) and year >= services.this_year()
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(settings))
    if request.method == "POST":
        if not has_role(request.user, committee_id, *DUTY_STAFF):
            raise Http404
        if form.is_valid():
            try:
                services.settings_update(settings=settings, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"{year}年度设置已保存")
                return redirect(f"{request.path}?year={year}")
    context = {"form": form, "settings": settings, "year": year, "can_edit": can_edit}
    return render(request, "duty/settings.html", context, status=400 if form.errors else 200)


# --- one member's ledger ------------------------------------------------------------------------


def _member(request: HttpRequest, pk: int) -> Member:
    qs = Member.objects.select_related(*MEMBER_FIELDS, "committee")
    return get_for_user(qs, request.user, pk, roles=DUTY_READERS)


@login_required
def member_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    year = year_param(request)
    can_edit = has_role(request.user, member.committee_id, *DUTY_STAFF)
    result = standings(member.committee_id, year)
    row = result.by_member().get(member.pk)
    page = keyset_page(request, member_entries(member.pk, year), count=False)
    describe_sources(page.items, staff=True)
    rules = services.rules_for(member.committee_id, year)
    context = {
        "member": member,
        "year": year,
        "row": row,
        "settings": result.settings,
        "page": page,
        "can_edit": can_edit,
        "award_form": AwardForm(rules=rules),
        "reverse_form": ReverseForm(),
    }
    return render_page(request, "duty/member_ledger.html", context)


@login_required
@require_POST
def member_award(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff score a member by hand (e.g. a commendation or a speech), with the reason as note."""
    member = _member(request, pk)
    if not has_role(request.user, member.committee_id, *DUTY_STAFF):
        raise Http404
    year = year_param(request)
    form = AwardForm(request.POST, rules=services.rules_for(member.committee_id, year))
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            services.record_points(
                member=member,
                code=data["code"],
                source=None,
                by=request.user,
                year=year,
                quantity=data["quantity"],
                variant=data["variant"],
                note=data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已记分")
    return redirect(with_year("duty:member_ledger", year, member.pk))


@login_required
@require_POST
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user(PointEntry.objects.all(), request.user, pk, roles=DUTY_STAFF)
    form = ReverseForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写冲正原因")
        services.entry_reverse(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
    except (DomainError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", "操作未能完成"))
    else:
        messages.success(request, "已冲正，原记录保留在档案中")
    return redirect(with_year("duty:member_ledger", entry.year, entry.member_id))


@login_required
def member_annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    year = year_param(request)
    return annual_report(member, year).response(f"{member.person.name}{year}年度履职报告.docx")


# --- standing members' reports ------------------------------------------------------------------


@login_required
def standing_reports(request: HttpRequest) -> HttpResponse:
    """Every standing member with the year's report, or its absence."""
    committee_id = require(request, *DUTY_READERS)
    year = year_param(request)
    settings = services.year_open(committee_id=committee_id, year=year)
    members = Member.objects.filter(
        committee_id=committee_id, is_active=True, is_standing=True
    ).select_related(*MEMBER_FIELDS)
    page = keyset_page(request, members, page_size=50)
    reports = {r.member_id: r for r in StandingReport.objects.filter(year=year, member__in=page.items)}
    for m in page.items:
        m.report = reports.get(m.pk)  # type: ignore[attr-defined]
    submitted = StandingReport.objects.filter(committee_id=committee_id, year=year).count()
    context = {"page": page, "year": year, "settings": settings, "submitted": submitted}
    return render_page(request, "duty/standing_reports.html", context)
