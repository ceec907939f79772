"""Forms of the regulations library. They parse input; the services decide."""

from __future__ import annotations

from django import forms

from zhengxie.consultations.forms import DATE

from .models import Regulation


class RegulationForm(forms.Form):
    title = forms.CharField(label="制度名称", max_length=200)
    category = forms.ChoiceField(label="类别", choices=Regulation.Category.choices)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    adopted_on = forms.DateField(label="通过日期", widget=DATE)
    effective_on = forms.DateField(label="施行日期", widget=DATE)
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}))


class RevisionForm(forms.Form):
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    adopted_on = forms.DateField(label="通过日期", widget=DATE)
    effective_on = forms.DateField(label="施行日期", widget=DATE)
    note = forms.CharField(label="修订说明", max_length=500)
    text = forms.CharField(label="修订后的正文", widget=forms.Textarea(attrs={"rows": 12}))


class RepealForm(forms.Form):
    repealed_on = forms.DateField(label="废止日期", widget=DATE)
