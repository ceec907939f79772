"""Forms of the proposer's side: the proposal form, attachments, withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms

from zhengxie.org.models import HandlingUnit, Member, ParticipatingUnit, Sector, SpecialCommittee
from zhengxie.org.picker import PickerField, PickerMultipleField

from .config import settings_for
from .models import Attachment, Proposal, ProposerKind
from .services.submission import ProposalData

LENGTH_GUIDE = "全文约1000字为宜：情况、分析、建议三部分齐全，一事一案。"


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label="提案者类别", choices=ProposerKind.choices, initial=ProposerKind.MEMBER)
    title = forms.CharField(label="案由", max_length=200, help_text="请用“关于……的建议”的格式")
    situation = forms.CharField(label="情况", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    analysis = forms.CharField(label="分析", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    suggestion = forms.CharField(label="建议", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    category = forms.ChoiceField(label="分类", required=False)
    # Pickers search on demand: the page never lists the committee's members or units.
    suggested_units = PickerMultipleField(
        kind="units", label="建议承办单位", queryset=HandlingUnit.objects.none(), required=False
    )
    cosigners = PickerMultipleField(
        kind="members", label="联名人（联名提案）", queryset=Member.objects.none(), required=False
    )
    participating_unit = forms.ModelChoiceField(
        label="党派/人民团体（集体提案）", queryset=ParticipatingUnit.objects.none(), required=False
    )
    special_committee = forms.ModelChoiceField(
        label="专门委员会（集体提案）", queryset=SpecialCommittee.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(label="界别（集体提案）", queryset=Sector.objects.none(), required=False)
    group_name = forms.CharField(label="委员小组名称", max_length=50, required=False)
    convener = PickerField(
        kind="members", label="召集人（集体提案确认人）", queryset=Member.objects.none(), required=False
    )
    consent_publish = forms.BooleanField(label="同意公开提案及答复", required=False, initial=True)
    no_publish_reason = forms.CharField(label="不同意公开的理由", max_length=200, required=False)

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = (
            Member.objects.filter(committee_id=committee_id, is_active=True)
            .select_related("person", "sector")
            .order_by("person__name")
        )
        fields: dict[str, Any] = self.fields  # typed loosely: choice fields get their options here
        fields["category"].choices = [
            ("", "请选择"),
            *((c, c) for c in settings_for(committee_id).categories),
        ]
        fields["suggested_units"].queryset = HandlingUnit.objects.filter(
            committee_id=committee_id, is_active=True
        )
        fields["cosigners"].queryset = members
        fields["convener"].queryset = members
        fields["participating_unit"].queryset = ParticipatingUnit.objects.filter(committee_id=committee_id)
        fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)
        fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)
        self.fields["situation"].help_text = LENGTH_GUIDE

    def data_object(self) -> ProposalData:
        d = self.cleaned_data
        return ProposalData(
            title=d["title"],
            situation=d["situation"],
            analysis=d["analysis"],
            suggestion=d["suggestion"],
            category=d["category"],
            suggested_units=list(d["suggested_units"]),
            consent_publish=d["consent_publish"],
            no_publish_reason=d["no_publish_reason"],
            kind=d["kind"],
            cosigners=list(d["cosigners"]) if d["kind"] == ProposerKind.JOINT else [],
            participating_unit=d["participating_unit"],
            special_committee=d["special_committee"],
            sector=d["sector"],
            group_name=d["group_name"],
            convener=d["convener"],
        )

    @staticmethod
    def initial_from(proposal: Proposal) -> dict[str, Any]:
        return {
            "kind": proposal.kind,
            "title": proposal.title,
            "situation": proposal.situation,
            "analysis": proposal.analysis,
            "suggestion": proposal.suggestion,
            "category": proposal.category,
            "suggested_units": list(proposal.suggested_units.all()),
            "cosigners": [c.member for c in proposal.cosigners.all()],
            "participating_unit": proposal.participating_unit,
            "special_committee": proposal.special_committee,
            "sector": proposal.sector,
            "group_name": proposal.group_name,
            "convener": proposal.convener,
            "consent_publish": proposal.consent_publish,
            "no_publish_reason": proposal.no_publish_reason,
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件")
    kind = forms.ChoiceField(
        label="类型",
        choices=[(Attachment.Kind.MATERIAL, "附件材料"), (Attachment.Kind.SEAL, "盖章件（集体提案）")],
        initial=Attachment.Kind.MATERIAL,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤案理由", max_length=200, required=False)
