from __future__ import annotations

from django import forms

from zhengxie.org.models import Person


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名或手机号", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)


class OtpForm(forms.Form):
    token = forms.RegexField(
        label="验证码",
        regex=r"^\d{6}$",
        error_messages={"invalid": "请输入6位数字验证码"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class OwnDataForm(forms.ModelForm):
    """What a member may correct in his or her own record (org.services.SELF_EDITABLE_FIELDS)."""

    phone = forms.CharField(label="手机", max_length=20, required=False)

    class Meta:
        model = Person
        fields = ["ethnicity", "employer", "job_title"]
