"""Pages of democratic supervision: the findings (the office sees all, a department its own), one
finding with the department's reply, the office's rating and the hand-over to supervision, and the
special supervisors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.forms import CommitteeForm, MemberChoice, _members
from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import require_role, roles_in, unit_ids
from zhengxie.org.selectors import below_office

from . import supervision as services
from .models import Finding, Item, Supervisor
from .workbench import FINDING_TASKS

DATE = forms.DateInput(attrs={"type": "date"})


class SendForm(CommitteeForm):
    unit = forms.ModelChoiceField(label="部门", queryset=HandlingUnit.objects.all())
    item = forms.ModelChoiceField(
        label="民主监督计划项目", queryset=Item.objects.filter(plan="supervision"), required=False
    )
    supervisor = forms.ModelChoiceField(
        label="特约监督员报告", queryset=Supervisor.objects.all(), required=False
    )
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="监督意见", widget=forms.Textarea(attrs={"rows": 5}))
    due_on = forms.DateField(label="答复期限", widget=DATE)


class SupervisorForm(CommitteeForm):
    member = MemberChoice(label="委员", queryset=_members())
    unit = forms.ModelChoiceField(label="监督部门", queryset=HandlingUnit.objects.all())


def _reach(request: HttpRequest) -> tuple[int, bool, set[int]]:
    committee_id = require_role(request, *OFFICE_ROLES, *UNIT_ROLES)
    office = bool(roles_in(request.user, committee_id) & OFFICE_ROLES)
    return committee_id, office, unit_ids(request.user, committee_id)


def _visible(committee_id: int, office: bool, units: set[int]) -> Any:
    rows = Finding.objects.filter(committee_id=committee_id)
    return rows if office else rows.filter(Q(unit_id__in=units))


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    committee_id, office, units = _reach(request)
    staff = Role.ACTIVITY_STAFF in roles_in(request.user, committee_id)
    rows = _visible(committee_id, office, units).select_related("unit")
    task = FINDING_TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    context: dict[str, Any] = {
        "page": keyset_page(request, rows),
        "task": task,
        "is_staff": staff,
        "today": timezone.localdate(),
    }
    if staff:
        context["send_form"] = SendForm(committee_id=committee_id)
        context["supervisor_form"] = SupervisorForm(committee_id=committee_id)
        context["supervisors"] = list(
            Supervisor.objects.filter(committee_id=committee_id, is_active=True).select_related(
                "member__person", "unit"
            )[:200]
        )
    return render_page(request, "workplans/findings.html", context)


@login_required
@require_POST
def findings_act(request: HttpRequest, action: str) -> HttpResponse:
    committee_id = require_role(request, Role.ACTIVITY_STAFF)
    by = request.user
    if action == "send":
        form: Any = SendForm(request.POST, committee_id=committee_id)
        if form.is_valid():
            try:
                finding = services.finding_send(committee_id=committee_id, by=by, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已送达部门")
                return redirect("workplans:finding", finding.pk)
        else:
            messages.error(request, "请填写部门、标题、监督意见和答复期限")
    elif action == "supervisor":
        form = SupervisorForm(request.POST, committee_id=committee_id)
        if form.is_valid() and len(form.cleaned_data["member"]) == 1:
            d = form.cleaned_data
            attempt(
                request,
                lambda: services.supervisor_appoint(
                    committee_id=committee_id, by=by, member=d["member"][0], unit=d["unit"]
                ),
                "已聘任特约监督员",
            )
        else:
            messages.error(request, "请选择一位委员和监督部门")
    else:
        raise Http404
    return redirect("workplans:findings")


def _finding(request: HttpRequest, pk: int, *, to_read: bool = False) -> tuple[Finding, bool]:
    """A finding the user reaches in the current committee; `to_read` (the finding's page, which
    offers no action to who holds no role in its committee) also one of a committee below the
    user's office, as the search shows them."""
    committee_id, office, units = _reach(request)
    reach = _visible(committee_id, office, units)
    below = below_office(request.user, OFFICE_ROLES) if to_read else set()
    if below:
        reach = reach | Finding.objects.filter(committee_id__in=below)
    finding = (
        reach.filter(pk=pk).select_related("unit", "item", "supervisor__member__person", "sup_item").first()
    )
    if finding is None:
        raise Http404
    return finding, office


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding, _office = _finding(request, pk, to_read=True)
    roles = roles_in(request.user, finding.committee_id)
    context = {
        "f": finding,
        "is_staff": Role.ACTIVITY_STAFF in roles,
        "is_unit": finding.unit_id in unit_ids(request.user, finding.committee_id),
        "ratings": Finding.Rating.choices,
        "late": finding.state == Finding.State.SENT and finding.due_on < timezone.localdate(),
    }
    return render(request, "workplans/finding.html", context)


@login_required
@require_POST
def finding_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    finding, _ = _finding(request, pk)
    by = request.user
    post = request.POST
    if action == "reply":
        attempt(
            request,
            lambda: services.finding_reply(finding=finding, by=by, reply=post.get("reply", "")),
            "答复已提交",
        )
    elif action == "rate":
        attempt(
            request,
            lambda: services.finding_rate(
                finding=finding, by=by, rating=post.get("rating", ""), note=post.get("note", "")
            ),
            "评价已保存",
        )
    elif action == "instruct":
        raw = post.get("due_on", "")
        try:
            due = date.fromisoformat(raw)
        except ValueError:
            messages.error(request, "请填写办理期限")
            return redirect("workplans:finding", finding.pk)
        attempt(
            request,
            lambda: services.finding_instruct(
                finding=finding,
                by=by,
                leader_name=post.get("leader", ""),
                instruction=post.get("instruction", ""),
                due_on=due,
            ),
            "已转督办",
        )
    else:
        raise Http404
    return redirect("workplans:finding", finding.pk)
