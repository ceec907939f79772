from __future__ import annotations

from django import forms


class EventFilterForm(forms.Form):
    action = forms.CharField(
        label="操作", required=False, max_length=80, help_text="如 auth. 或 role.granted"
    )
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    object_type = forms.CharField(label="对象类型", required=False, max_length=60)
    result = forms.ChoiceField(
        label="结果", choices=[("", "全部"), ("ok", "成功"), ("fail", "失败")], required=False
    )
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("结束日期不能早于开始日期")
        return data
