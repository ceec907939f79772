"""Pages of the organisation: committee switch, member directory, handling units, and the system
administrator's accounts and roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page

from . import services
from .forms import (
    AccountForm,
    ContactForm,
    MemberEditForm,
    MemberFilterForm,
    RoleGrantForm,
    UnitFilterForm,
    UnitForm,
)
from .middleware import SESSION_KEY
from .models import Committee, HandlingUnit, Member, RoleAssignment, UnitContact
from .roles import DIRECTORY_ROLES, Role
from .scope import committee_ids, get_for_user, has_role, require_role, unit_ids


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
    members = Member.objects.filter(committee_id=committee_id).select_related(
        "person", "sector", "special_committee"
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
    page = keyset_page(request, members)
    return render_page(request, "org/member_list.html", {"form": form, "page": page})


def _member_for(request: HttpRequest, pk: int) -> Member:
    qs = Member.objects.select_related("person", "sector", "special_committee", "committee").prefetch_related(
        "terms"
    )
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
    unit = get_for_user(HandlingUnit.objects.prefetch_related("contacts"), request.user, pk)
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
    context = {"unit": unit, "can_edit": can_edit, "contact_form": contact_form}
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


# --- accounts and roles (system administrator) ----------------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    committee_id = _require(request, Role.SYSADMIN)
    committee = Committee.objects.get(pk=committee_id)
    account_form = AccountForm(prefix="new", committee_id=committee_id)
    grant_form = RoleGrantForm(committee_id=committee_id)
    if request.method == "POST":
        response = _user_action(request, committee)
        if isinstance(response, HttpResponse):
            return response
        account_form, grant_form = response
    users = get_user_model().objects.filter(role_assignments__committee_id=committee_id).distinct()
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__contains=q) | Q(display_name__contains=q))
    users = users.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(committee_id=committee_id).select_related("handling_unit"),
            to_attr="roles_here",
        )
    )
    page = keyset_page(request, users)
    context = {
        "page": page,
        "account_form": account_form,
        "grant_form": grant_form,
        "q": q,
        # Rendered once per row: plain lists, so the rows do not each query the units.
        "role_choices": Role.choices,
        "units": list(HandlingUnit.objects.filter(committee_id=committee_id).values_list("id", "name")),
    }
    status = 400 if account_form.errors or grant_form.errors else 200
    return render_page(request, "org/user_list.html", context, status=status)


def _user_action(request: HttpRequest, committee: Committee) -> HttpResponse | tuple[Any, Any]:
    """Handle one POST of the accounts page; a response on success, the bound forms on error."""
    action = request.POST.get("action")
    account_form = AccountForm(prefix="new", committee_id=committee.pk)
    grant_form = RoleGrantForm(committee_id=committee.pk)
    users_here = get_user_model().objects.filter(role_assignments__committee=committee).distinct()
    try:
        if action == "create":
            account_form = AccountForm(request.POST, prefix="new", committee_id=committee.pk)
            if account_form.is_valid():
                data = account_form.cleaned_data
                with transaction.atomic():  # an account without its role would be unreachable
                    user = services.account_create(
                        username=data["username"],
                        display_name=data["display_name"],
                        password=data["password"],
                        phone=data["phone"],
                        by=request.user,
                    )
                    services.role_grant(
                        user=user,
                        committee=committee,
                        role=data["role"],
                        handling_unit=data["handling_unit"],
                        by=request.user,
                    )
                messages.success(request, f"已创建账号 {user.username}")
                return redirect(f"{request.path}?q={user.username}")
        elif action == "grant":
            grant_form = RoleGrantForm(request.POST, committee_id=committee.pk)
            if grant_form.is_valid():
                data = grant_form.cleaned_data
                target = get_user_model().objects.filter(pk=data["user"]).first()
                if target is None:
                    raise Http404
                services.role_grant(
                    user=target,
                    committee=committee,
                    role=data["role"],
                    handling_unit=data["handling_unit"],
                    by=request.user,
                )
                messages.success(request, f"已授予 {target} {Role(data['role']).label} 角色")
                return redirect(request.get_full_path())
        elif action == "revoke":
            assignment = get_for_user(
                RoleAssignment.objects.select_related("user"),
                request.user,
                request.POST.get("assignment"),
                roles=[Role.SYSADMIN],
            )
            if assignment.user_id == request.user.pk and assignment.role == Role.SYSADMIN:
                raise DomainError("不能撤销自己的系统管理员角色")
            services.role_revoke(assignment=assignment, by=request.user)
            messages.success(request, "已撤销角色")
            return redirect(request.get_full_path())
        elif action in ("deactivate", "activate"):
            target = users_here.filter(pk=request.POST.get("user") or 0).first()
            if target is None:
                raise Http404
            services.account_set_active(user=target, active=action == "activate", by=request.user)
            messages.success(request, "已更新账号状态")
            return redirect(request.get_full_path())
        else:
            raise Http404
    except DomainError as exc:
        (account_form if action == "create" else grant_form).add_error(None, exc.message)
        if action not in ("create", "grant"):
            messages.error(request, exc.message)
            return redirect(request.get_full_path())
    except ValidationError as exc:
        account_form.add_error("phone", exc.messages[0])
    return account_form, grant_form
