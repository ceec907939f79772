from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zhengxie.lib.errors import DomainError
from zhengxie.org.models import HandlingUnit, Member, ParticipatingUnit, SpecialCommittee

from .models import LENGTH_GUIDE, Adoption, Correspondent, Instruction, Issue, Level, Opinion, Report
from .services.submission import Draft

DATE = forms.DateInput(attrs={"type": "date"})
BODY_HELP = (
    f"一事一报；一般不超过{LENGTH_GUIDE}字。请按“情况、分析、建议”三部分写：反映的情况是什么，"
    "原因和影响在哪里，具体可行的建议是什么。"
)
BODY_TEMPLATE = "【情况】\n\n【分析】\n\n【建议】\n"


class OpinionForm(forms.Form):
    channel = forms.ChoiceField(label="报送渠道", choices=())
    unit = forms.ModelChoiceField(label="参加单位", queryset=ParticipatingUnit.objects.none(), required=False)
    special_committee = forms.ModelChoiceField(
        label="专门委员会", queryset=SpecialCommittee.objects.none(), required=False
    )
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(
        label="正文",
        max_length=5000,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 14, "data-length-guide": LENGTH_GUIDE}),
    )
    coauthors = forms.CharField(
        label="联名委员", required=False, max_length=300, help_text="本政协委员姓名，多人用逗号或顿号分隔"
    )
    attachment = forms.FileField(
        label="附件", required=False, help_text="PDF、Word、Excel、OFD 或图片，不超过20MB"
    )

    def __init__(self, *args: Any, committee_id: int, channels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee_id = committee_id
        self.fields["channel"].choices = channels  # type: ignore[attr-defined]
        self.fields["unit"].queryset = ParticipatingUnit.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)  # type: ignore[attr-defined]

    def clean_coauthors(self) -> list[Member]:
        raw = self.cleaned_data.get("coauthors", "")
        names = [n.strip() for n in raw.replace("，", ",").replace("、", ",").split(",") if n.strip()]
        found: list[Member] = []
        for name in dict.fromkeys(names):
            matches = list(
                Member.objects.filter(committee_id=self.committee_id, person__name=name, is_active=True)[:2]
            )
            if not matches:
                raise forms.ValidationError(f"本政协没有名为“{name}”的委员")
            if len(matches) > 1:
                raise forms.ValidationError(f"本政协有多位委员名为“{name}”，请联系信息中心代为登记联名")
            found.append(matches[0])
        return found

    def draft(self) -> Draft:
        d = self.cleaned_data
        return Draft(
            title=d["title"],
            body=d["body"],
            channel=d["channel"],
            unit=d.get("unit"),
            special_committee=d.get("special_committee"),
            coauthors=d.get("coauthors") or [],
        )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="标题", required=False, max_length=50)
    state = forms.ChoiceField(label="状态", choices=[("", "全部"), *Opinion.State.choices], required=False)
    channel = forms.ChoiceField(
        label="渠道", choices=[("", "全部"), *Opinion.Channel.choices], required=False
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)


class TextForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", max_length=5000, widget=forms.Textarea(attrs={"rows": 14}))
    note = forms.CharField(label="修改说明", max_length=200, required=False)


class ReportForm(forms.Form):
    target = forms.ChoiceField(label="报送对象", choices=Report.Target.choices)
    target_name = forms.CharField(label="接收单位（党委、政府）", max_length=100, required=False)
    department = forms.ModelChoiceField(label="部门", queryset=HandlingUnit.objects.none(), required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        self.fields["department"].queryset = units  # type: ignore[attr-defined]


class ForwardForm(forms.Form):
    department = forms.ModelChoiceField(label="转送部门", queryset=HandlingUnit.objects.none())

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        self.fields["department"].queryset = units  # type: ignore[attr-defined]


class AdoptionForm(forms.Form):
    level = forms.ChoiceField(label="采用层级", choices=Level.choices)
    kind = forms.ChoiceField(label="采用方式", choices=Adoption.Kind.choices)
    recipient = forms.CharField(label="采用单位", max_length=100)
    adopted_on = forms.DateField(label="采用日期", widget=DATE, initial=timezone.localdate)
    issue_label = forms.CharField(label="刊物期号", max_length=60, required=False)


class InstructionForm(forms.Form):
    leader_name = forms.CharField(label="批示领导", max_length=50)
    level = forms.ChoiceField(label="领导层级", choices=Instruction.Level.choices)
    is_principal = forms.BooleanField(label="主要领导", required=False)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))
    given_on = forms.DateField(label="批示日期", widget=DATE, initial=timezone.localdate)
    department = forms.ModelChoiceField(
        label="落实部门（填写后自动立督办事项）", queryset=HandlingUnit.objects.none(), required=False
    )
    due_on = forms.DateField(label="督办时限", widget=DATE, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        self.fields["department"].queryset = units  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    series = forms.ChoiceField(label="刊物", choices=Issue.Series.choices)


def form_problem(form: forms.Form, fallback: str) -> DomainError:
    """The first field error of a form as a DomainError (for forms posted from the item page)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return DomainError(f"{label}：{errors[0]}" if label else str(errors[0]))
    return DomainError(fallback)


class CorrespondentForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Correspondent.Kind.choices)
    name = forms.CharField(label="名称或姓名", max_length=100)
    username = forms.CharField(label="登录账号（用户名）", max_length=150, required=False)
    unit = forms.ModelChoiceField(
        label="所属参加单位（信息联络员必填）", queryset=ParticipatingUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = ParticipatingUnit.objects.filter(committee_id=committee_id)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_username(self) -> Any:
        from django.contrib.auth import get_user_model

        username = self.cleaned_data.get("username", "").strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError("没有这个账号")
        return user
