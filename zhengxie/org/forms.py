from __future__ import annotations

from typing import Any

from django import forms

from .models import HandlingUnit, ParticipatingUnit, Person, Sector, SpecialCommittee
from .roles import Role


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False, max_length=20)
    sector = forms.ModelChoiceField(label="界别", queryset=Sector.objects.none(), required=False)
    special = forms.ModelChoiceField(label="专委会", queryset=SpecialCommittee.objects.none(), required=False)
    standing = forms.ChoiceField(
        label="常委", choices=[("", "全部"), ("1", "是"), ("0", "否")], required=False
    )
    account = forms.ChoiceField(
        label="账号",
        choices=[("", "全部"), ("none", "没有账号"), ("pending", "待激活"), ("active", "已开通")],
        required=False,
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["special"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]


class MemberEditForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=Person.Gender.choices)
    ethnicity = forms.CharField(label="民族", max_length=20)
    affiliation = forms.ChoiceField(label="政治面貌", choices=Person.Affiliation.choices)
    employer = forms.CharField(label="工作单位", max_length=100, required=False)
    job_title = forms.CharField(label="职务职称", max_length=100, required=False)
    phone = forms.CharField(label="新手机号", max_length=20, required=False, help_text="不修改请留空")
    id_number = forms.CharField(label="新身份证号", max_length=18, required=False, help_text="不修改请留空")
    sector = forms.ModelChoiceField(label="界别", queryset=Sector.objects.none())
    special_committee = forms.ModelChoiceField(
        label="专委会", queryset=SpecialCommittee.objects.none(), required=False
    )
    is_standing = forms.BooleanField(label="常委", required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]


class UnitFilterForm(forms.Form):
    q = forms.CharField(label="单位名称", required=False, max_length=50)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), *HandlingUnit.Kind.choices], required=False)


class UnitForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(label="单位类别", choices=HandlingUnit.Kind.choices)


class ContactForm(forms.Form):
    name = forms.CharField(label="联系人", max_length=50)
    job_title = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(label="手机", max_length=20, required=False)


# How a person receives his first credential (or a reset one): never a password an administrator
# chose. The value names the channel and the kind of secret.
DELIVERY_CHOICES = [
    ("letter_code", "打印开通通知书（激活码）"),
    ("sms_code", "短信发送激活码"),
    ("letter_password", "打印开通通知书（一次性初始密码）"),
]


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(label="发放方式", choices=DELIVERY_CHOICES, initial="letter_code")


class AccountForm(DeliveryForm):
    """A free-standing account (staff, a unit's leader): no role and no password here."""

    username = forms.RegexField(
        label="登录名",
        regex=r"^[A-Za-z0-9_.@-]{3,40}$",
        error_messages={"invalid": "登录名为3至40位字母、数字或 _ . @ -"},
    )
    display_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机（可用于登录）", max_length=20, required=False)
    field_order = ["username", "display_name", "phone", "delivery"]


# Roles the security administrator grants on his page. The member role follows the roster and the
# administrator roles are given only by `manage.py create_admin`.
GRANTABLE_ROLES = [
    (r.value, r.label)
    for r in (
        Role.PROPOSAL_STAFF,
        Role.INFO_STAFF,
        Role.SUPERVISION_STAFF,
        Role.ACTIVITY_STAFF,
        Role.LEADER,
        Role.UNIT_LEADER,
        Role.UNIT_CLERK,
        Role.CONVENER,
        Role.UNIT_LIAISON,
        Role.EXTERNAL_RATER,
    )
]


class RoleGrantForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label="角色", choices=GRANTABLE_ROLES)
    handling_unit = forms.ModelChoiceField(
        label="承办单位（经办人、负责人）", queryset=HandlingUnit.objects.none(), required=False
    )
    participating_unit = forms.ModelChoiceField(
        label="党派团体（联络人）", queryset=ParticipatingUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = HandlingUnit.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["participating_unit"].queryset = ParticipatingUnit.objects.filter(  # type: ignore[attr-defined]
            committee_id=committee_id
        )
