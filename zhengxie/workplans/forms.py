from __future__ import annotations

from django import forms

from zhengxie.consultations.forms import CommitteeForm
from zhengxie.org.models import SpecialCommittee

from .models import Item

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class ItemForm(CommitteeForm):
    plan = forms.ChoiceField(label="计划", choices=Item.Plan.choices)
    form = forms.ChoiceField(label="形式", choices=Item.Form.choices)
    title = forms.CharField(label="项目", max_length=200)
    lead = forms.ModelChoiceField(label="牵头专委会", queryset=SpecialCommittee.objects.all())
    month = forms.IntegerField(label="计划月份", min_value=1, max_value=12)
    target = forms.CharField(label="监督对象或视察单位（民主评议必填）", max_length=100, required=False)


class DecideForm(forms.Form):
    note = forms.CharField(label="审定意见（退回时必填）", max_length=500, required=False)


class ArrangeForm(forms.Form):
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    place = forms.CharField(label="地点", max_length=100)
