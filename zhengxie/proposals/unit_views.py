"""The handling unit's side of proposals: its inbox by bucket, one assignment's page with every
action of the unit (sign, object, contacts, co-handling opinions, extension, reply), and the
handling panel of the shared proposal page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import UNIT_ROLES
from zhengxie.org.scope import require_role

from . import selectors
from .config import settings_for
from .handling_forms import (
    ContactForm,
    CoOpinionForm,
    ExtensionForm,
    ObjectionForm,
    ReplyForm,
    first_error,
)
from .models import Assignment, Attachment, Contact, CoOpinion, CoSigner, Proposal, Reply
from .permissions import actor_roles, get_assignment_for_unit, is_office
from .services import assignment as handling
from .services import replies
from .unit_workbench import UNIT_TASKS
from .workflow import CO_UNIT, UNIT

A = Assignment.State


def _require_unit(request: HttpRequest) -> int:
    return require_role(request, *UNIT_ROLES)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    committee_id = _require_unit(request)
    task = UNIT_TASKS.chosen(request)
    bucket = "" if task else request.GET.get("bucket", "to_sign")
    counts = selectors.unit_bucket_counts(request.user, committee_id)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = task.rows(request.user, committee_id).select_related("proposal", "unit")
        page = keyset_page(request, rows)
    elif bucket in selectors.UNIT_BUCKETS:
        page = keyset_page(request, selectors.unit_inbox(request.user, committee_id, bucket), count=False)
        page.total = counts[bucket]
    else:
        raise Http404
    buckets = [(key, label, counts[key]) for key, label in selectors.UNIT_BUCKETS.items()]
    context = {
        "page": page,
        "bucket": bucket,
        "buckets": buckets,
        "task": task,
        "today": timezone.localdate(),
    }
    return render_page(request, "proposals/inbox.html", context)


def _proposer_contacts(proposal: Proposal, reveal: bool) -> list[dict[str, str]]:
    """Whom the unit calls for 办前沟通: the first proposer, the co-signers who agreed and a
    collective proposal's convener, with the phone masked unless the unit asked to see it."""
    people: list[tuple[str, Any]] = []
    if proposal.proposer_id:
        people.append(("第一提案人", proposal.proposer))
    for c in proposal.cosigners.filter(answer=CoSigner.Answer.AGREED).select_related("member__person"):
        people.append(("联名人", c.member))
    if proposal.convener_id:
        people.append(("召集人", proposal.convener))
    return [
        {
            "role": role,
            "name": m.person.name,
            "phone": (m.person.phone if reveal else m.person.phone_masked) or "未登记",
        }
        for role, m in people
    ]


def _extension_closed(assignment: Assignment, is_unit: bool, today: Any) -> str:
    """Why 申请延期 is not offered, said up front rather than refused after typing."""
    if not is_unit or assignment.role == Assignment.Role.CO:
        return ""
    if assignment.state not in (A.PENDING, A.HANDLING, A.OBJECTING):
        return ""
    if today > assignment.due_on:
        return "已超过答复期限，不能再申请延期；请尽快答复。"
    if any(e.state == "pending" for e in assignment.extensions.all()):
        return "延期申请正在审批中。"
    return ""


