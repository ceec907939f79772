"""Accounts under three-admin separation (三员分立).

The system administrator opens accounts — from the roster, from a handling unit's contact list,
or free-standing for staff — and resets forgotten passwords; he never chooses a password and
never grants a business role. The security administrator grants and revokes business roles on
his own page. Nobody creates, changes, resets or stops an administrator here: administrators are
made by `manage.py create_admin`.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhengxie.accounts import activation
from zhengxie.accounts.models import User
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.notices.sms import get_sms_backend

from . import services
from .forms import GRANTABLE_ROLES, AccountForm, DeliveryForm, RoleGrantForm
from .letters import account_letters
from .models import Committee, HandlingUnit, Member, ParticipatingUnit, RoleAssignment, UnitContact
from .roles import ADMIN_ROLES, Role
from .scope import get_for_user, require_role
from .selectors import accounts_of, administrator_ids

logger = logging.getLogger(__name__)

KIND_OF = {
    "letter_code": activation.CODE,
    "sms_code": activation.CODE,
    "letter_password": activation.PASSWORD,
}


def _delivery(request: HttpRequest) -> str:
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        raise DomainError("请选择发放方式")
    delivery: str = form.cleaned_data["delivery"]
    return delivery


def deliver(
    request: HttpRequest,
    *,
    committee: Committee,
    credentials: list[activation.Credential],
    delivery: str,
    salutation: str = "委员",
) -> HttpResponse | None:
    """The letters as a Word download, or the codes by SMS (then None: the caller redirects)."""
    if not credentials:
        return None
    if delivery.startswith("letter"):
        doc = account_letters(
            credentials=credentials,
            issuer=committee.name,
            login_url=request.build_absolute_uri(reverse("accounts:login")),
            activate_url=request.build_absolute_uri(reverse("accounts:activate")),
            salutation=salutation,
        )
        return doc.response(f"账号开通通知书（{len(credentials)}份）.docx")
    backend = get_sms_backend()
    activate_url = request.build_absolute_uri(reverse("accounts:activate"))
    unsent = 0
    for c in credentials:
        if not c.phone:
            unsent += 1
            continue
        until = c.expires_at.strftime("%Y-%m-%d") if c.expires_at else ""
        backend.send(
            c.phone,
            f"【智慧政协】{c.name}，您的账号已开通。登录名：{c.username}，激活码：{c.secret}，"
            f"请于{until}前在 {activate_url} 激活并设置密码。",
            # One key per issued code: a gateway that sees the same key twice sends once.
            key=f"account-{c.username}-{hashlib.sha256(c.secret.encode()).hexdigest()[:16]}",
        )
    messages.success(request, f"已向 {len(credentials) - unsent} 人发送激活码短信")
    if unsent:
        messages.warning(request, f"{unsent} 人没有登录手机，未能发送，请改用打印通知书重新发放")
    return None


# --- accounts (system administrator) ------------------------------------------------------------


def _searched_with_roles(request: HttpRequest, users: Any, committee_id: int) -> Any:
    """Accounts filtered by the page's `q` (login name or name), each with its roles in this
    committee as `roles_here` (one query for the page, not one per row)."""
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__contains=q) | Q(display_name__contains=q))
    return users.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(committee_id=committee_id).select_related(
                "handling_unit", "participating_unit"
            ),
            to_attr="roles_here",
        )
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.SYSADMIN)
    committee = Committee.objects.get(pk=committee_id)
    form = AccountForm(prefix="new")
    if request.method == "POST":
        response = _user_action(request, committee)
        if isinstance(response, HttpResponse):
            return response
        form = response
    users = accounts_of([committee_id])
    users = _searched_with_roles(request, users, committee_id)
    page = keyset_page(request, users)
    admins = administrator_ids(u.pk for u in page.items)
    for u in page.items:
        u.is_admin = u.pk in admins
    context = {
        "page": page,
        "account_form": form,
        "q": request.GET.get("q", "").strip(),
        "delivery_form": DeliveryForm(),
    }
    return render_page(request, "org/user_list.html", context, status=400 if form.errors else 200)


def _account_in_scope(request: HttpRequest, committee_id: int) -> User:
    target = accounts_of([committee_id]).filter(pk=request.POST.get("user") or 0).first()
    if target is None:
        raise Http404
    return target


def _user_action(request: HttpRequest, committee: Committee) -> HttpResponse | AccountForm:
    action = request.POST.get("action")
    form = AccountForm(prefix="new")
    try:
        if action == "create":
            form = AccountForm(request.POST, prefix="new")
            if not form.is_valid():
                return form
            data = form.cleaned_data
            credential = activation.account_open(
                username=data["username"],
                display_name=data["display_name"],
                phone=data["phone"],
                committee=committee,
                by=request.user,
                kind=KIND_OF[data["delivery"]],
            )
            messages.success(request, f"已创建账号 {credential.username}，角色由安全管理员授予")
            return deliver(
                request,
                committee=committee,
                credentials=[credential],
                delivery=data["delivery"],
                salutation="同志",
            ) or redirect(f"{request.path}?q={credential.username}")
        target = _account_in_scope(request, committee.pk)
        if action in ("deactivate", "activate"):
            services.account_set_active(user=target, active=action == "activate", by=request.user)
            messages.success(request, "已停用账号" if action == "deactivate" else "已启用账号")
        elif action == "reset":
            delivery = _delivery(request)
            credential = activation.password_reset(user=target, by=request.user, kind=KIND_OF[delivery])
            messages.success(request, f"已重置 {target} 的密码，其下次登录时须设置新密码")
            response = deliver(
                request, committee=committee, credentials=[credential], delivery=delivery, salutation="同志"
            )
            if response is not None:
                return response
        else:
            raise Http404
    except DomainError as exc:
        if action == "create":
            form.add_error(None, exc.message)
            return form
        messages.error(request, exc.message)
    except ValidationError as exc:
        form.add_error("phone", exc.messages[0])
        return form
    return redirect(request.get_full_path())


# --- from the roster and the contact lists ----------------------------------------------------


@login_required
@require_POST
def roster_accounts(request: HttpRequest) -> HttpResponse:
    """Open accounts for the selected members, or for every member without one."""
    committee_id = require_role(request, Role.SYSADMIN)
    committee = Committee.objects.get(pk=committee_id)
    back = request.POST.get("back", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = reverse("org:member_list")  # only a path on this site: "//elsewhere" is refused
    members = Member.objects.filter(committee_id=committee_id, is_active=True)
    if request.POST.get("scope") == "all":
        members = members.filter(person__user__isnull=True)
    else:
        ids = [int(v) for v in request.POST.getlist("members") if v.isdigit()]
        if not ids:
            messages.error(request, "请先勾选委员")
            return redirect(back)
        members = members.filter(pk__in=ids)
    try:
        delivery = _delivery(request)
        no_phone = 0
        if delivery == "sms_code":
            no_phone = members.filter(person__user__isnull=True, person__phone_hash="").count()
            members = members.exclude(person__user__isnull=True, person__phone_hash="")
        result = activation.roster_accounts_open(
            committee=committee,
            member_ids=members.values_list("id", flat=True),
            by=request.user,
            kind=KIND_OF[delivery],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    opened = len(result.credentials)
    summary = f"已为 {opened} 位委员开通账号"
    if result.linked:
        summary += f"，{result.linked} 位委员已有账号，已按名录取得本政协委员角色"
    if not opened and not result.linked:
        summary = "所选委员都已有账号，无需开通"
    messages.success(request, summary)
    if no_phone:
        messages.warning(request, f"{no_phone} 位委员没有手机号，未开通，请改用打印通知书")
    response = deliver(request, committee=committee, credentials=result.credentials, delivery=delivery)
    return response or redirect(back)


@login_required
@require_POST
def member_account(request: HttpRequest, pk: int) -> HttpResponse:
    """One member: open his account, or reset its password."""
    member = get_for_user(
        Member.objects.select_related("person", "committee"), request.user, pk, [Role.SYSADMIN]
    )
    back = reverse("org:member_detail", args=[member.pk])
    try:
        delivery = _delivery(request)
        user = member.person.user
        if user is None:
            result = activation.roster_accounts_open(
                committee=member.committee, member_ids=[member.pk], by=request.user, kind=KIND_OF[delivery]
            )
            credentials = result.credentials
            messages.success(request, "已开通账号，并按委员名录取得委员角色")
        else:
            if not accounts_of([member.committee_id]).filter(pk=user.pk).exists():
                raise Http404
            credentials = [activation.password_reset(user=user, by=request.user, kind=KIND_OF[delivery])]
            messages.success(request, f"已重置 {user} 的密码，其下次登录时须设置新密码")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return deliver(
        request, committee=member.committee, credentials=credentials, delivery=delivery
    ) or redirect(back)


@login_required
@require_POST
def contact_account(request: HttpRequest, pk: int) -> HttpResponse:
    """A handling unit's contact: open his clerk account, or reset its password."""
    contact = get_for_user(
        UnitContact.objects.select_related("unit__committee", "user"), request.user, pk, [Role.SYSADMIN]
    )
    back = reverse("org:unit_detail", args=[contact.unit_id])
    try:
        delivery = _delivery(request)
        if contact.user is None:
            credential = activation.contact_account_open(
                contact=contact, by=request.user, kind=KIND_OF[delivery]
            )
            messages.success(request, f"已为{contact.name}开通账号，并按联系人名单取得本单位经办人角色")
        else:
            credential = activation.password_reset(user=contact.user, by=request.user, kind=KIND_OF[delivery])
            messages.success(request, f"已重置 {contact.name} 的密码，其下次登录时须设置新密码")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    committee = contact.unit.committee
    return deliver(
        request, committee=committee, credentials=[credential], delivery=delivery, salutation="同志"
    ) or redirect(back)


