"""Pages of the organisation: committee switch, member directory, handling units, and the system
administrator's accounts and roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page

from . import services
from .forms import (
    ContactForm,
    DeliveryForm,
    MemberEditForm,
    MemberFilterForm,
    UnitFilterForm,
    UnitForm,
)
from .middleware import SESSION_KEY
from .models import Committee, HandlingUnit, Member, UnitContact
from .roles import DIRECTORY_ROLES, Role
from .scope import committee_ids, get_for_user, has_role, require_role, unit_ids
from .selectors import contacts_with_login_flag, with_login_flag


def _require(request: HttpRequest, *roles: str) -> int:
    """The current committee id, if the user holds one of `roles` there; else 404."""
    return require_role(request, *roles)


@login_required
@require_POST
def switch_committee(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("committee", "")
    if not raw.isdigit() or int(raw) not in committee_ids(request.user):
        raise Http404
    request.session[SESSION_KEY] = int(raw)
    return redirect("home")


# --- member directory -----------------------------------------------------------------------


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    committee_id = _require(request, *DIRECTORY_ROLES)
    form = MemberFilterForm(request.GET or None, committee_id=committee_id)
    members = with_login_flag(
        Member.objects.filter(committee_id=committee_id).select_related(
            "person", "sector", "special_committee"
        )
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            members = members.filter(person__name__contains=data["q"])
        if data["sector"]:
            members = members.filter(sector=data["sector"])
        if data["special"]:
            members = members.filter(special_committee=data["special"])
        if data["standing"]:
            members = members.filter(is_standing=data["standing"] == "1")
        if data["account"] == "none":
            members = members.filter(person__user__isnull=True)
        elif data["account"] == "pending":
            members = members.filter(person__user__isnull=False, can_log_in=False)
        elif data["account"] == "active":
            members = members.filter(can_log_in=True)
    page = keyset_page(request, members)
    context = {
        "form": form,
        "page": page,
        "can_open": has_role(request.user, committee_id, Role.SYSADMIN),
        "delivery_form": DeliveryForm(),
    }
    return render_page(request, "org/member_list.html", context)


def _member_for(request: HttpRequest, pk: int) -> Member:
    qs = with_login_flag(
        Member.objects.select_related("person__user", "sector", "special_committee", "committee")
    ).prefetch_related("terms")
    return get_for_user(qs, request.user, pk, roles=DIRECTORY_ROLES)


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_for(request, pk)
    revealed: dict[str, str] = {}
    if request.method == "POST":
        field = request.POST.get("reveal")
        if field not in ("phone", "id_number"):
            raise Http404
        record(
            action=f"person.{field}_viewed", obj=member, by=request.user, data={"person": member.person_id}
        )
        revealed[field] = getattr(member.person, field)
    context = {
        "member": member,
        "revealed": revealed,
        "can_edit": has_role(request.user, member.committee_id, Role.SYSADMIN),
        "delivery_form": DeliveryForm(),
    }
    return render(request, "org/member_detail.html", context)


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_for(request, pk)
    if not has_role(request.user, member.committee_id, Role.SYSADMIN):
        raise Http404
    person = member.person
    initial = {
        "name": person.name,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "affiliation": person.affiliation,
        "employer": person.employer,
        "job_title": person.job_title,
        "sector": member.sector_id,
        "special_committee": member.special_committee_id,
        "is_standing": member.is_standing,
    }
    form = MemberEditForm(request.POST or None, initial=initial, committee_id=member.committee_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            f: data[f] for f in ("name", "gender", "ethnicity", "affiliation", "employer", "job_title")
        }
        for secret in ("phone", "id_number"):
            if data[secret]:
                changes[secret] = data[secret]
        try:
            with transaction.atomic():
                services.person_update(person=person, by=request.user, changes=changes)
                services.member_update(
                    member=member,
                    by=request.user,
                    sector=data["sector"],
                    special_committee=data["special_committee"],
                    is_standing=data["is_standing"],
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, "委员信息已保存")
            return redirect("org:member_detail", pk=member.pk)
    return render(
        request, "org/member_edit.html", {"member": member, "form": form}, status=400 if form.errors else 200
    )


# --- handling units -------------------------------------------------------------------------


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, *DIRECTORY_ROLES):
        own = sorted(unit_ids(request.user, committee_id))
        if own:  # a clerk goes straight to his own unit
            return redirect("org:unit_detail", pk=own[0])
        raise Http404
    form = UnitFilterForm(request.GET or None)
    units = HandlingUnit.objects.filter(committee_id=committee_id).prefetch_related(
        Prefetch("contacts", queryset=UnitContact.objects.filter(is_primary=True))
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            units = units.filter(name__contains=form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            units = units.filter(kind=form.cleaned_data["kind"])
    page = keyset_page(request, units)
    context = {"form": form, "page": page, "can_edit": has_role(request.user, committee_id, Role.SYSADMIN)}
    return render_page(request, "org/unit_list.html", context)


def _unit_for(request: HttpRequest, pk: int) -> HandlingUnit:
    unit = get_for_user(HandlingUnit.objects.all(), request.user, pk)
    if has_role(request.user, unit.committee_id, *DIRECTORY_ROLES) or unit.pk in unit_ids(request.user):
        return unit
    raise Http404


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for(request, pk)
    can_edit = has_role(request.user, unit.committee_id, Role.SYSADMIN)
    contact_form = ContactForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if contact_form.is_valid():
            try:
                services.unit_contact_create(unit=unit, by=request.user, **contact_form.cleaned_data)
            except ValidationError as exc:
                contact_form.add_error("phone", exc.messages[0])
            else:
                messages.success(request, "已添加联系人")
                return redirect("org:unit_detail", pk=unit.pk)
    contacts = contacts_with_login_flag(unit.contacts.select_related("user"))
    context = {
        "unit": unit,
        "contacts": contacts,
        "can_edit": can_edit,
        "contact_form": contact_form,
        "delivery_form": DeliveryForm(),
    }
    return render(request, "org/unit_detail.html", context, status=400 if contact_form.errors else 200)


@login_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    committee_id = _require(request, Role.SYSADMIN)
    unit = get_for_user(HandlingUnit.objects.all(), request.user, pk, roles=[Role.SYSADMIN]) if pk else None
    initial = {"name": unit.name, "kind": unit.kind} if unit else None
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.handling_unit_save(
                committee=Committee.objects.get(pk=unit.committee_id if unit else committee_id),
                unit=unit,
                by=request.user,
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("org:unit_detail", pk=saved.pk)
    return render(
        request, "org/unit_edit.html", {"unit": unit, "form": form}, status=400 if form.errors else 200
    )
