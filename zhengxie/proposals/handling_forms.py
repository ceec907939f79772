"""Forms of assignment, handling and replies. They parse input only; every rule is in the
services (services/assignment.py, services/replies.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.org.models import HandlingUnit
from zhengxie.org.picker import PickerField, PickerMultipleField

from .config import settings_for
from .models import Contact, HandlingMode, PublicScope
from .services.replies import ReplyData

DATE = forms.DateInput(attrs={"type": "date"})


def _units(committee_id: int) -> Any:
    return HandlingUnit.objects.filter(committee_id=committee_id, is_active=True).order_by("name")


class AssignForm(forms.Form):
    mode = forms.ChoiceField(label="办理方式", choices=HandlingMode.choices, initial=HandlingMode.LEAD)
    units = PickerMultipleField(
        kind="units", label="主办单位（分办时选择各承办单位）", queryset=HandlingUnit.objects.none()
    )
    co_units = PickerMultipleField(
        kind="units", label="会办单位", queryset=HandlingUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _units(committee_id)  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = _units(committee_id)  # type: ignore[attr-defined]


class ObjectionForm(forms.Form):
    reason = forms.CharField(label="改办理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    suggested_unit = forms.CharField(label="建议承办单位", max_length=100, required=False)


class ObjectionDecisionForm(forms.Form):
    new_unit = PickerField(
        kind="units",
        label="改由哪个单位办理（同意时选择）",
        queryset=HandlingUnit.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label="审核意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].queryset = _units(committee_id)  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    stage = forms.ChoiceField(label="环节", choices=Contact.Stage.choices)
    mode = forms.ChoiceField(label="方式", choices=Contact.Mode.choices)
    on = forms.DateField(label="日期", widget=DATE)
    participants = forms.CharField(label="参加人员", max_length=300)
    notes = forms.CharField(label="沟通情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="佐证材料（可选）", required=False)


class CoOpinionForm(forms.Form):
    text = forms.CharField(label="会办意见", max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    document = forms.FileField(label="会办意见文件（Word 或 PDF，可选）", required=False)


class ExtensionForm(forms.Form):
    new_due_on = forms.DateField(label="申请延至", widget=DATE)
    reason = forms.CharField(label="延期理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


QUALITY_FIELDS = ("quality_research", "quality_feasibility", "quality_clarity")


class ReplyForm(forms.Form):
    category = forms.ChoiceField(label="答复类别", choices=(), error_messages={"required": "请选择答复类别"})
    text = forms.CharField(label="答复内容", max_length=50000, widget=forms.Textarea(attrs={"rows": 10}))
    summary = forms.CharField(
        label="答复摘要（用于摘要公开）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signing_leader = forms.CharField(label="签发领导", max_length=50)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=20)
    public_scope = forms.ChoiceField(
        label="公开范围建议", choices=PublicScope.choices, initial=PublicScope.FULL
    )
    document = forms.FileField(label="盖章答复件（Word 或 PDF，可选）", required=False)
    quality_research = forms.TypedChoiceField(label="提案质量评价：调研深度", required=False, coerce=int)
    quality_feasibility = forms.TypedChoiceField(label="提案质量评价：建议可行性", required=False, coerce=int)
    quality_clarity = forms.TypedChoiceField(label="提案质量评价：表述清晰", required=False, coerce=int)
    quality_comment = forms.CharField(label="对提案质量的意见（提案者可见）", max_length=500, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = settings_for(committee_id)
        # Starts empty: the unit chooses A/B/C consciously instead of sending the first class.
        choices = [("", "请选择"), *rules.result_choices()]
        self.fields["category"].choices = choices  # type: ignore[attr-defined]
        # 双向评议: each aspect on the committee's scale, highest first.
        scale = [("", "不评价"), *((str(n), f"{n}分") for n in range(rules.quality_scale, 0, -1))]
        for name in QUALITY_FIELDS:
            self.fields[name].choices = scale  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [data.get(name) for name in QUALITY_FIELDS]
        if any(v not in (None, "") for v in given) and not all(v not in (None, "") for v in given):
            raise forms.ValidationError("提案质量评价请三项都选，或都不选")
        return data

    def reply_data(self) -> ReplyData:
        d = self.cleaned_data
        return ReplyData(
            category=d["category"],
            text=d["text"],
            summary=d["summary"],
            signing_leader=d["signing_leader"],
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
            public_scope=d["public_scope"],
            quality=(
                (d["quality_research"], d["quality_feasibility"], d["quality_clarity"])
                if d.get("quality_research") not in (None, "")
                else None
            ),
            quality_comment=d.get("quality_comment", ""),
        )


class ReplyReviewForm(forms.Form):
    adjusted_category = forms.ChoiceField(label="审核调整类别（不调整可不选）", choices=(), required=False)
    public_scope = forms.ChoiceField(label="公开范围", choices=PublicScope.choices)
    comment = forms.CharField(
        label="审核意见（退回时必填）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "不调整"), *settings_for(committee_id).result_choices()]
        self.fields["adjusted_category"].choices = choices  # type: ignore[attr-defined]


def first_error(form: forms.Form, fallback: str) -> str:
    """The first field's problem in Chinese, e.g. a date that is not a date."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}：{errors[0]}" if label else str(errors[0])
    return fallback
