from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from zhengxie.org.models import HandlingUnit, RoleAssignment
from zhengxie.org.picker import PickerField, PickerMultipleField
from zhengxie.org.roles import Role

from .config import POLICY_FIELDS, sources_for
from .models import Colour, Item, ItemSource, ReportCycle, WarningPolicy
from .services.items import ItemData


def _units(committee_id: int) -> Any:
    return HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)


def _leaders(committee_id: int) -> Any:
    ids = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("display_name")


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.username)


class BoardFilterForm(forms.Form):
    q = forms.CharField(label="名称/编号", required=False, max_length=50)
    state = forms.ChoiceField(label="状态", choices=[("", "全部"), *Item.State.choices], required=False)
    source = forms.ModelChoiceField(label="来源", queryset=ItemSource.objects.none(), required=False)
    unit = forms.ModelChoiceField(label="牵头单位", queryset=HandlingUnit.objects.none(), required=False)
    leader = LeaderChoice(label="督办领导", queryset=get_user_model().objects.none(), required=False)
    colour = forms.ChoiceField(label="预警", choices=[("", "全部"), *Colour.choices], required=False)
    due_from = forms.DateField(label="时限自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_to = forms.DateField(label="时限至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    top_only = forms.BooleanField(label="只看一级事项", required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = ItemSource.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = _units(committee_id)  # type: ignore[attr-defined]
        self.fields["leader"].queryset = _leaders(committee_id)  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    title = forms.CharField(label="事项名称", max_length=200)
    category = forms.CharField(
        label="类别", max_length=40, required=False, help_text="如：协商议政、民主监督"
    )
    source = forms.ModelChoiceField(label="来源", queryset=ItemSource.objects.none())
    content = forms.CharField(label="督查内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    requirement = forms.CharField(label="办理要求", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    due_on = forms.DateField(label="办结时限", widget=forms.DateInput(attrs={"type": "date"}))
    lead_unit = PickerField(kind="units", label="牵头单位", queryset=HandlingUnit.objects.none())
    co_units = PickerMultipleField(
        kind="units", label="配合单位", queryset=HandlingUnit.objects.none(), required=False
    )
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)
    supervising_leader = LeaderChoice(
        label="督办领导", queryset=get_user_model().objects.none(), required=False
    )
    report_cycle = forms.ChoiceField(
        label="进度报告周期", choices=ReportCycle.choices, initial=ReportCycle.NONE
    )
    report_day = forms.IntegerField(label="每期报告日（几号）", min_value=1, max_value=28, initial=5)
    report_dates = forms.CharField(
        label="指定报告日期",
        required=False,
        help_text="按指定日期报告时填写，多个日期用逗号分隔，如 2026-06-30,2026-09-30",
    )
    weight = forms.DecimalField(
        label="权重", min_value=Decimal("0.01"), max_digits=6, decimal_places=2, initial=1
    )
    parent = forms.ModelChoiceField(label="上级事项", queryset=Item.objects.none(), required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources_for(committee_id)  # make sure the committee has its source list
        self.fields["source"].queryset = ItemSource.objects.filter(committee_id=committee_id, is_active=True)  # type: ignore[attr-defined]
        self.fields["lead_unit"].queryset = _units(committee_id)  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = _units(committee_id)  # type: ignore[attr-defined]
        self.fields["supervising_leader"].queryset = _leaders(committee_id)  # type: ignore[attr-defined]
        self.fields["parent"].queryset = Item.objects.filter(committee_id=committee_id).exclude(  # type: ignore[attr-defined]
            state__in=(Item.State.CLOSED, Item.State.CANCELLED)
        )

    def clean_report_dates(self) -> list[date]:
        raw = self.cleaned_data["report_dates"].replace("，", ",")
        try:
            return [date.fromisoformat(part.strip()) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError("日期格式应为 2026-06-30，多个日期用逗号分隔") from None

    def item_data(self) -> ItemData:
        d = self.cleaned_data
        return ItemData(
            title=d["title"],
            category=d["category"],
            source=d["source"],
            content=d["content"],
            requirement=d["requirement"],
            due_on=d["due_on"],
            lead_unit=d["lead_unit"],
            co_units=list(d["co_units"]),
            responsible_person=d["responsible_person"],
            supervising_leader=d["supervising_leader"],
            report_cycle=d["report_cycle"],
            report_day=d["report_day"],
            report_dates=d["report_dates"],
            weight=d["weight"],
            parent=d["parent"],
        )

    @staticmethod
    def initial_for(item: Item) -> dict[str, Any]:
        return {
            "title": item.title,
            "category": item.category,
            "source": item.source_id,
            "content": item.content,
            "requirement": item.requirement,
            "due_on": item.due_on,
            "lead_unit": item.lead_unit_id,
            "co_units": [u.pk for u in item.co_units.all()],
            "responsible_person": item.responsible_person,
            "supervising_leader": item.supervising_leader_id,
            "report_cycle": item.report_cycle,
            "report_day": item.report_day,
            "report_dates": ",".join(item.report_dates),
            "weight": item.weight,
            "parent": item.parent_id,
        }


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label="完成进度(%)", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    attachment = forms.FileField(label="附件", required=False)


class ExtensionForm(forms.Form):
    new_due_on = forms.DateField(label="申请延至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    progress_text = forms.CharField(
        label="目前进展", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CompletionForm(forms.Form):
    text = forms.CharField(label="办结报告", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    attachment = forms.FileField(label="附件", required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退办理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReturnDecisionForm(forms.Form):
    note = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    new_lead_unit = PickerField(
        kind="units", label="改由单位牵头", queryset=HandlingUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_lead_unit"].queryset = _units(committee_id)  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class BulletinForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度", coerce=int, choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]
    )


class SpecialReportForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    background = forms.CharField(label="基本情况", widget=forms.Textarea(attrs={"rows": 5}))
    issues = forms.CharField(label="存在问题（每行一条）", widget=forms.Textarea(attrs={"rows": 5}))
    suggestions = forms.CharField(
        label="下一步建议", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    leader_instruction = forms.CharField(
        label="领导批示", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = WarningPolicy
        fields = list(POLICY_FIELDS)


class SourceForm(forms.Form):
    name = forms.CharField(label="新增来源", max_length=40)
