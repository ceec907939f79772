"""Forms of topic groups: opening a group, posting, hiding a post, distilling a suggestion."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q

from zhengxie.org.models import Committee, Sector, SpecialCommittee

from .models import BODY_MAX, TopicGroup
from .services import GroupDraft, SuggestionDraft

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AREAS = [
    "经济发展",
    "科技创新",
    "生态环境",
    "城乡建设",
    "教育",
    "医疗卫生",
    "社会保障",
    "文化旅游",
    "社会治理",
    "乡村振兴",
]


class GroupForm(forms.Form):
    title = forms.CharField(label="议政主题", max_length=100)
    description = forms.CharField(label="议题说明", max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(
        label="类型",
        choices=TopicGroup.Kind.choices,
        initial=TopicGroup.Kind.STANDING,
        widget=forms.RadioSelect,
    )
    closes_at = forms.DateTimeField(label="截止时间（限时议政群）", required=False, widget=DATETIME)
    sectors = forms.ModelMultipleChoiceField(
        label="限定界别（不选则面向全体委员）",
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    special_committees = forms.ModelMultipleChoiceField(
        label="限定专委会",
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lower_committees = forms.ModelMultipleChoiceField(
        label="同时邀请下级政协的全体委员",
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["sectors"].queryset = Sector.objects.filter(committee_id=committee_id).order_by("id")
        fields["special_committees"].queryset = SpecialCommittee.objects.filter(
            committee_id=committee_id
        ).order_by("id")
        fields["lower_committees"].queryset = Committee.objects.filter(
            Q(parent_id=committee_id) | Q(parent__parent_id=committee_id)
        ).order_by("code")

    def draft(self) -> GroupDraft:
        d = self.cleaned_data
        return GroupDraft(
            title=d["title"],
            description=d["description"],
            kind=d["kind"],
            closes_at=d.get("closes_at"),
            sectors=list(d.get("sectors") or []),
            special_committees=list(d.get("special_committees") or []),
            lower_committees=list(d.get("lower_committees") or []),
        )


class PostForm(forms.Form):
    body = forms.CharField(
        label="发言内容",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "围绕议题发表您的意见建议"}),
    )
    picture = forms.FileField(label="图片（可选，JPG 或 PNG）", required=False)


class HideForm(forms.Form):
    reason = forms.CharField(label="隐藏原因", max_length=200)


class SuggestionForm(forms.Form):
    area = forms.CharField(label="领域", max_length=40, widget=forms.TextInput(attrs={"list": "areas"}))
    title = forms.CharField(label="建议标题", max_length=200)
    summary = forms.CharField(label="建议内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    posts = forms.CharField(
        label="来源帖子编号",
        max_length=2000,
        help_text="填写帖子编号，多个编号用逗号或空格分隔；也可在下方勾选",
        required=False,
    )

    def clean_posts(self) -> list[int]:
        raw = self.cleaned_data.get("posts") or ""
        parts = [p for p in re.split(r"[\s,，、;；]+", raw) if p]
        if any(not p.isdigit() or len(p) > 12 for p in parts):
            raise forms.ValidationError("帖子编号须是数字")
        return [int(p) for p in parts]

    def draft(self, picked: list[int]) -> SuggestionDraft:
        d = self.cleaned_data
        return SuggestionDraft(
            area=d["area"], title=d["title"], summary=d["summary"], post_ids=d["posts"] + picked
        )
