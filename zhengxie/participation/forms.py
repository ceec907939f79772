"""Forms of the participation pages. They only parse input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zhengxie.org.models import HandlingUnit, Member, Sector

from .models import MICRO_LENGTH, TOPICS, Campaign, MicroSuggestion, Reception


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MicroForm(forms.Form):
    title = forms.CharField(label="标题", max_length=60)
    body = forms.CharField(
        label="建议内容",
        widget=forms.Textarea(attrs={"rows": 6, "data-length-guide": MICRO_LENGTH}),
        help_text=f"简明扼要，{MICRO_LENGTH}字以内：什么问题、建议怎么改",
    )
    place = forms.CharField(label="地点", max_length=100, help_text="如：城东街道幸福路与人民路交叉口")
    topic = forms.ChoiceField(label="类别", choices=[("", "请选择")] + [(t, t) for t in TOPICS])
    photos = PhotosField(label="照片（最多3张，每张不超过5兆）", required=False)

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"].strip()
        if len(body) > MICRO_LENGTH:
            raise forms.ValidationError(
                f"微建议内容不能超过{MICRO_LENGTH}个字，较长的意见请写成社情民意或提案"
            )
        return body


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label="办理单位", queryset=HandlingUnit.objects.none())
    note = forms.CharField(label="交办意见", max_length=200, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True).order_by(
            "name"
        )


class RateForm(forms.Form):
    rating = forms.ChoiceField(label="评价", choices=MicroSuggestion.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="评价意见", max_length=200, required=False)


class SettingsForm(forms.Form):
    screen_days = forms.IntegerField(label="甄别交办时限（工作日）", min_value=1, max_value=30)
    answer_days = forms.IntegerField(label="办理答复时限（工作日）", min_value=1, max_value=60)
    public_phone_verify = forms.BooleanField(
        label="公众在线建言须通过短信验证手机号码",
        required=False,
        help_text="开启后，群众在公众建言页面提交前须获取并填写短信验证码。",
    )


class StudioForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    place = forms.CharField(label="地点", max_length=200)
    opening = forms.CharField(label="开放时间", max_length=100, help_text="如：每周三上午")
    serves = forms.CharField(label="服务的村（社区）", max_length=300, required=False)
    sectors = forms.ModelMultipleChoiceField(
        label="联系界别", queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    members = forms.ModelMultipleChoiceField(label="入驻委员", queryset=Member.objects.none())

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sectors = self.fields["sectors"]
        members = self.fields["members"]
        assert isinstance(sectors, forms.ModelMultipleChoiceField)
        assert isinstance(members, forms.ModelMultipleChoiceField)
        sectors.queryset = Sector.objects.filter(committee_id=committee_id).order_by("order", "id")
        members.queryset = (
            Member.objects.filter(committee_id=committee_id, is_active=True)
            .select_related("person")
            .order_by("person__name")
        )
        members.label_from_instance = lambda m: m.person.name  # type: ignore[method-assign,assignment]


class ReceptionForm(forms.Form):
    received_on = forms.DateField(label="接待日期", widget=forms.DateInput(attrs={"type": "date"}))
    visitor_kind = forms.ChoiceField(label="来访类别", choices=Reception.Visitor.choices)
    visitor_name = forms.CharField(label="来访人姓名（仅本人和工作人员可见）", max_length=50, required=False)
    visitor_phone = forms.CharField(label="联系电话（仅本人和工作人员可见）", max_length=20, required=False)
    problem = forms.CharField(label="反映的问题", widget=forms.Textarea(attrs={"rows": 4}), max_length=1000)
    action = forms.CharField(
        label="处理情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )
    solved = forms.BooleanField(label="已当场解决", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class CarryOnForm(forms.Form):
    """Turning a reception into a micro-suggestion (needs place and topic), 社情民意 or a proposal."""

    title = forms.CharField(label="标题", max_length=60)
    place = forms.CharField(label="地点", max_length=100, required=False)
    topic = forms.ChoiceField(
        label="类别", choices=[("", "请选择")] + [(t, t) for t in TOPICS], required=False
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label="主题", max_length=100)
    description = forms.CharField(label="征集说明", widget=forms.Textarea(attrs={"rows": 5}))
    audience = forms.ChoiceField(label="征集对象", choices=Campaign.Audience.choices)
    sector = forms.ModelChoiceField(
        label="界别（征集对象为界别委员时）", queryset=Sector.objects.none(), required=False
    )
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ModelChoiceField)
        sector.queryset = Sector.objects.filter(committee_id=committee_id).order_by("order", "id")