def _page_context(request: HttpRequest, assignment: Assignment, **forms: Any) -> dict[str, Any]:
    proposal = assignment.proposal
    roles = actor_roles(request.user, proposal, assignment)
    is_unit = UNIT in roles
    today = timezone.localdate()
    reply = replies.current_reply(assignment) if assignment.role != Assignment.Role.CO else None
    lead_reply = selectors.lead_reply(proposal) if assignment.role == Assignment.Role.CO else None
    if assignment.role == Assignment.Role.LEAD:
        opinions = CoOpinion.objects.filter(assignment__proposal=proposal).select_related(
            "assignment__unit", "document"
        )
    else:
        opinions = CoOpinion.objects.filter(assignment=assignment).select_related(
            "assignment__unit", "document"
        )
    working = assignment.state in (A.HANDLING, A.OBJECTING)
    committee_id = proposal.committee_id
    return {
        "assignment": assignment,
        "proposal": proposal,
        "is_unit": is_unit,
        "materials": proposal.attachments.filter(kind__in=(Attachment.Kind.MATERIAL, Attachment.Kind.SEAL)),
        "contacts": Contact.objects.filter(assignment=assignment).select_related("evidence"),
        "opinions": list(opinions),
        "extensions": list(assignment.extensions.all()),
        "objections": list(assignment.objections.all()),
        "reply": reply,
        "lead_reply": lead_reply,
        "can_sign": is_unit and assignment.state == A.PENDING,
        "can_object": is_unit
        and assignment.state in (A.PENDING, A.HANDLING)
        and handling.objection_open(assignment, today),
        "locked": assignment.objection_until is not None and today > assignment.objection_until,
        "can_contact": is_unit and assignment.state in (A.HANDLING, A.OBJECTING, A.REPLIED),
        "can_opinion": is_unit and assignment.role == Assignment.Role.CO and assignment.state == A.HANDLING,
        "can_extend": is_unit
        and assignment.role != Assignment.Role.CO
        and assignment.state in (A.PENDING, A.HANDLING, A.OBJECTING)
        and today <= assignment.due_on
        and not any(e.state == "pending" for e in assignment.extensions.all()),
        "can_write": is_unit
        and assignment.role != Assignment.Role.CO
        and working
        and proposal.state in Proposal.HANDLING_STATES
        and (reply is None or reply.state in replies.EDITABLE),
        "can_submit": is_unit and reply is not None and reply.state in replies.EDITABLE,
        "can_cosign": CO_UNIT in roles
        and lead_reply is not None
        and lead_reply.state == Reply.State.COSIGNING
        and assignment.unit_id not in lead_reply.cosigned_by,
        "objection_form": forms.get("objection_form") or ObjectionForm(),
        "contact_form": forms.get("contact_form") or ContactForm(initial={"on": today}),
        "opinion_form": forms.get("opinion_form") or CoOpinionForm(),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "reply_form": forms.get("reply_form")
        or ReplyForm(committee_id=committee_id, initial=_reply_initial(reply)),
        "extension_closed_reason": _extension_closed(assignment, is_unit, today),
        "proposer_contacts": _proposer_contacts(proposal, reveal=bool(forms.get("reveal")))
        if is_unit
        else [],
        "contacts_revealed": bool(forms.get("reveal")),
    }


def _reply_initial(reply: Reply | None) -> dict[str, Any]:
    if reply is None:
        return {}
    return {
        f: getattr(reply, f)
        for f in (
            "category",
            "text",
            "summary",
            "signing_leader",
            "contact_name",
            "contact_phone",
            "public_scope",
            "quality_research",
            "quality_feasibility",
            "quality_clarity",
            "quality_comment",
        )
    }


@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_assignment_for_unit(request.user, pk)
    return render(request, "proposals/assignment.html", _page_context(request, item))


def _back(request: HttpRequest, item: Assignment, text: str, ok: bool = True) -> HttpResponse:
    (messages.success if ok else messages.error)(request, text)
    return redirect("proposals:unit_assignment", item.pk)


