"""Pages of the year's plans: the years, and one year's inspection-and-research and
democratic-supervision plans with the consultation plan beside them — items, the approval
buttons, publishing the three together, arranging items as activities, plan against done, and the
three plans in one Word document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import require_role, roles_in

from . import documents, selectors, services
from .forms import ArrangeForm, DecideForm, ItemForm, YearForm
from .models import Item, YearPlan
from .workbench import TASKS


def _year_plan(request: HttpRequest, pk: int) -> YearPlan:
    committee_id = require_role(request, *OFFICE_ROLES)
    yp = YearPlan.objects.filter(pk=pk, committee_id=committee_id).select_related("committee").first()
    if yp is None:
        raise Http404
    return yp


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    staff = Role.ACTIVITY_STAFF in roles_in(request.user, committee_id)
    form = YearForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not staff:
            raise Http404
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                yp = services.year_plan_open(committee_id=committee_id, year=year, by=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                return redirect("workplans:detail", yp.pk)
    rows = YearPlan.objects.filter(committee_id=committee_id)
    task = TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    context = {"page": keyset_page(request, rows), "task": task, "form": form, "is_staff": staff}
    return render_page(request, "workplans/index.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    yp = _year_plan(request, pk)
    roles = roles_in(request.user, yp.committee_id)
    items = selectors.items_of(yp)
    context: dict[str, Any] = {
        "yp": yp,
        "plans": [
            (value, label, [i for i in items if i.plan == value]) for value, label in Item.Plan.choices
        ],
        "progress": selectors.progress(items, yp.year),
        "consultation_plan": services.consultation_plan_of(yp),
        "is_staff": Role.ACTIVITY_STAFF in roles,
        "is_leader": Role.LEADER in roles,
        "today": timezone.localdate(),
    }
    if context["is_staff"] and yp.state == YearPlan.State.DRAFTING:
        context["item_form"] = ItemForm(committee_id=yp.committee_id)
    if context["is_staff"] and yp.state in (YearPlan.State.APPROVED, YearPlan.State.PUBLISHED):
        context["arrange_form"] = ArrangeForm()
    if context["is_leader"] and yp.state == YearPlan.State.SUBMITTED:
        context["decide_form"] = DecideForm()
    return render(request, "workplans/detail.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    yp = _year_plan(request, pk)
    by = request.user
    back = redirect("workplans:detail", yp.pk)
    if action == "item":
        form: Any = ItemForm(request.POST, committee_id=yp.committee_id)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return back
        d = form.cleaned_data
        attempt(request, lambda: services.item_add(year_plan=yp, by=by, **d), "项目已添加")
    elif action in ("remove", "arrange"):
        raw = request.POST.get("item", "")
        item = Item.objects.filter(year_plan=yp, pk=int(raw) if raw.isdigit() else 0).first()
        if item is None:
            raise Http404
        item.year_plan = yp
        if action == "remove":
            attempt(request, lambda: services.item_remove(item=item, by=by), "项目已删除")
        else:
            form = ArrangeForm(request.POST)
            if not form.is_valid():
                messages.error(request, "请填写活动的开始、结束时间和地点")
                return back
            d = form.cleaned_data
            try:
                activity = services.item_arrange(item=item, by=by, **d)
            except DomainError as exc:
                messages.error(request, exc.message)
                return back
            messages.success(request, "已安排为活动，请邀请参加委员")
            return redirect("consultations:activity_detail", activity.pk)
    elif action == "submit":
        attempt(request, lambda: services.year_plan_submit(year_plan=yp, by=by), "已报请审定")
    elif action in ("approve", "return"):
        form = DecideForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        attempt(
            request,
            lambda: services.year_plan_decide(year_plan=yp, by=by, approve=action == "approve", note=note),
            "已审定" if action == "approve" else "已退回修改",
        )
    elif action == "publish":
        attempt(request, lambda: services.year_plan_publish(year_plan=yp, by=by), "三个计划已一并印发")
    else:
        raise Http404
    return back


@login_required
def docx(request: HttpRequest, pk: int) -> HttpResponse:
    yp = _year_plan(request, pk)
    return documents.three_plans(yp).response(f"{yp.year}年度协商计划、视察调研计划和民主监督计划.docx")
