from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from zhengxie.consultations.forms import CommitteeForm, MemberChoice, _members
from zhengxie.consultations.models import Platform, Step
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Group

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photographs at once (checked by content in the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class GroupForm(forms.Form):
    name = forms.CharField(label="活动小组名称", max_length=100)
    township = forms.CharField(label="乡镇（街道）", max_length=50)


class ConvenerForm(CommitteeForm):
    group = forms.ModelChoiceField(label="活动小组", queryset=Group.objects.all())
    user = forms.ModelChoiceField(label="召集人账号", queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, committee_id=committee_id, **kwargs)
        holders = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.CONVENER).values(
            "user_id"
        )
        users = get_user_model().objects.filter(pk__in=holders).order_by("display_name")
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].help_text = "列出已由安全管理员授予“乡镇活动召集人”角色的账号"


class StepsForm(forms.Form):
    steps = forms.MultipleChoiceField(
        label="平台协商步骤", choices=Step.choices, widget=forms.CheckboxSelectMultiple
    )


class PlatformForm(CommitteeForm):
    name = forms.CharField(label="平台名称", max_length=100)
    level = forms.ChoiceField(label="层级", choices=Platform.Level.choices)
    township = forms.CharField(label="乡镇（街道）", max_length=50)
    village = forms.CharField(label="村（社区）", max_length=50, required=False)
    group = forms.ModelChoiceField(label="活动小组", queryset=Group.objects.all(), required=False)


class ProfileForm(forms.Form):
    convener_name = forms.CharField(label="有召集人（姓名）", max_length=50, required=False)
    venue = forms.CharField(label="有活动场所", max_length=100, required=False)
    has_sign = forms.BooleanField(label="有统一标识", required=False)
    system = forms.CharField(label="有活动制度和内容", max_length=300, required=False)
    has_archive = forms.BooleanField(label="有档案资料", required=False)


class GroupChoiceForm(CommitteeForm):
    group = forms.ModelChoiceField(label="活动小组", queryset=Group.objects.all(), required=False)


class AssignForm(CommitteeForm):
    members = MemberChoice(label="联系委员", queryset=_members())


class OpenForm(forms.Form):
    title = forms.CharField(label="协商议题", max_length=200)
    note = forms.CharField(
        label="议题来源和确定情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    done_on = forms.DateField(label="日期", widget=DATE)
    photos = PhotosField(label="现场照片")


class StepForm(CommitteeForm):
    note = forms.CharField(label="本步骤情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    done_on = forms.DateField(label="日期", widget=DATE)
    participants = forms.IntegerField(label="参加人数", min_value=1, max_value=100000, required=False)
    members = MemberChoice(label="参加委员", queryset=_members(), required=False)
    photos = PhotosField(label="现场照片")


class ProblemForm(forms.Form):
    text = forms.CharField(label="群众反映的问题", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    state = forms.ChoiceField(
        label="办理结果",
        choices=[("solved", "已解决"), ("opinion", "转社情民意"), ("proposal", "转提案线索")],
    )
    outcome = forms.CharField(label="说明", max_length=500)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    people_met = forms.IntegerField(label="联系群众人数", min_value=0, max_value=100000)
    summary = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    problems = forms.CharField(
        label="群众反映的问题（每行一个）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
