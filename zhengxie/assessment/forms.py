"""Forms of the assessment pages. They parse and check input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from zhengxie.org.models import Member
from zhengxie.org.picker import PickerMultipleField

from . import formulas
from .formulas import pts
from .models import Indicator, Method, Office, RaterGroup, Scheme, SubjectKind

YEAR_ERROR = "年度须在2000至2100之间"


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": YEAR_ERROR, "max_value": YEAR_ERROR},
        **kwargs,
    )


class DefaultsForm(forms.Form):
    year = _year_field(label="年度")


class SchemeForm(forms.Form):
    name = forms.CharField(label="方案名称", max_length=100)
    anonymous = forms.BooleanField(label="评议对被考评对象匿名", required=False)
    objection_days = forms.IntegerField(label="公布后异议期（天）", min_value=0, max_value=60)
    bands = forms.CharField(
        label="等次划分",
        max_length=200,
        help_text="每个等次写成“名称:最低分”，用空格分隔，如：优秀:90 良好:80 合格:60 不合格:0",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_bands(self) -> list[list[Any]]:
        bands: list[list[Any]] = []
        for part in self.cleaned_data["bands"].replace("：", ":").split():
            name, _, minimum = part.partition(":")
            try:
                value = Decimal(minimum)
            except Exception:
                raise forms.ValidationError(f"“{part}”的写法不对，应为“名称:最低分”") from None
            if not name or not value.is_finite() or value < 0 or value > 100:
                raise forms.ValidationError(f"“{part}”的写法不对，最低分须在0至100之间")
            bands.append([name[:10], float(value)])
        if not bands:
            raise forms.ValidationError("至少要有一个等次")
        return bands

    @staticmethod
    def initial_for(scheme: Scheme) -> dict[str, Any]:
        return {
            "name": scheme.name,
            "anonymous": scheme.anonymous,
            "objection_days": scheme.objection_days,
            "bands": " ".join(f"{n}:{m:g}" for n, m in scheme.grade_bands),
            "note": scheme.note,
        }


class IndicatorForm(forms.Form):
    name = forms.CharField(label="指标名称", max_length=100)
    points = forms.DecimalField(
        label="分值", max_digits=6, decimal_places=2, min_value=Decimal("0.5"), max_value=Decimal(100)
    )
    method = forms.ChoiceField(label="评分方式", choices=Method.choices)
    formula = forms.ChoiceField(label="计算公式（自动计算时）", required=False)
    standard = forms.CharField(label="评分标准", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formula"].choices = [("", "—"), *formulas.choices_for(kind)]  # type: ignore[attr-defined]
        for group, label in RaterGroup.choices:
            self.fields[f"w_{group}"] = forms.IntegerField(
                label=f"{label}权重（%）", required=False, min_value=0, max_value=100
            )

    def weights(self) -> dict[str, int]:
        return {g: self.cleaned_data.get(f"w_{g}") or 0 for g in RaterGroup.values}

    def weight_fields(self) -> list[Any]:
        return [self[f"w_{g}"] for g in RaterGroup.values]

    @staticmethod
    def initial_for(ind: Indicator) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": ind.name,
            "points": ind.points,
            "method": ind.method,
            "formula": ind.formula,
            "standard": ind.standard,
        }
        for g, w in ind.rater_weights.items():
            initial[f"w_{g}"] = w
        return initial


class GroupForm(forms.Form):
    name = forms.CharField(label="一级指标名称", max_length=100)


class OpenForm(forms.Form):
    scheme = forms.ModelChoiceField(label="考评方案", queryset=Scheme.objects.none(), empty_label=None)
    year = _year_field(label="考评年度")
    title = forms.CharField(
        label="名称", max_length=100, required=False, help_text="不填则按年度和方案名称生成"
    )
    deadline = forms.DateField(label="评议截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    offices = forms.ModelMultipleChoiceField(
        label="参加考评的机关处室（机关处室考评时选择）",
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="处室名单在“机关处室”中维护",
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(committee_id=committee_id, is_current=True)  # type: ignore[attr-defined]
        self.fields["scheme"].label_from_instance = lambda s: f"{s.year}年 {s.name}（{s.get_kind_display()}）"  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year - 1
        offices = Office.objects.filter(committee_id=committee_id, is_active=True)
        self.fields["offices"].queryset = offices  # type: ignore[attr-defined]
        self.fields["offices"].initial = list(offices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme = data.get("scheme")
        if scheme is not None and scheme.kind == SubjectKind.OFFICE and not data.get("offices"):
            self.add_error("offices", "机关处室考评请选择参加考评的处室")
        return data


class AssignForm(forms.Form):
    group = forms.ChoiceField(label="评议组", choices=RaterGroup.choices)
    members = PickerMultipleField(
        kind="members", label="委员（选“委员”组时选择）", queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            committee_id=committee_id, is_active=True, person__user__isnull=False
        ).select_related("person", "sector")


class RateForm(forms.Form):
    comment = forms.CharField(
        label="评议意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for ind in indicators:
            self.fields[f"i{ind.pk}"] = forms.DecimalField(
                label=f"{ind.name}（满分{pts(ind.points)}分）",
                min_value=Decimal(0),
                max_value=ind.points,
                max_digits=6,
                decimal_places=2,
                help_text=ind.standard,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
                error_messages={
                    "required": f"请为“{ind.name}”打分",
                    "max_value": f"“{ind.name}”最高{pts(ind.points)}分",
                    "min_value": "得分不能小于0",
                },
            )

    def marks(self) -> dict[int, Any]:
        return {ind.pk: self.cleaned_data[f"i{ind.pk}"] for ind in self.indicators}


class EvidenceForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label="得分", max_digits=6, decimal_places=2, min_value=Decimal(0))
    note = forms.CharField(label="评分依据", max_length=1000)


class ObjectionForm(forms.Form):
    reason = forms.CharField(label="异议理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="处理结果", choices=[("1", "采纳"), ("0", "不予采纳")], coerce=lambda v: v == "1"
    )
    decision = forms.CharField(label="处理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.ModelChoiceField(
        label="更正的指标（采纳且需改分时）", queryset=Indicator.objects.none(), required=False
    )
    value = forms.DecimalField(
        label="更正后得分", required=False, max_digits=6, decimal_places=2, min_value=Decimal(0)
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(scheme=scheme, parent__isnull=False)  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    deadline = forms.DateField(label="新的评议截止日期", widget=forms.DateInput(attrs={"type": "date"}))
