"""The holiday calendar page: the system administrator enters each year's holidays and 调休 days."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.models import CalendarDay
from zhengxie.lib.workdays import years_needing_entry, years_to_check

from .holiday_services import calendar_day_delete, calendar_days_set
from .roles import Role
from .scope import has_role


class DaysForm(forms.Form):
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(
        label="安排",
        choices=[("0", "放假（休息）"), ("1", "调休上班")],
        coerce=lambda v: v == "1",
    )
    name = forms.CharField(label="说明", max_length=50, help_text="如：春节、国庆节调休")


def _require_sysadmin(request: HttpRequest) -> None:
    if not has_role(request.user, request.committee_id, Role.SYSADMIN):  # type: ignore[attr-defined]
        raise Http404


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    _require_sysadmin(request)
    form = DaysForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = calendar_days_set(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已录入{count}天")
            return redirect("org:holiday_list")
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else timezone.localdate().year
    context = {
        "form": form,
        "year": year,
        "entries": CalendarDay.objects.filter(day__year=year),
        "missing": years_needing_entry(years_to_check()),
        "years": [year - 1, year, year + 1],
    }
    return render(request, "org/holiday_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_sysadmin(request)
    calendar_day_delete(entry=get_object_or_404(CalendarDay, pk=pk), by=request.user)
    messages.success(request, "已删除")
    return redirect("org:holiday_list")
