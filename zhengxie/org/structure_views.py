"""The system administrator's page for the committee's own structure (组织机构设置)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.errors import DomainError

from . import structure
from .models import Committee, ParticipatingUnit, Sector, Session, Term
from .roles import Role
from .scope import get_for_user, has_role


class TermForm(forms.Form):
    number = forms.IntegerField(label="届次", min_value=1, max_value=99)
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SessionForm(forms.Form):
    term = forms.IntegerField(label="届次", widget=forms.HiddenInput)
    number = forms.IntegerField(label="第几次会议", min_value=1, max_value=20)
    plenary_opens_on = forms.DateField(label="大会开幕", widget=forms.DateInput(attrs={"type": "date"}))
    plenary_closes_on = forms.DateField(label="大会闭幕", widget=forms.DateInput(attrs={"type": "date"}))


class NameForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50)


class ParticipatingUnitForm(NameForm):
    kind = forms.ChoiceField(label="类别", choices=ParticipatingUnit.Kind.choices)


class UnitSectorForm(forms.Form):
    """Which sector's members are a party's or organisation's own (its liaison invites them)."""

    unit = forms.ModelChoiceField(label="参加单位", queryset=ParticipatingUnit.objects.none())
    sector = forms.ModelChoiceField(
        label="对应界别", queryset=Sector.objects.none(), required=False, empty_label="（不对应界别）"
    )

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ParticipatingUnit.objects.filter(committee=committee)  # type: ignore[attr-defined]
        self.fields["sector"].queryset = Sector.objects.filter(committee=committee)  # type: ignore[attr-defined]


def _committee_for_sysadmin(request: HttpRequest) -> Committee:
    committee_id = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, Role.SYSADMIN):
        raise Http404
    return Committee.objects.select_related("parent").get(pk=committee_id)


@login_required
def structure_page(request: HttpRequest) -> HttpResponse:
    committee = _committee_for_sysadmin(request)
    if request.method == "POST":
        return _handle_post(request, committee)
    return _render(request, committee, {})


def _handle_post(request: HttpRequest, committee: Committee) -> HttpResponse:
    kind = request.POST.get("form", "")
    by = request.user
    handlers: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {
        "term": (TermForm, lambda d: structure.term_create(committee=committee, by=by, **d)),
        "session": (
            SessionForm,
            lambda d: structure.session_create(
                term=get_for_user(Term.objects.all(), by, d.pop("term"), roles=[Role.SYSADMIN]), by=by, **d
            ),
        ),
        "sector": (NameForm, lambda d: structure.sector_create(committee=committee, by=by, **d)),
        "special": (NameForm, lambda d: structure.special_committee_create(committee=committee, by=by, **d)),
        "punit": (
            ParticipatingUnitForm,
            lambda d: structure.participating_unit_create(committee=committee, by=by, **d),
        ),
    }
    if kind == "punit_sector":
        return _unit_sector(request, committee)
    if kind not in handlers:
        raise Http404
    form_class, action = handlers[kind]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(dict(form.cleaned_data))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("org:structure")
    return _render(request, committee, {f"{kind}_form": form}, status=400)


def _unit_sector(request: HttpRequest, committee: Committee) -> HttpResponse:
    form = UnitSectorForm(request.POST, committee=committee)
    if form.is_valid():
        structure.participating_unit_sector_set(
            unit=form.cleaned_data["unit"], sector=form.cleaned_data["sector"], by=request.user
        )
        messages.success(request, "已保存")
        return redirect("org:structure")
    return _render(request, committee, {"punit_sector_form": form}, status=400)


def _render(
    request: HttpRequest, committee: Committee, forms_: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    terms = Term.objects.filter(committee=committee).prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("number"))
    )
    context = {
        "committee": committee,
        "children": Committee.objects.filter(parent=committee).order_by("code"),
        "terms": terms,
        "sectors": committee.sectors.all(),
        "specials": committee.special_committees.all(),
        "punits": committee.participating_units.select_related("sector"),
        "term_form": forms_.get("term_form", TermForm()),
        "session_form": forms_.get("session_form", SessionForm()),
        "sector_form": forms_.get("sector_form", NameForm()),
        "special_form": forms_.get("special_form", NameForm()),
        "punit_form": forms_.get("punit_form", ParticipatingUnitForm()),
        "punit_sector_form": forms_.get("punit_sector_form", UnitSectorForm(committee=committee)),
    }
    return render(request, "org/structure.html", context, status=status)
