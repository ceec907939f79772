"""Pages of the publications: the series and their issues, one issue with its articles, sending
it with its number, leaders' instructions on it, and the issue in Word."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Committee
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from . import services
from .documents import issue_response
from .forms import InstructionForm, IssueForm, ItemForm, SendForm, SeriesForm
from .models import Issue
from .permissions import get_issue_for_user, get_item_for_staff, is_staff
from .workbench import STAFF_TASKS


def _errors(form: Any) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _office(request: HttpRequest, *roles: str) -> int:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, *(roles or OFFICE_ROLES)):
        raise Http404
    return committee_id


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = _office(request)
    series = services.series_for(committee_id)
    rows = Issue.objects.filter(committee_id=committee_id).select_related("series")
    chosen = request.GET.get("series", "")
    if chosen.isdigit():
        rows = rows.filter(series_id=int(chosen))
    task = STAFF_TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    context: dict[str, Any] = {
        "series": series,
        "chosen": chosen,
        "task": task,
        "page": keyset_page(request, rows),
        "is_staff": is_staff(request.user, committee_id),
    }
    if context["is_staff"]:
        context.update(issue_form=IssueForm(series=series), series_form=SeriesForm())
    return render_page(request, "publications/index.html", context)


@login_required
@require_POST
def series_create(request: HttpRequest) -> HttpResponse:
    committee_id = _office(request, Role.ACTIVITY_STAFF)
    form = SeriesForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.series_create(committee_id=committee_id, by=request.user, **form.cleaned_data),
            "刊物已新建",
        )
    else:
        messages.error(request, _errors(form))
    return redirect("publications:index")


@login_required
@require_POST
def issue_create(request: HttpRequest) -> HttpResponse:
    committee_id = _office(request, Role.ACTIVITY_STAFF)
    form = IssueForm(request.POST, series=services.series_for(committee_id))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("publications:index")
    try:
        issue = services.issue_create(
            series=form.cleaned_data["series"], by=request.user, title=form.cleaned_data["title"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("publications:index")
    messages.success(request, "已新建一期，请添加文章")
    return redirect("publications:issue_detail", issue.pk)


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request.user, pk)
    staff = is_staff(request.user, issue.committee_id)
    context: dict[str, Any] = {
        "issue": issue,
        "is_staff": staff,
        "items": list(issue.items.all()),
        "instructions": list(issue.instructions.all()),
    }
    if staff and issue.state == Issue.State.DRAFT:
        context.update(item_form=ItemForm(committee_id=issue.committee_id), send_form=SendForm())
    if staff and issue.state == Issue.State.SENT:
        context["instruction_form"] = InstructionForm()
    return render(request, "publications/issue_detail.html", context)


def _staff_issue(request: HttpRequest, pk: int) -> Issue:
    issue = get_issue_for_user(request.user, pk)
    if not is_staff(request.user, issue.committee_id):
        raise Http404
    return issue


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _staff_issue(request, pk)
    form = ItemForm(request.POST, committee_id=issue.committee_id)
    if form.is_valid():
        attempt(
            request,
            lambda: services.item_add(issue=issue, by=request.user, **form.cleaned_data),
            "文章已添加",
        )
    else:
        messages.error(request, _errors(form))
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_staff(request.user, pk)
    attempt(request, lambda: services.item_remove(item=item, by=request.user), "文章已删除")
    return redirect("publications:issue_detail", item.issue_id)


@login_required
@require_POST
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _staff_issue(request, pk)
    form = SendForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.issue_send(issue=issue, by=request.user, **form.cleaned_data),
            "已编号报送",
        )
    else:
        messages.error(request, _errors(form))
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
def instruction_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _staff_issue(request, pk)
    form = InstructionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.instruction_record(issue=issue, by=request.user, **form.cleaned_data),
            "批示已记录",
        )
    else:
        messages.error(request, _errors(form))
    return redirect("publications:issue_detail", issue.pk)


@login_required
def issue_docx(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request.user, pk)
    issuer = Committee.objects.only("name").get(pk=issue.committee_id).name
    return issue_response(issue, list(issue.items.all()), issuer)
