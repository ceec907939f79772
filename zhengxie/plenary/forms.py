"""Forms of the plenary pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.consultations.forms import DATETIME, CommitteeForm, MemberChoice
from zhengxie.org.models import Member, ParticipatingUnit, SpecialCommittee
from zhengxie.org.picker import PickerField

from .models import AgendaItem, Speech


def _members() -> Any:
    return Member.objects.filter(is_active=True).select_related("person", "sector").order_by("person__name")


class AgendaForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AgendaItem.Kind.choices)
    title = forms.CharField(label="议程", max_length=200)
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    place = forms.CharField(label="地点", max_length=100)
    presider = forms.CharField(label="主持人", max_length=50, required=False)


class GroupForm(CommitteeForm):
    name = forms.CharField(label="组名", max_length=50)
    room = forms.CharField(label="讨论地点", max_length=100)
    convener = PickerField(kind="members", label="召集人", queryset=_members(), required=False)
    secretary = forms.CharField(label="联络员", max_length=50, required=False)


class SeatForm(CommitteeForm):
    members = MemberChoice(label="分到本组的委员", queryset=_members())


class CallForm(forms.Form):
    title = forms.CharField(label="征集标题", max_length=200)
    guidance = forms.CharField(
        label="征集要求", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )
    closes_at = forms.DateTimeField(label="截止时间", widget=DATETIME)


class SpeechForm(CommitteeForm):
    title = forms.CharField(label="题目", max_length=200)
    body = forms.CharField(label="发言稿", widget=forms.Textarea(attrs={"rows": 14}), max_length=20000)
    unit = forms.ModelChoiceField(
        label="代表参加单位（个人发言不选）", queryset=ParticipatingUnit.objects.all(), required=False
    )
    special_committee = forms.ModelChoiceField(
        label="代表专委会（个人发言不选）", queryset=SpecialCommittee.objects.all(), required=False
    )


class SpeechEditForm(forms.Form):
    title = forms.CharField(label="题目", max_length=200)
    body = forms.CharField(label="发言稿", widget=forms.Textarea(attrs={"rows": 14}), max_length=20000)


class StaffSpeechForm(SpeechForm):
    """Activity staff register a speech handed in on paper, naming its member author."""

    author = PickerField(kind="members", label="发言人（执笔人）", queryset=_members())
    field_order = ["author", "title", "body", "unit", "special_committee"]


DECISIONS = [
    (Speech.State.ORAL, "选为大会口头发言"),
    (Speech.State.WRITTEN, "采用为书面发言"),
    (Speech.State.RETURNED, "退回修改"),
    (Speech.State.NOT_SELECTED, "不予采用"),
]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="审核结果", choices=DECISIONS, widget=forms.RadioSelect)
    order = forms.IntegerField(label="口头发言顺序", min_value=1, max_value=999, required=False)
    note = forms.CharField(
        label="审核意见（退回修改时必填）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
    )
