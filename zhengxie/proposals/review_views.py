"""The proposal staff's pages: the review queue with batch filing and categorising, the review
page of one proposal with the decisions of its current stage, the committee's proposal rules and
the collective-proposal quota. Leaders read them; only proposal staff act. Anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import ParticipatingUnit, Sector, SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role
from zhengxie.search.query import matching_ids

from . import config
from .models import Proposal, ProposalSettings, ProposerKind
from .permissions import OFFICE_ROLES, PRIVATE_STATES, get_proposal_for_user, is_office
from .review_forms import (
    OPEN,
    CommentForm,
    FileForm,
    KeyForm,
    MergeForm,
    NotFileForm,
    QueueFilterForm,
    QuotaForm,
    ReturnForm,
    SettingsForm,
)
from .services import review
from .similar import similar_to

P = Proposal.State
ACTIONS = ("pass", "return", "not_file", "file", "merge", "key")
# What the proposer (and anyone outside the office) reads of the review: the decisions that
# concern him, not the internal passing of stages.
PUBLIC_OUTCOMES = ("退回修改", "不予立案", "立案", "并案", "列为重点提案")
# Collective proposals that count towards the yearly quota: submitted and not withdrawn.
COUNTED_STATES = [s for s in P.values if s not in (P.DRAFT, P.COSIGNING, P.WITHDRAWN)]
QUOTA_CAP = 500


def require_office(request: HttpRequest, *roles: str) -> int:
    """The current committee, if the user is its proposal staff (or a leader, for reading)."""
    return require_role(request, *(roles or OFFICE_ROLES))


def _office_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_proposal_for_user(request.user, pk)
    if not is_office(request.user, proposal.committee_id):
        raise Http404
    return proposal


def queue_rows(committee_id: int, filters: dict[str, Any]) -> QuerySet[Proposal]:
    """The committee's submitted proposals, narrowed by the queue's filters (no joins: every
    column shown is on the proposal row)."""
    qs = Proposal.objects.filter(committee_id=committee_id).exclude(state__in=PRIVATE_STATES)
    state = filters.get("state", OPEN)
    if state == OPEN:
        qs = qs.filter(state__in=review.IN_REVIEW)
    elif state:
        qs = qs.filter(state=state)
    if filters.get("stage") is not None:
        qs = qs.filter(review_stage=filters["stage"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("plenary"):
        qs = qs.filter(is_plenary=filters["plenary"] == "1")
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("q"):
        # Title and text through the one search index (a number is matched as well).
        qs = qs.filter(
            Q(pk__in=matching_ids("proposal", filters["q"], committee_id)) | Q(number__contains=filters["q"])
        )
    return qs


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    rules = config.settings_for(committee_id)
    data = request.GET.copy()
    data.setdefault("state", OPEN)
    form = QueueFilterForm(data, rules=rules)
    filters = form.cleaned_data if form.is_valid() else {"state": OPEN}
    page = keyset_page(request, queue_rows(committee_id, filters))
    stages = rules.review_stages
    for proposal in page.items:
        proposal.stage_label = stages[min(proposal.review_stage, len(stages) - 1)]  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "rules": rules,
        "is_staff": has_role(request.user, committee_id, Role.PROPOSAL_STAFF),
    }
    return render_page(request, "proposals/queue.html", context)


@login_required
@require_POST
def queue_batch(request: HttpRequest) -> HttpResponse:
    """File or categorise the proposals ticked on the queue, all or none."""
    committee_id = require_office(request, Role.PROPOSAL_STAFF)
    action = request.POST.get("action", "")
    if action not in ("file", "categorise"):
        raise Http404
    ids = [int(v) for v in request.POST.getlist("proposals") if v.isdigit()][:500]
    chosen = list(Proposal.objects.filter(committee_id=committee_id, pk__in=ids).order_by("id"))
    back = reverse("proposals:queue") + "?" + request.POST.get("back", "")
    if not chosen:
        messages.error(request, "请先勾选提案")
        return redirect(back)
    try:
        if action == "file":
            done = review.proposals_file_many(proposals=chosen, by=request.user)
        else:
            category = request.POST.get("category", "").strip()
            if not category:
                raise DomainError("请选择要设置的分类")
            done = review.proposals_categorise_many(proposals=chosen, by=request.user, category=category)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{'立案' if action == 'file' else '设置分类'} {done} 件")
    return redirect(back)


def _forms(proposal: Proposal, rules: ProposalSettings, data: Any = None, action: str = "") -> dict[str, Any]:
    """The decision forms; the one posted (`action`) is bound to `data` to show its errors."""

    def bound(name: str) -> Any:
        return data if action == name else None

    similar = similar_to(
        committee_id=proposal.committee_id,
        title=proposal.title,
        text="\n".join((proposal.situation, proposal.analysis, proposal.suggestion)).strip(),
        exclude_pk=proposal.pk,
    )
    mergeable = [(hit.pk, hit.title) for hit, _ in similar if hit.state in review.IN_REVIEW]
    return {
        "similar": similar,
        "pass_form": CommentForm(bound("pass"), prefix="pass"),
        "return_form": ReturnForm(bound("return"), prefix="return"),
        "not_file_form": NotFileForm(bound("not_file"), rules=rules, prefix="not_file"),
        "file_form": FileForm(
            bound("file"),
            rules=rules,
            prefix="file",
            initial={
                "category": proposal.category,
                "suggested_units": list(proposal.suggested_units.all()),
            },
        ),
        "merge_form": MergeForm(bound("merge"), choices=mergeable, prefix="merge"),
        "key_form": KeyForm(bound("key"), committee_id=proposal.committee_id, prefix="key"),
    }


def _review_context(
    request: HttpRequest, proposal: Proposal, data: Any = None, action: str = ""
) -> dict[str, Any]:
    rules = config.settings_for(proposal.committee_id)
    staff = has_role(request.user, proposal.committee_id, Role.PROPOSAL_STAFF)
    in_review = proposal.state in review.IN_REVIEW
    context: dict[str, Any] = {
        "proposal": proposal,
        "rules": rules,
        "stage": review.stage_name(rules, proposal),
        "last_stage": review.at_last_stage(rules, proposal),
        "is_staff": staff,
        "can_review": staff and in_review,
        "can_key": staff and proposal.state in review.KEY_STATES,
        "attachments": list(proposal.attachments.all()),
        "cosigners": list(proposal.cosigners.select_related("member__person")),
        "notes": list(proposal.review_notes.select_related("by")),
        "merged": list(proposal.merged.all()),
        "suggested_units": list(proposal.suggested_units.all()),
    }
    context.update(_forms(proposal, rules, data, action))
    return context


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _office_proposal(request, pk)
    return render(request, "proposals/review.html", _review_context(request, proposal))


@login_required
@require_POST
def review_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    proposal = _office_proposal(request, pk)
    if action not in ACTIONS or not has_role(request.user, proposal.committee_id, Role.PROPOSAL_STAFF):
        raise Http404
    context = _review_context(request, proposal, request.POST, action)
    form = context[f"{action}_form"]
    if form.is_valid():
        try:
            done = _decide(request, proposal, action, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("proposals:review", proposal.pk)
    # Also at the top of the page: the form posted may not be shown at the current stage.
    messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return render(request, "proposals/review.html", context, status=400)


def _decide(request: HttpRequest, proposal: Proposal, action: str, data: dict[str, Any]) -> str:
    by = request.user
    if action == "pass":
        review.review_pass_stage(proposal=proposal, by=by, comment=data["comment"])
        return "已通过本环节审查"
    if action == "return":
        review.review_return(proposal=proposal, by=by, comment=data["comment"])
        return "已退回提案人修改"
    if action == "not_file":
        review.review_not_file(
            proposal=proposal,
            by=by,
            reason=data["reason"],
            destination=data["destination"],
            comment=data["comment"],
        )
        return "已作不予立案处理"
    if action == "file":
        review.proposal_file(
            proposal=proposal,
            by=by,
            category=data["category"],
            suggested_units=list(data["suggested_units"]),
            is_key=data["is_key"],
            key_leader=data["key_leader"],
            comment=data["comment"],
        )
        return f"已立案，提案号 {proposal.number}"
    if action == "merge":
        secondaries = list(
            Proposal.objects.filter(committee_id=proposal.committee_id, pk__in=data["secondaries"]).order_by(
                "id"
            )
        )
        review.review_merge(primary=proposal, secondaries=secondaries, by=by, comment=data["comment"])
        return f"已并入 {len(secondaries)} 件提案"
    review.key_select(proposal=proposal, by=by, leader=data["leader"], comment=data["comment"])
    return "已列为重点提案"


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    staff = has_role(request.user, committee_id, Role.PROPOSAL_STAFF)
    rules = config.settings_for(committee_id)
    posted = request.method == "POST"
    if posted and not staff:
        raise Http404
    form = SettingsForm(request.POST if posted else None, rules=rules)
    if posted and form.is_valid():
        try:
            config.settings_update(committee_id=committee_id, by=request.user, values=form.values())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "提案工作规则已保存")
            return redirect("proposals:settings")
    if not staff:
        for field in form.fields.values():
            field.disabled = True
    status = 400 if posted else 200
    return render(request, "proposals/settings.html", {"form": form, "is_staff": staff}, status=status)


def _quota_rows(
    committee_id: int, year: int, quota: int, groups_owing: list[str] | None = None
) -> list[dict[str, Any]]:
    groups_owing = groups_owing or []
    counted = Proposal.objects.filter(committee_id=committee_id, year=year, state__in=COUNTED_STATES)
    rows: list[dict[str, Any]] = []
    groups: list[tuple[str, Any, str, Q]] = [
        ("专门委员会", SpecialCommittee, "special_committee", Q(kind=ProposerKind.SPECIAL_COMMITTEE)),
        ("界别", Sector, "sector", Q(kind=ProposerKind.SECTOR)),
        (
            "参加单位",
            ParticipatingUnit,
            "participating_unit",
            Q(kind__in=(ProposerKind.PARTY, ProposerKind.PEOPLES_ORG)),
        ),
    ]
    for label, model, column, kinds in groups:
        counts = dict(
            counted.filter(kinds, **{f"{column}__isnull": False})
            .values_list(column)
            .annotate(n=Count("id"))
            .values_list(column, "n")
        )
        for owner in model.objects.filter(committee_id=committee_id).order_by("name")[:QUOTA_CAP]:
            n = counts.get(owner.pk, 0)
            rows.append({"group": label, "name": owner.name, "count": n, "short": n < quota})
    # Member groups and township liaison groups sign by name: those the rules list owe the quota;
    # any other group that did send one is shown with its count.
    by_name = dict(
        counted.filter(kind=ProposerKind.MEMBER_GROUP)
        .exclude(group_name="")
        .values_list("group_name")
        .annotate(n=Count("id"))
        .values_list("group_name", "n")
    )
    for name in sorted(set(groups_owing) | set(by_name))[:QUOTA_CAP]:
        n = by_name.get(name, 0)
        owes = name in groups_owing
        rows.append({"group": "委员小组、联络组", "name": name, "count": n, "short": owes and n < quota})
    return rows


@login_required
def quota(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    rules = config.settings_for(committee_id)
    form = QuotaForm(request.GET or None)
    year = form.year_or_this()
    rows = _quota_rows(committee_id, year, rules.collective_quota, rules.quota_groups)
    context = {
        "form": form,
        "year": year,
        "quota": rules.collective_quota,
        "rows": rows,
        "short": sum(1 for r in rows if r["short"]),
    }
    return render(request, "proposals/quota.html", context)


def panel(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    """The review summary for the shared detail page (`proposals/_panel_review.html`): stage,
    decisions, merge links; the office sees every note and a link to the review page."""
    office = is_office(request.user, proposal.committee_id)
    notes = proposal.review_notes.select_related("by")
    if not office:
        notes = notes.filter(outcome__in=PUBLIC_OUTCOMES)
    rules = config.settings_for(proposal.committee_id)
    return {
        "review_stage": review.stage_name(rules, proposal) if proposal.state in review.IN_REVIEW else "",
        "review_notes": list(notes),
        "review_merged": list(proposal.merged.all()),
        "review_merged_into": proposal.merged_into,
        "review_url": reverse("proposals:review", args=[proposal.pk]) if office else "",
        "review_office": office,
    }
