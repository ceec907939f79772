"""重点提案认领: the office opens the year's window and offers key proposals; the committee's
leaders claim the ones they will supervise. Leaders and proposal staff only; anyone else 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .models import KeyClaim, Proposal
from .permissions import get_proposal_for_user
from .review_views import require_office
from .selectors import CLAIM_STATES as KEY_STATES
from .selectors import claimable
from .services import claims


def key_rows(committee_id: int, year: int) -> QuerySet[Proposal]:
    """The year's key proposals still in handling, with their claims (one prefetch)."""
    return (
        Proposal.objects.filter(committee_id=committee_id, year=year, is_key=True, state__in=KEY_STATES)
        .select_related("key_leader")
        .prefetch_related(Prefetch("claims", queryset=KeyClaim.objects.select_related("leader")))
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@login_required
def claims_page(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request)
    year = _year(request)
    window = claims.window_for(committee_id, year)
    is_leader = has_role(request.user, committee_id, Role.LEADER)
    # The leader's home-page task opens exactly the proposals it counts (`?task=claimable`).
    only_claimable = request.GET.get("task") == "claimable" and is_leader and window is not None
    if only_claimable and window is not None:
        rows = (
            claimable(request.user, window)
            .select_related("key_leader")
            .prefetch_related(Prefetch("claims", queryset=KeyClaim.objects.select_related("leader")))
        )
    else:
        rows = key_rows(committee_id, year)
    page = keyset_page(request, rows)
    for p in page.items:
        holders = {c.leader_id for c in p.claims.all()} | ({p.key_leader_id} if p.key_leader_id else set())
        p.claim_mine = request.user.pk in holders  # type: ignore[attr-defined]
        p.claim_full = window is not None and len(holders) >= window.leaders_per_proposal  # type: ignore[attr-defined]
    context = {
        "year": year,
        "window": window,
        "open": claims.is_open(window),
        "page": page,
        "is_leader": is_leader,
        "only_claimable": only_claimable,
        "is_staff": has_role(request.user, committee_id, Role.PROPOSAL_STAFF),
        "today": timezone.localdate(),
    }
    return render_page(request, "proposals/claims.html", context)


def _back(year: int) -> HttpResponse:
    return redirect(reverse("proposals:claims") + f"?year={year}")


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


@login_required
@require_POST
def claims_window(request: HttpRequest) -> HttpResponse:
    committee_id = require_office(request, Role.PROPOSAL_STAFF)
    year = _year(request)
    opens_on, closes_on = _date(request.POST.get("opens_on", "")), _date(request.POST.get("closes_on", ""))
    per = request.POST.get("leaders_per_proposal", "1")
    if opens_on is None or closes_on is None:
        messages.error(request, "请填写认领开始和截止日期")
    elif not per.isdigit():
        messages.error(request, "每件提案可认领的领导人数须是数字")
    else:
        try:
            claims.claim_window_set(
                committee_id=committee_id,
                by=request.user,
                year=year,
                opens_on=opens_on,
                closes_on=closes_on,
                leaders_per_proposal=int(per),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "认领时间已安排，已通知各位领导")
    return _back(year)


@login_required
@require_POST
def claims_offer(request: HttpRequest) -> HttpResponse:
    """The office offers a filed proposal, found by its number, for the leaders to claim."""
    committee_id = require_office(request, Role.PROPOSAL_STAFF)
    number = request.POST.get("number", "").strip()
    proposal = Proposal.objects.filter(committee_id=committee_id, number=number).first() if number else None
    if proposal is None:
        messages.error(request, f"没有提案号为“{number}”的提案" if number else "请填写提案号")
        return _back(_year(request))
    try:
        claims.key_offer(proposal=proposal, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"第{proposal.number}号提案已列为重点提案，待领导认领")
    return _back(proposal.year)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    if not has_role(request.user, proposal.committee_id, Role.LEADER):
        raise Http404
    try:
        claims.key_claim(proposal=proposal, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已认领督办：{proposal.title}")
    return _back(proposal.year)
