from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from .models import Entry

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Entry.Kind.choices)
    title = forms.CharField(label="事项", max_length=200)
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    place = forms.CharField(label="地点", max_length=100, required=False)
    organiser = forms.CharField(label="承办处室", max_length=50, required=False)
    leaders = forms.ModelMultipleChoiceField(
        label="参加领导",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holders = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values("user_id")
        leaders = get_user_model().objects.filter(pk__in=holders).order_by("display_name")
        self.fields["leaders"].queryset = leaders  # type: ignore[attr-defined]


class LeadersForm(forms.Form):
    leaders = forms.ModelMultipleChoiceField(
        label="参加领导",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holders = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values("user_id")
        leaders = get_user_model().objects.filter(pk__in=holders).order_by("display_name")
        self.fields["leaders"].queryset = leaders  # type: ignore[attr-defined]
