"""Forms of the publication pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.consultations.forms import DATE
from zhengxie.consultations.models import Outcome
from zhengxie.plenary.models import Speech

from .models import Series
from .services import USABLE_SPEECHES


class SeriesForm(forms.Form):
    name = forms.CharField(label="刊物名称", max_length=40)
    kind = forms.ChoiceField(label="类型", choices=Series.Kind.choices)


class IssueForm(forms.Form):
    series = forms.ModelChoiceField(label="刊物", queryset=Series.objects.none())
    title = forms.CharField(label="本期主题", max_length=200)

    def __init__(self, *args: Any, series: list[Series], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = Series.objects.filter(  # type: ignore[attr-defined]
            pk__in=[s.pk for s in series if s.is_active]
        )


class ItemForm(forms.Form):
    outcome = forms.ModelChoiceField(label="选用协商成果", queryset=Outcome.objects.none(), required=False)
    speech = forms.ModelChoiceField(label="选用大会发言", queryset=Speech.objects.none(), required=False)
    title = forms.CharField(label="标题（选用时可不填）", max_length=200, required=False)
    author = forms.CharField(label="作者或来源", max_length=100, required=False)
    body = forms.CharField(
        label="正文（选用时可不填）", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = Outcome.objects.filter(  # type: ignore[attr-defined]
            committee_id=committee_id
        ).order_by("-id")
        self.fields["speech"].queryset = Speech.objects.filter(  # type: ignore[attr-defined]
            committee_id=committee_id, state__in=USABLE_SPEECHES
        ).order_by("-id")


class SendForm(forms.Form):
    recipients = forms.CharField(label="报送领导", max_length=300, help_text="如：市委书记、市长、分管副市长")
    sent_on = forms.DateField(label="报送日期", widget=DATE, required=False)


class InstructionForm(forms.Form):
    leader_name = forms.CharField(label="批示领导", max_length=50)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    given_on = forms.DateField(label="批示日期", widget=DATE)
