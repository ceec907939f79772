"""Forms of group exchange and contacts. The services check every rule again; the forms give the
user a field-by-field message first."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.lib.uploads import ALLOWED_TEXT
from zhengxie.org.models import Member, RoleAssignment, Sector, SpecialCommittee
from zhengxie.org.picker import PickerMultipleField

from .contacts import LIAISON_TOPICS
from .models import BODY_MAX, Group
from .permissions import OFFICE_ROLES
from .services import MAX_ATTACHMENTS, RETENTION_RANGE


def committee_members(committee_id: int) -> Any:
    return Member.objects.filter(committee_id=committee_id, is_active=True, person__user__isnull=False)


def staff_choices(committee_id: int) -> list[tuple[int, str]]:
    rows = (
        RoleAssignment.objects.filter(committee_id=committee_id, role__in=OFFICE_ROLES, user__is_active=True)
        .values_list("user_id", "user__display_name", "user__username")
        .order_by("user__display_name", "user_id")
        .distinct()
    )
    seen: dict[int, str] = {}
    for pk, name, username in rows:
        seen.setdefault(pk, name or username)
    return list(seen.items())


def _field(form: forms.Form, name: str) -> Any:
    """A form field whose choices or queryset the form narrows to the committee."""
    return form.fields[name]


class MembersField(PickerMultipleField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            kind="members", queryset=Member.objects.none(), label="委员", required=False, **kwargs
        )


class GroupForm(forms.Form):
    name = forms.CharField(label="群名称", max_length=60)
    kind = forms.ChoiceField(label="类型")
    sector = forms.ModelChoiceField(
        label="加入整个界别的委员", queryset=Sector.objects.none(), required=False, empty_label="（不按界别）"
    )
    special_committee = forms.ModelChoiceField(
        label="加入整个专委会的委员",
        queryset=SpecialCommittee.objects.none(),
        required=False,
        empty_label="（不按专委会）",
    )
    members = MembersField()
    staff = forms.TypedMultipleChoiceField(
        label="机关工作人员", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, committee_id: int, office: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(k, label) for k, label in Group.Kind.choices if k != Group.Kind.OFFICE]
        _field(self, "kind").choices = kinds if office else [(Group.Kind.TEAM, Group.Kind.TEAM.label)]
        _field(self, "members").queryset = committee_members(committee_id)
        if office:
            _field(self, "sector").queryset = Sector.objects.filter(committee_id=committee_id)
            _field(self, "special_committee").queryset = SpecialCommittee.objects.filter(
                committee_id=committee_id
            )
        else:
            del self.fields["sector"], self.fields["special_committee"]
        _field(self, "staff").choices = staff_choices(committee_id)

    def user_ids(self) -> list[int]:
        ids = [m.person.user_id for m in self.cleaned_data["members"].select_related("person")]
        return [*ids, *self.cleaned_data["staff"]]


class AddMembersForm(forms.Form):
    members = MembersField()
    staff = forms.TypedMultipleChoiceField(
        label="机关工作人员", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "members").queryset = committee_members(committee_id)
        _field(self, "staff").choices = staff_choices(committee_id)

    def user_ids(self) -> list[int]:
        ids = [m.person.user_id for m in self.cleaned_data["members"].select_related("person")]
        return [*ids, *self.cleaned_data["staff"]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label="消息", max_length=BODY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(
        label="附件", required=False, help_text=f"{ALLOWED_TEXT}，最多{MAX_ATTACHMENTS}个，每个不超过20MB"
    )


class SettingsForm(forms.Form):
    retention_months = forms.IntegerField(
        label="消息保存期限（月）", min_value=RETENTION_RANGE[0], max_value=RETENTION_RANGE[1]
    )
    members_may_create_teams = forms.BooleanField(label="允许委员自建课题调研组", required=False)


class CardForm(forms.Form):
    show_phone = forms.BooleanField(label="向本会委员公开我的手机号码", required=False)
    show_work = forms.BooleanField(label="向本会委员公开我的工作单位和职务", required=False)
    office_phone = forms.CharField(
        label="办公电话（机关工作人员填写，显示在联络人名单中）", max_length=30, required=False
    )
    liaison_note = forms.CharField(label="联络事项说明", max_length=100, required=False)


class OfficeForm(forms.Form):
    topic = forms.ChoiceField(label="联络事项", choices=[(k, t.label) for k, t in LIAISON_TOPICS.items()])
    body = forms.CharField(label="留言内容", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4}))
