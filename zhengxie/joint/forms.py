from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.consultations.forms import CommitteeForm, MemberChoice, _members
from zhengxie.org.models import Committee, Member, ParticipatingUnit


class CommitteeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_level_display()}）"


class AddForm(CommitteeForm):
    partner = CommitteeChoice(
        label="联办政协", queryset=Committee.objects.all(), required=False, empty_label="（不选）"
    )
    unit = forms.ModelChoiceField(
        label="联办党派团体", queryset=ParticipatingUnit.objects.all(), required=False, empty_label="（不选）"
    )
    venue = forms.CharField(label="分会场（远程参加时填写）", max_length=100, required=False)
    note = forms.CharField(label="联办分工", max_length=300, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, committee_id=committee_id, **kwargs)
        # Any committee but this one: upper, lower and sibling committees co-organise at once,
        # the others are asked first.
        self.fields["partner"].queryset = Committee.objects.exclude(pk=committee_id).order_by(  # type: ignore[attr-defined]
            "code"
        )
        self.fields["partner"].help_text = "上级、下级、同级政协直接联办；其他政协须对方确认"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("partner")) == bool(data.get("unit")):
            raise forms.ValidationError("请选择一个联办的政协或党派团体")
        return data


class MembersForm(CommitteeForm):
    members = MemberChoice(label="本会委员", queryset=_members())


class UnitMembersForm(forms.Form):
    """A liaison ticks the unit's own members to invite (a sector's members of one committee: a
    short list, shown whole)."""

    members = forms.ModelMultipleChoiceField(
        label="本党派团体委员",
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请选择要邀请的委员",
            "invalid_choice": "只能邀请本党派团体的委员",
            "invalid_pk_value": "只能邀请本党派团体的委员",
        },
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = members.select_related("person").order_by("person__name")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: m.person.name  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    note = forms.CharField(label="答复意见（谢绝时必填）", max_length=300, required=False)


class VenueForm(forms.Form):
    venue = forms.CharField(label="分会场", max_length=100, required=False)
