"""Forms of 委员学习's pages. They parse input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.org.models import Member, Sector, SpecialCommittee
from zhengxie.org.picker import PickerMultipleField

from .models import Course, Lesson, PlanItem

DATE = forms.DateInput(attrs={"type": "date"})
QUIZ_HELP = (
    '每题一行写成：{"q": "题目", "options": ["选项一", "选项二", "选项三"], "answer": 0}，'
    "answer 为正确选项的序号（从0开始），多题用方括号括起、逗号分隔。"
)


class CourseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Course.Kind.choices)
    title = forms.CharField(label="名称", max_length=200)
    summary = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    topic = forms.CharField(
        label="专题", max_length=50, required=False, help_text="如：理论学习、履职能力、经济、民生"
    )
    credit_hours = forms.IntegerField(label="学时", min_value=1, max_value=40, initial=1)
    sectors = forms.ModelMultipleChoiceField(
        label="适用界别", queryset=Sector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    special_committees = forms.ModelMultipleChoiceField(
        label="适用专委会",
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        specials: Any = self.fields["special_committees"]
        specials.queryset = SpecialCommittee.objects.filter(committee_id=committee_id)


class LessonForm(forms.Form):
    title = forms.CharField(label="课时标题", max_length=200)
    kind = forms.ChoiceField(label="形式", choices=Lesson.Kind.choices)
    order = forms.IntegerField(label="顺序", min_value=0, max_value=999, initial=0)
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="图文课时的正文，可使用段落、标题、列表、加粗等格式；其余形式可填写导读。",
    )
    upload = forms.FileField(
        label="课时文件",
        required=False,
        help_text="PDF或Word文档不超过20MB；音频（MP3、M4A）、视频（MP4）不超过500MB",
    )
    link_url = forms.URLField(label="内网视频链接", required=False, max_length=200, assume_scheme="https")
    rule = forms.ChoiceField(label="完成条件", choices=Lesson.Rule.choices)
    min_minutes = forms.IntegerField(label="最少学习时长（分钟）", min_value=0, max_value=600, initial=0)
    quiz = forms.CharField(
        label="测验题", required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text=QUIZ_HELP
    )
    pass_percent = forms.IntegerField(label="及格线（%）", min_value=1, max_value=100, initial=60)


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label="定时发布",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="留空则立即发布",
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=100)


class PlanItemForm(forms.Form):
    course = forms.ModelChoiceField(label="必修课程", queryset=Course.objects.none())
    audience = forms.ChoiceField(label="学习对象", choices=PlanItem.Audience.choices)
    sector = forms.ModelChoiceField(label="界别", queryset=Sector.objects.none(), required=False)
    special_committee = forms.ModelChoiceField(
        label="专委会", queryset=SpecialCommittee.objects.none(), required=False
    )
    due_on = forms.DateField(label="完成期限", widget=DATE)

    def __init__(self, *args: Any, committee_id: int, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200)


class GroupForm(forms.Form):
    name = forms.CharField(label="读书群名称", max_length=100)
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    members = PickerMultipleField(kind="members", label="成员", queryset=Member.objects.none())
    books = forms.CharField(
        label="书单",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一本，书名与作者用“/”分隔，如：乡土中国/费孝通",
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            committee_id=committee_id, is_active=True
        ).select_related("person", "sector")

    def book_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data.get("books", "").splitlines():
            title, _, author = line.partition("/")
            if title.strip():
                rows.append((title.strip(), author.strip()))
        return rows


class BookForm(forms.Form):
    title = forms.CharField(label="书名", max_length=200)
    author = forms.CharField(label="作者", max_length=100, required=False)


class NoteForm(forms.Form):
    book = forms.ChoiceField(label="所读书目", required=False)
    title = forms.CharField(label="心得标题", max_length=200)
    body = forms.CharField(label="心得正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, books: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["book"].choices = [("", "（不限书目）"), *books]  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    body = forms.CharField(label="评论", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class LectureForm(forms.Form):
    title = forms.CharField(label="讲题", max_length=200)
    speaker = forms.CharField(label="主讲人", max_length=100)
    held_on = forms.DateField(label="举办日期", widget=DATE)
    activity = forms.TypedChoiceField(
        label="会议活动（出席计入履职）", coerce=int, required=False, empty_value=None
    )
    course = forms.ModelChoiceField(label="讲座录像课程", queryset=Course.objects.none(), required=False)
    summary = forms.CharField(label="内容提要", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, activities: list[tuple[int, str]], courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "（不关联）"), *activities]  # type: ignore[attr-defined]
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
