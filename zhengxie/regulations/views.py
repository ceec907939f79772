"""Pages of the regulations library: the rules (current version, effective date) with the count
of new and revised rules per year, one rule with its versions, adding, revising and repealing
(activity staff). Everyone with a role in the committee reads it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.attempt import attempt
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import get_for_user, has_role, roles_in

from . import selectors, services
from .forms import RegulationForm, RepealForm, RevisionForm
from .models import Regulation


def _committee(request: HttpRequest) -> int:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not roles_in(request.user, committee_id):
        raise Http404
    return committee_id


def _staff(request: HttpRequest, committee_id: int) -> bool:
    return has_role(request.user, committee_id, Role.ACTIVITY_STAFF)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    category = request.GET.get("category", "")
    if category not in Regulation.Category.values:
        category = ""
    repealed = request.GET.get("repealed") == "1"
    context: dict[str, Any] = {
        "page": keyset_page(
            request, selectors.regulations(committee_id, category=category, repealed=repealed)
        ),
        "categories": Regulation.Category.choices,
        "category": category,
        "repealed": repealed,
        "years": selectors.yearly_counts(committee_id),
        "is_staff": _staff(request, committee_id),
    }
    return render_page(request, "regulations/index.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if not _staff(request, committee_id):
        raise Http404
    form = RegulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.regulation_create(
                committee_id=committee_id, by=request.user, **form.cleaned_data
            ),
            success="制度已入库",
            form=form,
        )
        if done:
            return redirect("regulations:detail", done.value.pk)
    return render(request, "regulations/form.html", {"form": form, "title": "新建制度"})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    regulation: Regulation = get_for_user(Regulation.objects.all(), request.user, pk)
    staff = _staff(request, regulation.committee_id)
    context: dict[str, Any] = {
        "regulation": regulation,
        "versions": list(regulation.versions.order_by("-number")),
        "is_staff": staff,
    }
    if staff and not regulation.is_repealed:
        context["repeal_form"] = RepealForm()
    return render(request, "regulations/detail.html", context)


@login_required
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    regulation: Regulation = get_for_user(Regulation.objects.all(), request.user, pk, [Role.ACTIVITY_STAFF])
    current = regulation.versions.order_by("-number").first()
    form = RevisionForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.regulation_revise(regulation=regulation, by=request.user, **form.cleaned_data),
            success="修订已入库",
            form=form,
        )
        if done:
            return redirect("regulations:detail", regulation.pk)
    return render(request, "regulations/form.html", {"form": form, "title": f"修订：{regulation.title}"})


@login_required
def repeal(request: HttpRequest, pk: int) -> HttpResponse:
    regulation: Regulation = get_for_user(Regulation.objects.all(), request.user, pk, [Role.ACTIVITY_STAFF])
    if request.method != "POST":
        raise Http404
    form = RepealForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写废止日期")
    else:
        attempt(
            request,
            lambda: services.regulation_repeal(regulation=regulation, by=request.user, **form.cleaned_data),
            success="制度已废止",
        )
    return redirect("regulations:detail", regulation.pk)
