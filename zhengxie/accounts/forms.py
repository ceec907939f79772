from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

from zhengxie.org.models import Person


class LoginForm(forms.Form):
    username = forms.CharField(
        label="用户名或手机号", max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)


class OtpForm(forms.Form):
    token = forms.RegexField(
        label="验证码",
        regex=r"^\d{6}$",
        error_messages={"invalid": "请输入6位数字验证码"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class OwnDataForm(forms.Form):
    """What a member may correct in his or her own record (org.services.SELF_EDITABLE_FIELDS).

    A plain form, not a ModelForm: the service compares old and new values to audit the change.
    """

    ethnicity = forms.CharField(label="民族", max_length=20)
    employer = forms.CharField(label="工作单位", max_length=100, required=False)
    job_title = forms.CharField(label="职务职称", max_length=100, required=False)
    # Never pre-filled: the full number stays off the page; empty means "keep the current one".
    phone = forms.CharField(
        label="新手机号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "不修改请留空"}),
    )

    @classmethod
    def for_person(cls, person: Person, data: Any = None) -> OwnDataForm:
        initial = {"ethnicity": person.ethnicity, "employer": person.employer, "job_title": person.job_title}
        return cls(data, initial=initial)


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form with its messages in Chinese whatever language is active."""

    error_messages = {
        "password_mismatch": "两次输入的新密码不一致",
        "password_incorrect": "当前密码不正确，请重新输入",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (
            ("old_password", "当前密码"),
            ("new_password1", "新密码"),
            ("new_password2", "确认新密码"),
        ):
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = f"请填写{label}"
        self.fields["new_password1"].help_text = ""
