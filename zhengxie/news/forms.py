"""Forms of 要闻动态 and 政协知识. They parse input; the services decide."""

from __future__ import annotations

from django import forms

from zhengxie.regulations.models import Regulation

from .models import Article


class ArticleForm(forms.Form):
    section = forms.ChoiceField(label="栏目", choices=Article.Section.choices)
    title = forms.CharField(label="标题", max_length=200)
    summary = forms.CharField(
        label="摘要", max_length=300, required=False, help_text="列表和工作台显示的一两句话"
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可使用段落、标题、列表、加粗、表格和链接等格式",
    )
    cover = forms.FileField(label="封面图片", required=False, help_text="JPG 或 PNG，不超过5MB")
    remove_cover = forms.BooleanField(label="去掉现有封面图片", required=False)
    regulations = forms.ModelMultipleChoiceField(
        label="相关制度（制度库）",
        queryset=Regulation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="政协知识文章可直接关联制度库中的现行制度，读者点开即看最新版本",
    )

    def __init__(self, *args: object, committee_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["regulations"].queryset = Regulation.objects.filter(  # type: ignore[attr-defined]
            committee_id=committee_id, is_repealed=False
        ).order_by("title")


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label="定时发布",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="留空则立即发布",
    )


class AttachmentForm(forms.Form):
    upload = forms.FileField(label="附件", help_text="PDF、Word、Excel、OFD 或图片，不超过20MB")
