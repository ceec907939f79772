"""Forms of the consultation pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.org.models import HandlingUnit, Member, ParticipatingUnit, Sector, SpecialCommittee
from zhengxie.org.picker import PickerField, PickerMultipleField

from . import config
from .models import Activity, Consultation, Document, Outcome, Platform, PlatformActivity, Topic

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


class CommitteeForm(forms.Form):
    """A form whose choices are limited to one committee's rows."""

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee_id = committee_id
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is not None and hasattr(qs.model, "committee_id"):
                field.queryset = qs.filter(committee_id=committee_id)  # type: ignore[attr-defined]


def _members() -> Any:
    return Member.objects.filter(is_active=True).select_related("person", "sector").order_by("person__name")


def MemberChoice(**kwargs: Any) -> PickerMultipleField:
    """Members of the committee, searched on demand (CommitteeForm limits the queryset)."""
    return PickerMultipleField(kind="members", **kwargs)


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class TopicForm(CommitteeForm):
    title = forms.CharField(label="议题", max_length=200)
    source_kind = forms.ChoiceField(label="提出方", choices=Topic.SourceKind.choices)
    party = forms.ModelChoiceField(label="党派团体", queryset=ParticipatingUnit.objects.all(), required=False)
    special_committee = forms.ModelChoiceField(
        label="专委会", queryset=SpecialCommittee.objects.all(), required=False
    )
    reason = forms.CharField(label="理由与建议", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TopicDecisionForm(CommitteeForm):
    form: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="协商形式", queryset=config.ConsultationForm.objects.none(), required=False
    )
    lead = forms.ModelChoiceField(label="牵头专委会", queryset=SpecialCommittee.objects.all(), required=False)
    planned_month = forms.IntegerField(label="计划月份", min_value=1, max_value=12, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, committee_id=committee_id, **kwargs)
        self.fields["form"].queryset = config.ConsultationForm.objects.filter(  # type: ignore[attr-defined]
            pk__in=[f.pk for f in config.forms_for(committee_id)]
        )


class ConsultationForm(TopicDecisionForm):
    title = forms.CharField(label="协商议题", max_length=200)
    meeting_on = forms.DateField(label="会议日期", required=False, widget=DATE)
    field_order = ["title", "form", "lead", "meeting_on"]

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, committee_id=committee_id, **kwargs)
        self.fields["form"].required = True
        del self.fields["planned_month"]


class ScheduleForm(forms.Form):
    meeting_on = forms.DateField(label="会议日期", widget=DATE)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=Document.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    upload = forms.FileField(label="附件（PDF、Word、OFD等）", required=False)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label="成果类型", choices=Outcome.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    addressee = forms.CharField(label="报送", max_length=100, initial="中共市委、市人民政府")
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))


class InstructionForm(CommitteeForm):
    instructed_by = forms.CharField(label="批示领导", max_length=50)
    instruction = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))
    given_on = forms.DateField(label="批示日期", widget=DATE, required=False)
    lead_unit = PickerField(
        kind="units", label="落实单位", queryset=HandlingUnit.objects.filter(is_active=True)
    )
    due_on = forms.DateField(label="落实时限", widget=DATE)


class FeedbackForm(forms.Form):
    adoption = forms.ChoiceField(label="采纳情况", choices=[c for c in Outcome.Adoption.choices if c[0]])
    feedback = forms.CharField(label="反馈情况", widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(CommitteeForm):
    kind = forms.ChoiceField(label="类型", choices=Activity.Kind.choices)
    title = forms.CharField(label="名称", max_length=200)
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    place = forms.CharField(label="地点", max_length=100, required=False)
    video_link = forms.URLField(label="视频会议链接", required=False, assume_scheme="https")
    organiser = forms.ModelChoiceField(
        label="承办专委会", queryset=SpecialCommittee.objects.all(), required=False
    )
    consultation = forms.ModelChoiceField(
        label="所属协商", queryset=Consultation.objects.exclude(state="archived"), required=False
    )


class InviteForm(CommitteeForm):
    members = MemberChoice(label="委员", queryset=_members(), required=False)
    sectors = forms.ModelMultipleChoiceField(label="界别", queryset=Sector.objects.all(), required=False)
    specials = forms.ModelMultipleChoiceField(
        label="专委会", queryset=SpecialCommittee.objects.all(), required=False
    )
    standing = forms.BooleanField(label="全体常委", required=False)


class LeaveForm(forms.Form):
    reason = forms.CharField(label="请假事由", max_length=300)


class DeliberationForm(CommitteeForm):
    title = forms.CharField(label="议题", max_length=200)
    description = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    opens_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    closes_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    members = MemberChoice(label="受邀委员", queryset=_members(), required=False)
    sectors = forms.ModelMultipleChoiceField(
        label="按界别邀请", queryset=Sector.objects.all(), required=False
    )
    specials = forms.ModelMultipleChoiceField(
        label="按专委会邀请", queryset=SpecialCommittee.objects.all(), required=False
    )
    consultation = forms.ModelChoiceField(
        label="所属协商", queryset=Consultation.objects.exclude(state="archived"), required=False
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="发言", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SummaryForm(forms.Form):
    summary = forms.CharField(label="意见综述", widget=forms.Textarea(attrs={"rows": 5}))


class PlatformForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    level = forms.ChoiceField(label="层级", choices=Platform.Level.choices)
    township = forms.CharField(label="乡镇（街道）", max_length=50)
    village = forms.CharField(label="村（社区）", max_length=50, required=False)


class PlatformActivityForm(CommitteeForm):
    held_on = forms.DateField(label="日期", widget=DATE)
    topic = forms.CharField(label="协商事项", max_length=200)
    participants = forms.IntegerField(label="参加人数", min_value=0, max_value=100000)
    members = MemberChoice(label="参加委员", queryset=_members(), required=False)
    problems_solved = forms.IntegerField(label="解决问题数", min_value=0, max_value=10000)
    result = forms.CharField(label="协商结果", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlatformMembersForm(CommitteeForm):
    """Add members to a recorded grassroots activity of the platform, or take one off."""

    activity = forms.ModelChoiceField(label="协商活动", queryset=PlatformActivity.objects.all())
    members = MemberChoice(label="参加委员", queryset=_members(), required=False)
    member = forms.ModelChoiceField(label="委员", queryset=Member.objects.all(), required=False)

    def __init__(self, *args: Any, platform: Platform, **kwargs: Any) -> None:
        super().__init__(*args, committee_id=platform.committee_id, **kwargs)
        self.fields["activity"].queryset = PlatformActivity.objects.filter(  # type: ignore[attr-defined]
            platform=platform
        )


class MonthForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12)
