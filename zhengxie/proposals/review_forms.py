"""Forms of the proposal staff's pages: the queue's filters, the review decisions, the
committee's proposal rules. They parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import HandlingUnit, RoleAssignment
from zhengxie.org.picker import PickerMultipleField
from zhengxie.org.roles import Role

from .config import NUMBER_FIELDS, destinations_for
from .models import Proposal, ProposalSettings, ProposerKind

P = Proposal.State
OPEN = "open"  # the queue's default: everything still under review, whatever the stage
QUEUE_STATES = [(OPEN, "待审查"), ("", "全部")] + [
    (value, label) for value, label in P.choices if value not in (P.DRAFT, P.COSIGNING)
]


def _leaders(committee_id: int) -> Any:
    ids = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("display_name")


def _units(committee_id: int) -> Any:
    return HandlingUnit.objects.filter(committee_id=committee_id, is_active=True).order_by("name")


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.username)


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="案由", required=False, max_length=50)
    state = forms.ChoiceField(label="状态", choices=QUEUE_STATES, required=False)
    stage = forms.TypedChoiceField(label="审查环节", choices=[], coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label="提案者类别", choices=[("", "全部"), *ProposerKind.choices], required=False
    )
    category = forms.ChoiceField(label="分类", choices=[], required=False)
    plenary = forms.ChoiceField(
        label="大会/平时", choices=[("", "全部"), ("1", "大会提案"), ("0", "平时提案")], required=False
    )
    year = forms.IntegerField(label="年度", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, rules: ProposalSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "全部"), *enumerate(rules.review_stages)]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "全部"), *((c, c) for c in rules.categories)]  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退回意见"},
    )


class NotFileForm(forms.Form):
    reason = forms.ChoiceField(
        label="不予立案理由", choices=[], error_messages={"required": "请选择不予立案理由"}
    )
    destination = forms.ChoiceField(label="去向", choices=[], error_messages={"required": "请选择去向"})
    comment = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, rules: ProposalSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Starts empty: a reason is chosen, never sent as whichever came first in the list.
        self.fields["reason"].choices = [("", "请选择"), *((r, r) for r in rules.reject_reasons)]  # type: ignore[attr-defined]
        # The committee's own destinations (the four defaults unless it changed them).
        choices = [(d.code, d.name) for d in destinations_for(rules.committee_id)]
        self.fields["destination"].choices = choices  # type: ignore[attr-defined]
        self.fields["destination"].initial = choices[0][0] if choices else ""


class FileForm(forms.Form):
    category = forms.ChoiceField(label="分类", choices=[], error_messages={"required": "请选择提案分类"})
    suggested_units = PickerMultipleField(
        kind="units", label="建议承办单位", queryset=HandlingUnit.objects.none(), required=False
    )
    is_key = forms.BooleanField(label="列为重点提案", required=False)
    key_leader = LeaderChoice(label="领衔督办领导", queryset=get_user_model().objects.none(), required=False)
    comment = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, rules: ProposalSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in rules.categories]  # type: ignore[attr-defined]
        self.fields["suggested_units"].queryset = _units(rules.committee_id)  # type: ignore[attr-defined]
        self.fields["key_leader"].queryset = _leaders(rules.committee_id)  # type: ignore[attr-defined]


class KeyForm(forms.Form):
    leader = LeaderChoice(
        label="领衔督办领导",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "请选择领衔督办的领导"},
    )
    comment = forms.CharField(label="说明", required=False, max_length=2000)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _leaders(committee_id)  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    secondaries = forms.TypedMultipleChoiceField(
        label="并入本提案的提案", choices=[], coerce=int, error_messages={"required": "请勾选要并入的提案"}
    )
    comment = forms.CharField(label="说明", required=False, max_length=2000)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secondaries"].choices = choices  # type: ignore[attr-defined]


def _lines(value: list[str]) -> str:
    return "\n".join(value)


class SettingsForm(forms.Form):
    review_stages = forms.CharField(
        label="审查环节（每行一个，按先后）", widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = forms.CharField(label="提案分类（每行一个）", widget=forms.Textarea(attrs={"rows": 5}))
    reject_reasons = forms.CharField(
        label="不予立案理由（每行一个）", widget=forms.Textarea(attrs={"rows": 8})
    )
    label_a = forms.CharField(label="A类答复说明", max_length=100)
    label_b = forms.CharField(label="B类答复说明", max_length=100)
    label_c = forms.CharField(label="C类答复说明", max_length=100)
    label_d = forms.CharField(label="D类答复说明", max_length=100, required=False)
    quota_groups = forms.CharField(
        label="须提交集体提案的委员小组和乡镇联络组（每行一个，可不填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    use_category_d = forms.BooleanField(label="启用D类答复", required=False)
    objection_in_working_days = forms.BooleanField(label="异议期限按工作日计", required=False)
    require_pre_contact = forms.BooleanField(label="答复前须有办前沟通", required=False)

    def __init__(self, *args: Any, rules: ProposalSettings, **kwargs: Any) -> None:
        initial = {
            "review_stages": _lines(rules.review_stages),
            "categories": _lines(rules.categories),
            "reject_reasons": _lines(rules.reject_reasons),
            "quota_groups": _lines(rules.quota_groups),
            **{f"label_{c.lower()}": rules.result_labels.get(c, "") for c in "ABCD"},
            **{
                name: getattr(rules, name)
                for name in (
                    *NUMBER_FIELDS,
                    "use_category_d",
                    "objection_in_working_days",
                    "require_pre_contact",
                )
            },
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for name in NUMBER_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=str(getattr(ProposalSettings._meta.get_field(name), "verbose_name", name)),
                min_value=0 if name == "collective_quota" else 1,
                max_value=366,
            )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        labels = {c: data[f"label_{c.lower()}"] for c in "ABCD" if data.get(f"label_{c.lower()}")}
        return {
            "review_stages": data["review_stages"].splitlines(),
            "categories": data["categories"].splitlines(),
            "reject_reasons": data["reject_reasons"].splitlines(),
            "quota_groups": data["quota_groups"].splitlines(),
            "result_labels": labels,
            **{name: data[name] for name in NUMBER_FIELDS},
            "use_category_d": data["use_category_d"],
            "objection_in_working_days": data["objection_in_working_days"],
            "require_pre_contact": data["require_pre_contact"],
        }


class QuotaForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=1990, max_value=2100)

    def year_or_this(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year
