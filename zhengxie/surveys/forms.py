"""Forms of surveys: a new questionnaire with its audience, a question. The answer form is drawn
from the questions in the template and read by the service."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.consultations.models import Consultation
from zhengxie.org.models import HandlingUnit, Sector, SpecialCommittee

from .models import Question
from .services import QuestionDraft, SurveyDraft

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.Form):
    title = forms.CharField(label="问卷标题", max_length=100)
    description = forms.CharField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    anonymous = forms.BooleanField(
        label="匿名问卷（不记录填写人与答卷的对应关系）", required=False, initial=True
    )
    closes_at = forms.DateTimeField(label="截止时间", widget=DATETIME)
    all_members = forms.BooleanField(label="全体委员", required=False)
    sectors = forms.ModelMultipleChoiceField(
        label="或按界别", queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    special_committees = forms.ModelMultipleChoiceField(
        label="或按专委会",
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label="承办单位（满意度调查等）",
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    public = forms.BooleanField(
        label="社会公众（在政协公众建言页公开填写，无需登录，只能匿名）", required=False
    )
    consultation = forms.ModelChoiceField(
        label="用于协商的前期调研（可选）", queryset=Consultation.objects.none(), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["sectors"].queryset = Sector.objects.filter(committee_id=committee_id).order_by("id")
        fields["special_committees"].queryset = SpecialCommittee.objects.filter(
            committee_id=committee_id
        ).order_by("id")
        fields["units"].queryset = HandlingUnit.objects.filter(
            committee_id=committee_id, is_active=True
        ).order_by("id")
        fields["consultation"].queryset = Consultation.objects.filter(committee_id=committee_id).order_by(
            "-id"
        )[:100]

    def draft(self) -> SurveyDraft:
        d = self.cleaned_data
        return SurveyDraft(
            title=d["title"],
            description=d.get("description") or "",
            closes_at=d.get("closes_at"),
            anonymous=bool(d.get("anonymous")),
            all_members=bool(d.get("all_members")),
            sectors=list(d.get("sectors") or []),
            special_committees=list(d.get("special_committees") or []),
            units=list(d.get("units") or []),
            consultation=d.get("consultation"),
            public=bool(d.get("public")),
        )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="题型", choices=Question.Kind.choices)
    text = forms.CharField(label="题目", max_length=300)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    choices = forms.CharField(
        label="选项（选择题，每行一个）",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scale_max = forms.IntegerField(label="量表最高分", min_value=2, max_value=10, initial=5, required=False)
    show_if = forms.ModelChoiceField(
        label="仅当此前的单选题……（可选）", queryset=Question.objects.none(), required=False
    )
    show_if_choice = forms.IntegerField(
        label="……选第几项时显示本题", min_value=1, max_value=20, required=False
    )

    def __init__(self, *args: Any, survey_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["show_if"].queryset = Question.objects.filter(survey_id=survey_id, kind=Question.Kind.SINGLE)

    def draft(self) -> QuestionDraft:
        d = self.cleaned_data
        return QuestionDraft(
            kind=d["kind"],
            text=d["text"],
            required=bool(d.get("required")),
            choices=[line for line in (d.get("choices") or "").splitlines()],
            scale_max=d.get("scale_max") or 5,
            show_if=d.get("show_if"),
            show_if_choice=d.get("show_if_choice"),
        )
