"""The proposer's pages (我的提案: write, co-sign, submit, withdraw) and a proposal's detail page,
which every role shares: each part of the loop adds its panel to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import require_role

from . import output_views, proof_views, review_views, selectors, unit_views
from .forms import AttachmentForm, ProposalForm, WithdrawForm
from .models import Attachment, Proposal
from .permissions import actor_roles, get_proposal_for_user, is_proposer, proposals_visible
from .services import submission
from .similar import similar_to
from .workbench import MEMBER_TASKS
from .workflow import PROPOSER, TABLE, WITHDRAWABLE

P = Proposal.State


def _committee(request: HttpRequest) -> int:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    return committee_id


def require_member(request: HttpRequest) -> int:
    return require_role(request, Role.MEMBER)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    committee_id = require_member(request)
    task = MEMBER_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = task.rows(request.user, committee_id).select_related("session", "term")
    else:
        rows = selectors.my_proposals(request.user, committee_id)
    page = keyset_page(request, rows)
    invitations = list(selectors.cosign_invitations(request.user, committee_id)[:50])
    context = {"page": page, "invitations": invitations, "task": task}
    return render_page(request, "proposals/mine.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    committee_id = require_member(request)
    form = ProposalForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = submission.proposal_create(
                committee_id=committee_id, by=request.user, data=form.data_object()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "草稿已保存")
            return redirect("proposals:detail", proposal.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": None})


@login_required
@require_POST
def similar(request: HttpRequest) -> HttpResponse:
    """While a member writes: the committee's existing proposals that look like the text so far
    (an htmx fragment under the form; see similar.py for the method)."""
    committee_id = require_member(request)
    text = "\n".join(request.POST.get(f, "")[:5000] for f in ("situation", "analysis", "suggestion"))
    exclude = request.POST.get("exclude", "")
    found = similar_to(
        committee_id=committee_id,
        title=request.POST.get("title", "")[:200],
        text=text.strip(),
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    return render(request, "proposals/_similar.html", {"similar": found})


def _own(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_proposal_for_user(
        request.user, pk, Proposal.objects.select_related("proposer__person", "convener__person")
    )
    if not is_proposer(request.user, proposal):
        raise Http404
    return proposal


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own(request, pk)
    if proposal.state not in submission.EDITABLE:
        messages.error(request, f"当前状态为“{proposal.get_state_display()}”，不能修改")
        return redirect("proposals:detail", proposal.pk)
    form = ProposalForm(
        request.POST or None, committee_id=proposal.committee_id, initial=ProposalForm.initial_from(proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission.proposal_update(proposal=proposal, by=request.user, data=form.data_object())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("proposals:detail", proposal.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal})


def detail_context(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    roles = actor_roles(request.user, proposal)
    return {
        "proposal": proposal,
        "roles": roles,
        "is_proposer": PROPOSER in roles,
        "next_states": {
            to for to in TABLE.get(proposal.state, {}) if roles & TABLE[proposal.state][to].roles
        },
        "can_withdraw": PROPOSER in roles and proposal.state in WITHDRAWABLE,
        "can_edit": proposal.created_by_id == request.user.pk and proposal.state in submission.EDITABLE,
        "my_invitation": next(
            (
                c
                for c in proposal.cosigners.all()
                if c.member.person.user_id == request.user.pk and c.answer == "pending"
            ),
            None,
        )
        if proposal.state == P.COSIGNING
        else None,
        "is_convener": proposal.convener is not None and proposal.convener.person.user_id == request.user.pk,
        "attachment_form": AttachmentForm(),
        "withdraw_form": WithdrawForm(),
        "timeline": selectors.timeline(proposal),
    }


# Each part of the loop shows its panel on the detail page: (context provider, template).
PANELS = (
    (review_views.panel, "proposals/_panel_review.html"),
    (proof_views.panel, "proposals/_panel_proof.html"),
    (unit_views.panel, "proposals/_panel_handling.html"),
    (output_views.panel, "proposals/_panel_evaluation.html"),
    (output_views.followup_panel, "proposals/_panel_followup.html"),
)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(
        request.user,
        pk,
        Proposal.objects.select_related(
            "proposer__person", "convener__person", "term", "session", "merged_into", "key_leader"
        ).prefetch_related("suggested_units", "cosigners__member__person", "attachments", "review_notes"),
    )
    context = detail_context(request, proposal)
    for provider, _ in PANELS:
        context.update(provider(request, proposal))
    context["panels"] = [template for _, template in PANELS]
    return render(request, "proposals/detail.html", context)


ACTIONS = {
    "submit": lambda proposal, request: submission.proposal_submit(proposal=proposal, by=request.user),
    "recall": lambda proposal, request: submission.proposal_recall(proposal=proposal, by=request.user),
    "confirm": lambda proposal, request: submission.convener_confirm(proposal=proposal, by=request.user),
    "agree": lambda proposal, request: submission.cosign_answer(
        proposal=proposal, by=request.user, agree=True
    ),
    "decline": lambda proposal, request: submission.cosign_answer(
        proposal=proposal, by=request.user, agree=False
    ),
    "withdraw": lambda proposal, request: submission.proposal_withdraw(
        proposal=proposal, by=request.user, reason=request.POST.get("reason", "")
    ),
}
DONE = {
    "submit": "已提交",
    "recall": "已撤回，可修改后重新提交",
    "confirm": "已确认",
    "agree": "已同意联名",
    "decline": "已谢绝联名",
    "withdraw": "已撤案",
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    proposal = get_proposal_for_user(
        request.user, pk, Proposal.objects.select_related("proposer__person", "convener__person")
    )
    try:
        ACTIONS[action](proposal, request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, DONE[action])
    return redirect("proposals:detail", proposal.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own(request, pk)
    if proposal.state not in submission.EDITABLE:
        messages.error(request, "提案已提交，不能再添加附件")
        return redirect("proposals:detail", proposal.pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件")
        return redirect("proposals:detail", proposal.pk)
    try:
        submission.attachment_add(
            proposal=proposal,
            by=request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "附件已上传")
    return redirect("proposals:detail", proposal.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A proposal's file, for whoever may see the proposal."""
    attachment = Attachment.objects.filter(pk=pk, proposal__in=proposals_visible(request.user)).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
