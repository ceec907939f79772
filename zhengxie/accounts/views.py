"""Login (password, then TOTP where enrolled), logout, the gates (2FA enrolment, password change,
privacy notice), the user's own data, and the security administrator's page."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role
from zhengxie.org.selectors import accounts_of, subtree_ids
from zhengxie.org.services import person_update

from . import services
from .forms import LoginForm, OtpForm, OwnDataForm, PasswordChangeForm
from .lockout import locked_message, lockout_audit_data
from .models import ApiToken, User
from .scope import lockouts_in_scope

PENDING_USER = "zx_2fa_pending_user"
PENDING_NEXT = "zx_2fa_next"
OTP_FAILURES = "zx_2fa_failures"
BAD_CREDENTIALS = "用户名/手机号或密码不正确"
BACKEND = "zhengxie.accounts.backends.UsernameOrPhoneBackend"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            if getattr(request, "axes_locked_out", False):
                record(
                    action="auth.locked_out",
                    success=False,
                    actor_name=username,
                    data=lockout_audit_data(request, username, "web"),
                )
                error = locked_message(request)
            else:
                record(action="auth.login_failed", success=False, actor_name=username)
                error = BAD_CREDENTIALS
        elif user_has_device(user):
            # The password was right; the session is not logged in until the second factor is.
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_NEXT] = _safe_next(request)
            return redirect("accounts:otp_verify")
        else:
            login(request, user, backend=BACKEND)
            record(action="auth.login", obj=user, by=user, data={"second_factor": False})
            return redirect(_safe_next(request))
    status = 400 if error else 200
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _safe_next(request)},
        status=status,
    )


def lockout_response(request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """What django-axes answers for a locked-out account or address: the login page with the reason."""
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(), "error": locked_message(request), "next": "/"},
        status=403,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(action="auth.logout", obj=request.user, by=request.user)
    logout(request)
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of login (or of an already logged-in session that has not verified yet)."""
    pending_id = request.user.pk if request.user.is_authenticated else request.session.get(PENDING_USER)
    user = User.objects.filter(pk=pending_id or 0, is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next(
            (
                d
                for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                if d.verify_token(form.cleaned_data["token"])
            ),
            None,
        )
        if device is not None:
            target = request.session.pop(PENDING_NEXT, "/")
            request.session.pop(PENDING_USER, None)
            request.session.pop(OTP_FAILURES, None)
            if not request.user.is_authenticated:
                login(request, user, backend=BACKEND)
            otp_login(request, device)
            record(action="auth.login", obj=user, by=user, data={"second_factor": True})
            return redirect(target)
        failures = request.session.get(OTP_FAILURES, 0) + 1
        request.session[OTP_FAILURES] = failures
        record(action="auth.otp_failed", obj=user, by=user, success=False, data={"failures": failures})
        if failures >= settings.AXES_FAILURE_LIMIT:
            # Too many wrong codes: start again from the password, which axes rate-limits.
            logout(request)
            messages.error(request, "验证码错误次数过多，请重新登录")
            return redirect("accounts:login")
        form.add_error("token", "验证码不正确或已过期")
    return render(request, "accounts/otp_verify.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or services.totp_device_start(
        user=user
    )
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            messages.success(request, "已启用双因素认证")
            return redirect("home")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr": qr, "secret": secret, "required": not user_has_device(user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_set(user=user, password=form.cleaned_data["new_password1"], by=user)
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改")
        return redirect("home")
    return render(
        request, "accounts/password_change.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        services.privacy_acknowledge(user=user)
        return redirect("home")
    return render(request, "accounts/privacy.html", {"acknowledged": user.privacy_acknowledged_at})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = getattr(user, "person", None)
    form = OwnDataForm.for_person(person) if person else None
    revealed_id = ""
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action == "update" and person is not None:
            form = OwnDataForm.for_person(person, request.POST)
            if form.is_valid():
                changes = {f: str(form.cleaned_data[f] or "") for f in ("ethnicity", "employer", "job_title")}
                if form.cleaned_data["phone"]:  # left empty: keep the current number
                    changes["phone"] = form.cleaned_data["phone"]
                try:
                    person_update(person=person, by=user, changes=changes)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                except ValidationError as exc:  # the phone number failed normalisation
                    form.add_error("phone", exc.messages[0])
                else:
                    messages.success(request, "个人信息已更新")
                    return redirect("accounts:profile")
            person.refresh_from_db()
        elif action == "reveal_id" and person is not None:
            record(action="person.id_number_viewed", obj=person, by=user, data={"own": True})
            revealed_id = person.id_number
        elif action == "revoke_token":
            token_id = request.POST.get("token", "")
            if not token_id.isdigit():
                raise Http404
            token = get_object_or_404(ApiToken, pk=int(token_id), user=user)
            try:
                services.api_token_revoke(token=token, by=user)
            except DomainError as exc:
                messages.error(request, exc.message)
            return redirect("accounts:profile")
        else:
            raise Http404
    memberships = (
        Member.objects.filter(person=person).select_related("committee", "sector", "special_committee")
        if person
        else Member.objects.none()
    )
    context = {
        "person": person,
        "form": form,
        "revealed_id": revealed_id,
        "memberships": memberships,
        "tokens": ApiToken.objects.filter(user=user),
        "token_days": settings.API_TOKEN_DAYS,
        "has_device": user_has_device(user),
    }
    return render(request, "accounts/profile.html", context, status=400 if form and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The security administrator: lockouts and second factors of the committee's accounts."""
    committee_id = request.committee_id  # type: ignore[attr-defined]
    if not has_role(request.user, committee_id, Role.SECADMIN):
        raise Http404
    # His committee's accounts and those of the committees below it, nobody else's.
    committee_users = accounts_of(subtree_ids(committee_id))
    lockouts_here = lockouts_in_scope(committee_users, committee_id)
    if request.method == "POST":
        if request.POST.get("action") == "unlock":
            attempt = get_object_or_404(lockouts_here, pk=request.POST.get("attempt"))
            record(
                action="auth.unlocked",
                by=request.user,
                committee_id=committee_id,
                data={"username": attempt.username, "ip": attempt.ip_address},
            )
            attempt.delete()
            messages.success(request, f"已解除 {attempt.username} 的锁定")
        elif request.POST.get("action") == "reset_otp":
            target = get_object_or_404(committee_users, pk=request.POST.get("user"))
            services.totp_reset(user=target, by=request.user)
            messages.success(request, f"已重置 {target} 的双因素认证，其下次登录时须重新绑定")
        else:
            raise Http404
        return redirect("accounts:security")
    lockouts = lockouts_here.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by(
        "-attempt_time"
    )[:200]
    users = committee_users.prefetch_related(
        Prefetch("totpdevice_set", queryset=TOTPDevice.objects.filter(confirmed=True), to_attr="devices")
    ).order_by("username")[:500]
    return render(request, "accounts/security.html", {"lockouts": lockouts, "users": users})
