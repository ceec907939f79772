from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.lib import labels


class EventFilterForm(forms.Form):
    # Chinese drop-downs from the labels registry; the values are the stored names.
    action = forms.ChoiceField(label="操作", required=False)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    result = forms.ChoiceField(
        label="结果", choices=[("", "全部"), ("ok", "成功"), ("fail", "失败")], required=False
    )
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action: Any = self.fields["action"]
        action.choices = [("", "全部"), *labels.action_choices()]
        kinds = sorted(labels.kinds().items(), key=lambda kv: (kv[1], kv[0]))
        object_type: Any = self.fields["object_type"]
        object_type.choices = [("", "全部"), *kinds]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("结束日期不能早于开始日期")
        return data
