"""The proposal office's side of handling: assigning one proposal or many at once, and the
queues of objections, extension requests and replies to review, with the reply review page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role

from . import selectors
from .handling_forms import AssignForm, ObjectionDecisionForm, ReplyReviewForm, first_error
from .models import Attachment, Contact, CoOpinion, Extension, Objection, Proposal, Reply
from .permissions import get_proposal_for_user
from .services import assignment as handling
from .services import replies


def _require_staff(request: HttpRequest) -> int:
    return require_role(request, Role.PROPOSAL_STAFF)


def _staff_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_proposal_for_user(request.user, pk)
    if not has_role(request.user, proposal.committee_id, Role.PROPOSAL_STAFF):
        raise Http404
    return proposal


@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign one filed proposal; the proposer's suggested units are preselected."""
    proposal = _staff_proposal(request, pk)
    initial = {"units": list(proposal.suggested_units.all()[:1])}
    form = AssignForm(request.POST or None, committee_id=proposal.committee_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            handling.proposal_assign(
                proposal=proposal,
                by=request.user,
                mode=form.cleaned_data["mode"],
                units=list(form.cleaned_data["units"]),
                co_units=list(form.cleaned_data["co_units"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已交办")
            return redirect("proposals:detail", proposal.pk)
    status = 400 if form.errors else 200
    return render(request, "proposals/assign.html", {"proposal": proposal, "form": form}, status=status)


@login_required
def assign_batch(request: HttpRequest) -> HttpResponse:
    """The filed proposals waiting to be assigned; the ticked ones go the same way, all or none."""
    committee_id = _require_staff(request)
    form = AssignForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("proposals") if v.isdigit()]
        chosen = list(selectors.filed_to_assign(committee_id).filter(pk__in=ids).order_by("id"))
        if not form.is_valid():
            messages.error(request, first_error(form, "请选择办理方式和承办单位"))
        else:
            try:
                done = handling.proposals_assign(
                    proposals=chosen,
                    by=request.user,
                    mode=form.cleaned_data["mode"],
                    units=list(form.cleaned_data["units"]),
                    co_units=list(form.cleaned_data["co_units"]),
                )
            except DomainError as exc:
                messages.error(request, f"未交办任何提案：{exc.message}")
            else:
                messages.success(request, f"已交办 {done} 件提案")
                return redirect("proposals:assign_batch")
    page = keyset_page(request, selectors.filed_to_assign(committee_id))
    return render_page(request, "proposals/assign.html", {"page": page, "form": form, "batch": True})


@login_required
def objection_list(request: HttpRequest) -> HttpResponse:
    committee_id = _require_staff(request)
    page = keyset_page(request, selectors.pending_objections(committee_id))
    return render_page(request, "proposals/objection_list.html", {"page": page})


@login_required
@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = _require_staff(request)
    objection = (
        Objection.objects.filter(committee_id=committee_id, pk=pk)
        .select_related("assignment__proposal", "assignment__unit")
        .first()
    )
    if objection is None:
        raise Http404
    form = ObjectionDecisionForm(request.POST, committee_id=committee_id)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        handling.objection_decide(
            objection=objection,
            by=request.user,
            accept=request.POST.get("decision") == "accept",
            note=data.get("note", ""),
            new_unit=data.get("new_unit"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已审核")
    return redirect("proposals:objection_list")


@login_required
def extension_list(request: HttpRequest) -> HttpResponse:
    committee_id = _require_staff(request)
    page = keyset_page(request, selectors.pending_extensions(committee_id))
    return render_page(request, "proposals/extension_list.html", {"page": page})


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = _require_staff(request)
    extension = (
        Extension.objects.filter(committee_id=committee_id, pk=pk)
        .select_related("assignment__proposal", "requested_by")
        .first()
    )
    if extension is None:
        raise Http404
    try:
        handling.extension_decide(
            extension=extension,
            by=request.user,
            approve=request.POST.get("decision") == "accept",
            note=request.POST.get("note", "")[:2000],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已审批")
    return redirect("proposals:extension_list")


@login_required
def reply_list(request: HttpRequest) -> HttpResponse:
    committee_id = _require_staff(request)
    page = keyset_page(request, selectors.replies_to_review(committee_id))
    return render_page(request, "proposals/reply_list.html", {"page": page})


@login_required
def reply_review(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = _require_staff(request)
    reply = (
        Reply.objects.filter(committee_id=committee_id, pk=pk)
        .select_related("proposal", "assignment__unit", "assignment__proposal", "document")
        .first()
    )
    if reply is None:
        raise Http404
    proposal = reply.proposal
    initial = {"public_scope": reply.public_scope if proposal.consent_publish else "none"}
    form = ReplyReviewForm(request.POST or None, committee_id=committee_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            replies.reply_review(
                reply=reply,
                by=request.user,
                approve=request.POST.get("decision") == "approve",
                comment=form.cleaned_data["comment"],
                adjusted_category=form.cleaned_data["adjusted_category"],
                public_scope=form.cleaned_data["public_scope"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已审核")
            return redirect("proposals:reply_list")
    # The reviewer judges the reply against the proposal, the co-handling units' opinions and
    # what the unit and the proposer said to each other.
    context = {
        "reply": reply,
        "proposal": proposal,
        "form": form,
        "materials": proposal.attachments.filter(kind__in=(Attachment.Kind.MATERIAL, Attachment.Kind.SEAL)),
        "opinions": list(
            CoOpinion.objects.filter(assignment__proposal=proposal)
            .select_related("assignment__unit", "document")
            .order_by("sent_at", "id")
        ),
        "contacts": list(
            Contact.objects.filter(proposal=proposal)
            .select_related("assignment__unit", "evidence")
            .order_by("on", "id")
        ),
    }
    return render(request, "proposals/reply_review.html", context, status=400 if form.errors else 200)