@login_required
@require_POST
def assignment_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action of the unit. The service checks role and state; a refusal comes back as a
    message, a form that does not parse re-renders with its errors."""
    item = get_assignment_for_unit(request.user, pk)
    post, files, by = request.POST, request.FILES, request.user
    if action == "reveal_contacts":
        if UNIT not in actor_roles(by, item.proposal, item):
            raise Http404
        record(
            action="proposals.proposer_contacts.viewed",
            obj=item.proposal,
            by=by,
            data={"assignment": item.pk},
        )
        return render(request, "proposals/assignment.html", _page_context(request, item, reveal=True))
    bound: dict[str, Any] = {}  # a refused form comes back with what was typed
    try:
        if action == "sign":
            handling.assignment_sign(assignment=item, by=by)
            done = "已签收"
        elif action == "object":
            objection = bound["objection_form"] = ObjectionForm(post)
            if not objection.is_valid():
                raise DomainError(first_error(objection, "请写明改办理由"))
            handling.objection_raise(assignment=item, by=by, **objection.cleaned_data)
            done = "改办申请已提交，等待审核；审核期间请继续办理"
        elif action == "contact":
            contact = bound["contact_form"] = ContactForm(post, files)
            if not contact.is_valid():
                raise DomainError(first_error(contact, "请完整填写沟通情况"))
            data = dict(contact.cleaned_data)
            upload = data.pop("evidence")
            handling.contact_record(assignment=item, by=by, upload=upload, **data)
            done = "沟通情况已记录"
        elif action == "co_opinion":
            opinion = bound["opinion_form"] = CoOpinionForm(post, files)
            if not opinion.is_valid():
                raise DomainError(first_error(opinion, "请填写会办意见"))
            handling.co_opinion_send(
                assignment=item,
                by=by,
                text=opinion.cleaned_data["text"],
                upload=opinion.cleaned_data["document"],
            )
            done = "会办意见已送主办单位"
        elif action == "extension":
            extension = bound["extension_form"] = ExtensionForm(post)
            if not extension.is_valid():
                raise DomainError(first_error(extension, "请填写申请延至的日期和延期理由"))
            handling.extension_request(assignment=item, by=by, **extension.cleaned_data)
            done = "延期申请已提交，等待审批"
        elif action in ("reply_save", "reply_submit"):
            form = ReplyForm(post, files, committee_id=item.committee_id)
            if not form.is_valid():
                context = _page_context(request, item, reply_form=form)
                return render(request, "proposals/assignment.html", context, status=400)
            with transaction.atomic():
                reply = replies.reply_save(
                    assignment=item, by=by, data=form.reply_data(), upload=form.cleaned_data["document"]
                )
                if action == "reply_submit":
                    replies.reply_submit(reply=reply, by=by)
            done = "答复已提交" if action == "reply_submit" else "答复草稿已保存"
        elif action == "cosign":
            lead_reply = selectors.lead_reply(item.proposal)
            if lead_reply is None:
                raise DomainError("主办单位尚未提交答复")
            replies.reply_cosign(reply=lead_reply, by=by)
            done = "已会签"
        else:
            raise Http404
    except DomainError as exc:
        if bound:
            messages.error(request, exc.message)
            context = _page_context(request, item, **bound)
            return render(request, "proposals/assignment.html", context, status=400)
        return _back(request, item, exc.message, ok=False)
    return _back(request, item, done)


def panel(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    """What `proposals/_panel_handling.html` shows on the shared proposal page: the units and
    their state, the contacts, and the approved replies as published — never the replying
    unit's contact name or phone. The office also sees replies still under review."""
    office = is_office(request.user, proposal.committee_id)
    assignments = list(
        proposal.assignments.exclude(state=A.WITHDRAWN).select_related("unit").order_by("role", "id")
    )
    reply_qs = (
        Reply.objects.filter(proposal=proposal)
        .defer("contact_name", "contact_phone")
        .select_related("assignment__unit", "document")
        .order_by("round", "id")
    )
    if not office:
        reply_qs = reply_qs.filter(state=Reply.State.APPROVED)
    replies_shown = list(reply_qs)
    rated = any(r.quality_rated for r in replies_shown)
    return {
        "handling_assignments": assignments,
        "handling_contacts": list(
            Contact.objects.filter(proposal=proposal).select_related("assignment__unit").order_by("on", "id")
        ),
        "handling_replies": replies_shown,
        "handling_is_office": office,
        "quality_scale": settings_for(proposal.committee_id).quality_scale if rated else None,
    }