# --- roles (security administrator) -----------------------------------------------------------


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    """The security administrator grants and revokes business roles of his committee's accounts."""
    committee_id = require_role(request, Role.SECADMIN)
    committee = Committee.objects.get(pk=committee_id)
    grant_form = RoleGrantForm(committee_id=committee_id)
    if request.method == "POST":
        grant_form, response = _role_action(request, committee)
        if response is not None:
            return response
    users = accounts_of([committee_id]).exclude(
        pk__in=RoleAssignment.objects.filter(role__in=ADMIN_ROLES).values("user_id")
    )
    users = _searched_with_roles(request, users, committee_id)
    page = keyset_page(request, users)
    context = {
        "page": page,
        "grant_form": grant_form,
        "q": request.GET.get("q", "").strip(),
        # Rendered once per row: plain lists, so the rows do not each query the units.
        "role_choices": GRANTABLE_ROLES,
        "units": list(HandlingUnit.objects.filter(committee_id=committee_id).values_list("id", "name")),
        "parties": list(
            ParticipatingUnit.objects.filter(committee_id=committee_id).values_list("id", "name")
        ),
    }
    return render_page(request, "org/role_list.html", context, status=400 if grant_form.errors else 200)


def _role_action(request: HttpRequest, committee: Committee) -> tuple[Any, HttpResponse | None]:
    action = request.POST.get("action")
    grant_form = RoleGrantForm(committee_id=committee.pk)
    try:
        if action == "grant":
            grant_form = RoleGrantForm(request.POST, committee_id=committee.pk)
            if not grant_form.is_valid():
                return grant_form, None
            data = grant_form.cleaned_data
            target = accounts_of([committee.pk]).filter(pk=data["user"]).first()
            if target is None:
                raise Http404
            services.role_grant(
                user=target,
                committee=committee,
                role=data["role"],
                handling_unit=data["handling_unit"],
                participating_unit=data["participating_unit"],
                by=request.user,
            )
            messages.success(request, f"已授予 {target} {Role(data['role']).label} 角色")
        elif action == "revoke":
            assignment = get_for_user(
                RoleAssignment.objects.select_related("user"),
                request.user,
                request.POST.get("assignment"),
                roles=[Role.SECADMIN],
            )
            services.role_revoke(assignment=assignment, by=request.user)
            messages.success(request, f"已撤销 {assignment.user} 的{assignment.get_role_display()}角色")
        else:
            raise Http404
    except DomainError as exc:
        grant_form.add_error(None, exc.message)
        return grant_form, None
    return grant_form, redirect(request.get_full_path())
