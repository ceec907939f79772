"""Proposal staff's pages for what reaches them on paper and for their own vocabulary: entering
a proposal on its proposers' behalf (代录, a past session's included) and the committee's
destinations for proposals not filed (不予立案去向)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member, Session
from zhengxie.org.picker import PickerField
from zhengxie.org.roles import Role
from zhengxie.org.scope import require_role

from . import config
from .forms import ProposalForm
from .models import NotFiledDestination
from .services import submission


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"第{obj.term.number}届第{obj.number}次会议（{obj.plenary_opens_on:%Y年}）"


class EntryForm(ProposalForm):
    """The proposal form plus what the staff know from the paper: the session it was handed in
    to, 大会 or 平时, and the first proposer of a member's proposal."""

    session = SessionChoice(
        label="所属会议", queryset=Session.objects.none(), error_messages={"required": "请选择所属会议"}
    )
    plenary = forms.TypedChoiceField(
        label="提交时段",
        choices=[("1", "大会期间（大会提案）"), ("0", "闭会期间（平时提案）")],
        coerce=lambda v: v == "1",
        initial="1",
    )
    proposer = PickerField(
        kind="members",
        label="第一提案人（委员个人或联名提案）",
        queryset=Member.objects.none(),
        required=False,
    )
    field_order = ["session", "plenary", "kind", "proposer"]

    def __init__(self, *args: Any, committee_id: int, **kwargs: Any) -> None:
        super().__init__(*args, committee_id=committee_id, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["session"].queryset = Session.objects.filter(committee_id=committee_id).select_related("term")
        fields["proposer"].queryset = Member.objects.filter(committee_id=committee_id).select_related(
            "person"
        )
        fields["cosigners"].label = "联名人（按纸质提案上的签名）"
        fields["convener"].label = "召集人（可不填）"


@login_required
def enter(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.PROPOSAL_STAFF)
    form = EntryForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal = submission.proposal_enter_on_behalf(
                committee_id=committee_id,
                by=request.user,
                data=form.data_object(),
                session=d["session"],
                plenary=d["plenary"],
                proposer=d["proposer"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已代录提案，进入审查：{proposal.title}")
            return redirect("proposals:detail", proposal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "proposals/enter.html", {"form": form}, status=status)


@login_required
def destinations(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.PROPOSAL_STAFF)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                row = config.destination_add(
                    committee_id=committee_id,
                    by=request.user,
                    name=request.POST.get("name", ""),
                    to_opinion=request.POST.get("to_opinion") == "1",
                    rewarded=request.POST.get("rewarded") == "1",
                )
                messages.success(request, f"已增加去向：{row.name}")
            else:
                raw = request.POST.get("id", "")
                found = NotFiledDestination.objects.filter(
                    committee_id=committee_id, pk=int(raw) if raw.isdigit() else 0
                ).first()
                if found is None:
                    raise Http404
                active = request.POST.get("action") == "enable"
                config.destination_toggle(destination=found, by=request.user, active=active)
                messages.success(request, f"已{'启用' if active else '停用'}：{found.name}")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("proposals:destinations")
    rows = config.destinations_for(committee_id, active_only=False)
    return render(request, "proposals/destinations.html", {"rows": rows})
