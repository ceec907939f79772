"""Proofreading pages (校对, the 校 of 三审三校): the office's list of filed proposals with where
each stands in its rounds, the proofreading page of one proposal (the text to correct, the
rounds so far with their corrections and the proposer's answers), and the proposer's answer.
The detail page of every proposal shows the 三审三校 stages (`panel`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from . import config
from .models import ProofCorrection, ProofRound, Proposal
from .permissions import get_proposal_for_user, is_office, is_proposer
from .review_views import require_office
from .selectors import PROOF_STATES, proof_rows
from .services import proofreading

P = Proposal.State
SHOWS = {
    "to_proof": "待校对",
    "pending": "待提案者确认",
    "commented": "提案者有意见",
    "done": "已校完",
}


@login_required
def proof_list(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    show = request.GET.get("show", "to_proof")
    if show not in SHOWS:
        raise Http404
    rules = config.settings_for(committee_id)
    page = keyset_page(request, proof_rows(committee_id, show))
    context = {"page": page, "show": show, "shows": SHOWS, "rounds": rules.proof_rounds}
    return render_page(request, "proposals/proof_list.html", context)


def _rounds(proposal: Proposal) -> list[ProofRound]:
    return list(proposal.proof_rounds.select_related("by", "answered_by").prefetch_related("corrections"))


@login_required
def proof_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's proofreading page of one proposal: edit the text, see the rounds so far."""
    proposal = get_proposal_for_user(request.user, pk)
    if not is_office(request.user, proposal.committee_id):
        raise Http404
    can_act = has_role(request.user, proposal.committee_id, Role.PROPOSAL_STAFF)
    status = 200
    if request.method == "POST":
        if not can_act:
            raise Http404
        texts = {name: request.POST.get(name, "") for name in proofreading.FIELDS}
        try:
            row = proofreading.proof_round_start(
                proposal=proposal, by=request.user, texts=texts, note=request.POST.get("note", "")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, f"第{row.number}轮校对已完成，已请提案者确认")
            return redirect("proposals:proof", proposal.pk)
    rules = config.settings_for(proposal.committee_id)
    context = {
        "proposal": proposal,
        "rounds": _rounds(proposal),
        "rules": rules,
        "can_act": can_act and proposal.state in PROOF_STATES,
        "fields": [
            (name, ProofCorrection.Field(name).label, request.POST.get(name, getattr(proposal, name)))
            for name in proofreading.FIELDS
        ],
    }
    return render(request, "proposals/proof.html", context, status=status)


@login_required
@require_POST
def proof_answer(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The proposer confirms the round's text or comments on it."""
    proposal = get_proposal_for_user(
        request.user, pk, Proposal.objects.select_related("proposer__person", "convener__person")
    )
    if not is_proposer(request.user, proposal):
        raise Http404
    row = get_object_or_404(ProofRound, proposal=proposal, number=number)
    row.proposal = proposal
    confirm = request.POST.get("answer") == "confirm"
    try:
        proofreading.proof_round_answer(
            row=row, by=request.user, confirm=confirm, comment=request.POST.get("comment", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认校对稿" if confirm else "意见已送提案工作人员")
    return redirect(reverse("proposals:detail", args=[proposal.pk]) + "#proof")


def panel(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    """三审三校 on the detail page: the review stages passed, then each proofreading round."""
    rules = config.settings_for(proposal.committee_id)
    notes = list(proposal.review_notes.all())
    passed = {n.stage: n for n in notes if n.outcome in ("通过", "立案", "列为重点提案")}
    filed = proposal.filed_at is not None
    stages = []
    for index, name in enumerate(rules.review_stages):
        done = filed or index < proposal.review_stage
        note = passed.get(name)
        stages.append({"name": name, "done": done, "on": note.at if note else None})
    rounds = _rounds(proposal) if filed else []
    office = is_office(request.user, proposal.committee_id)
    return {
        "proof_show": filed or proposal.state in (P.SUBMITTED, P.REVIEWING),
        "proof_stages": stages,
        "proof_rounds": rounds,
        "proof_slots": [
            {"number": i, "round": rounds[i - 1] if i <= len(rounds) else None}
            for i in range(1, max(rules.proof_rounds, len(rounds)) + 1)
        ],
        "proof_can_answer": is_proposer(request.user, proposal),
        "proof_url": reverse("proposals:proof", args=[proposal.pk]) if office and filed else "",
    }
