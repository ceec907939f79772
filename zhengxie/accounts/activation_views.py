"""The activation page: a person enters his login name and the activation code from his letter or
SMS, and sets his own password. Open to anonymous visitors; guesses are limited per code and per
address (`accounts.activation`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhengxie.audit.context import ip_of
from zhengxie.lib.errors import DomainError

from .activation import activation_redeem


class ActivationForm(forms.Form):
    username = forms.CharField(label="登录名或手机号", max_length=150)
    code = forms.CharField(
        label="激活码",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    password1 = forms.CharField(label="设置密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, str]:
        data: dict[str, str] = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activation_redeem(
                username=data["username"],
                code=data["code"],
                password=data["password1"],
                ip=ip_of(request) or "",
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, "账号已激活，请用登录名和刚设置的密码登录")
            return redirect("accounts:login")
    context = {"form": form, "help": password_validators_help_texts()}
    return render(request, "accounts/activate.html", context, status=400 if form.errors else 200)
