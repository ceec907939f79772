"""Forms of the duty pages. They parse and check input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from zhengxie.org.models import Person, Sector, SpecialCommittee

from .models import AttendanceSheet, Category, Rule, Split, Unit

DATE = forms.DateInput(attrs={"type": "date"})


def _pairs(text: str, what: str) -> list[tuple[str, str]]:
    """Lines of "名称=数值"."""
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, sep, value = line.replace("＝", "=").partition("=")
        if not sep or not label.strip() or not value.strip():
            raise forms.ValidationError(f"{what}第{number}行应写成“名称=数值”")
        try:
            Decimal(value.strip())
        except ArithmeticError as exc:
            raise forms.ValidationError(f"{what}第{number}行的数值不是数字") from exc
        pairs.append((label.strip(), value.strip()))
    return pairs


class ReportForm(forms.Form):
    code = forms.ChoiceField(label="履职项目")
    variant = forms.CharField(
        label="分档", required=False, max_length=20, help_text="有分档的项目须选择，如“省级”"
    )
    title = forms.CharField(label="活动名称", max_length=100)
    happened_on = forms.DateField(label="活动日期", widget=DATE)
    quantity = forms.IntegerField(
        label="数量", min_value=1, max_value=20, initial=1, help_text="按项目的计分单位填写"
    )
    description = forms.CharField(label="活动情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(
        label="证明材料", required=False, help_text="图片（JPG、PNG）、PDF 或 Word 文件，不超过8MB"
    )

    def __init__(self, *args: Any, rules: list[Rule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for r in rules:
            if r.reportable and r.is_active:
                extra = "（须附证明材料）" if r.needs_evidence else ""
                choices.append((r.code, f"{r.get_category_display()}：{r.title}{extra}"))
        self.fields["code"].choices = choices  # type: ignore[attr-defined]
        variants = sorted({v for r in rules if r.reportable for v in r.variants})
        if variants:
            self.fields["variant"] = forms.ChoiceField(
                label="分档", required=False, choices=[("", "—"), *[(v, v) for v in variants]]
            )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="审核意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class SheetForm(forms.Form):
    title = forms.CharField(label="会议或活动名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=AttendanceSheet.Kind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)


class LineFilterForm(forms.Form):
    sector = forms.ModelChoiceField(label="界别", queryset=Sector.objects.none(), required=False)
    special = forms.ModelChoiceField(label="专委会", queryset=SpecialCommittee.objects.none(), required=False)
    q = forms.CharField(label="姓名", required=False, max_length=20)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["special"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]


class RankFilterForm(LineFilterForm):
    party = forms.ChoiceField(
        label="政治面貌", required=False, choices=[("", "全部"), *Person.Affiliation.choices]
    )
    grade = forms.CharField(label="等次", required=False, max_length=10)


class RuleForm(forms.Form):
    title = forms.CharField(label="项目", max_length=100)
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    points = forms.DecimalField(label="分值", max_digits=6, decimal_places=2, help_text="扣分项目填负数")
    unit = forms.ChoiceField(label="计分单位", choices=Unit.choices)
    cap = forms.DecimalField(label="年度上限", max_digits=6, decimal_places=2, required=False, min_value=0)
    split = forms.ChoiceField(label="多人分配", choices=Split.choices)
    variants = forms.CharField(
        label="分档分值",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一档，写成“省级=12”；不分档请留空",
    )
    needs_evidence = forms.BooleanField(label="须附证明材料", required=False)
    reportable = forms.BooleanField(label="委员可自行申报（须审核）", required=False)
    auto_fed = forms.BooleanField(label="由系统自动记分", required=False)
    is_active = forms.BooleanField(label="启用", required=False)

    def clean_variants(self) -> dict[str, str]:
        return dict(_pairs(self.cleaned_data["variants"], "分档分值"))

    @staticmethod
    def initial_for(rule: Rule) -> dict[str, Any]:
        values = {f: getattr(rule, f) for f in ("title", "category", "points", "unit", "cap", "split")}
        values.update(
            needs_evidence=rule.needs_evidence,
            reportable=rule.reportable,
            auto_fed=rule.auto_fed,
            is_active=rule.is_active,
            variants="\n".join(f"{k}={v}" for k, v in rule.variants.items()),
        )
        return values


class RuleCreateForm(RuleForm):
    code = forms.RegexField(
        label="代码",
        regex=r"^[A-Za-z][A-Za-z0-9]{1,7}$",
        error_messages={"invalid": "代码为2至8位字母或数字，以字母开头"},
    )
    field_order = ["code"]


class SettingsForm(forms.Form):
    full_score = forms.DecimalField(
        label="满分",
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("1"),
        help_text="原始总分达到满分即折算为100分",
    )
    grade_bands = forms.CharField(
        label="等次划分",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个等次，写成“优秀=90”（该等次的最低分）",
    )
    minimums = forms.CharField(
        label="基本履职要求",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一项：名称 | 代码,代码 | 次数 | 常委（仅常委适用时写）",
    )
    publish_ranks = forms.BooleanField(label="向委员公布其在界别、专委会内的排名", required=False)
    plenary_absences_per_term = forms.IntegerField(
        label="本届全体会议无故缺席提示次数", min_value=1, max_value=50
    )
    standing_absences_per_year = forms.IntegerField(
        label="常委会议年度缺席提示次数", min_value=1, max_value=50
    )
    standing_absences_per_term = forms.IntegerField(
        label="常委会议本届缺席提示次数", min_value=1, max_value=100
    )
    standing_report_due = forms.DateField(label="常委年度履职报告截止日期", required=False, widget=DATE)
    reminder_days = forms.IntegerField(label="截止前几天提醒", min_value=0, max_value=90)

    def clean_grade_bands(self) -> list[dict[str, Any]]:
        pairs = _pairs(self.cleaned_data["grade_bands"], "等次划分")
        if not pairs:
            raise forms.ValidationError("至少填写一个等次")
        bands = [{"label": label, "min": float(value)} for label, value in pairs]
        return sorted(bands, key=lambda b: -b["min"])

    def clean_minimums(self) -> list[dict[str, Any]]:
        items = []
        for number, line in enumerate(self.cleaned_data["minimums"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [x.strip() for x in line.replace("｜", "|").split("|")]
            if len(parts) < 3 or not parts[0]:
                raise forms.ValidationError(f"基本履职要求第{number}行应写成“名称 | 代码,代码 | 次数”")
            codes = [c.strip().upper() for c in parts[1].replace("，", ",").split(",") if c.strip()]
            if not codes or not parts[2].isdigit() or int(parts[2]) < 1:
                raise forms.ValidationError(f"基本履职要求第{number}行的代码或次数不正确")
            item: dict[str, Any] = {"label": parts[0], "codes": codes, "count": int(parts[2])}
            if len(parts) > 3 and parts[3] == "常委":
                item["standing_only"] = True
            items.append(item)
        return items

    @staticmethod
    def initial_for(settings: Any) -> dict[str, Any]:
        values = {
            f: getattr(settings, f) for f in SettingsForm.base_fields if f not in ("grade_bands", "minimums")
        }
        values["grade_bands"] = "\n".join(f"{b['label']}={b['min']:g}" for b in settings.grade_bands)
        values["minimums"] = "\n".join(
            " | ".join(
                [m["label"], ",".join(m["codes"]), str(m.get("count", 1))]
                + (["常委"] if m.get("standing_only") else [])
            )
            for m in settings.minimums
        )
        return values


class InterviewForm(forms.Form):
    held_on = forms.DateField(label="约谈日期", widget=DATE)
    note = forms.CharField(label="约谈情况", max_length=500)


class ReverseForm(forms.Form):
    reason = forms.CharField(label="冲正原因", max_length=300)


class AwardForm(forms.Form):
    code = forms.ChoiceField(label="积分项目")
    variant = forms.CharField(label="分档", required=False, max_length=20)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=100, initial=1)
    note = forms.CharField(label="说明（依据）", max_length=300)

    def __init__(self, *args: Any, rules: list[Rule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["code"]
        field.choices = [
            (r.code, f"{r.code} {r.title}（{r.points:g}分/{r.unit}）") for r in rules if r.is_active
        ]


class StandingReportForm(forms.Form):
    text = forms.CharField(
        label="报告内容", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )
    file = forms.FileField(label="或上传报告文件", required=False, help_text="Word（.docx）或 PDF，不超过8MB")
