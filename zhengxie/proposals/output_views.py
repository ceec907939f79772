"""Pages after the reply: the proposers' rating, re-handling and closing (the evaluation panel of
the detail page), the year's statistics with their Word and Excel outputs, the proposal form and
reply letter in Word, and the year-end commendations."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.docx import DOCX_TYPE
from zhengxie.lib.errors import DomainError
from zhengxie.lib.longwork import latest_for, start
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import UNIT_ROLES
from zhengxie.org.scope import assignments, get_for_user
from zhengxie.supervision.permissions import is_office as is_supervision_office
from zhengxie.supervision.selectors import items_for_source

from . import documents, exports
from .models import Commendation, Proposal, Rating, Reply, Satisfaction
from .permissions import get_proposal_for_user, is_office, is_staff, proposals_visible
from .services import evaluation as ev
from .stats import year_stats

P = Proposal.State


class RatingForm(forms.Form):
    work = forms.ChoiceField(label="对办理工作", choices=Satisfaction.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(label="对办理结果", choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="意见和建议", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- the evaluation panel of the detail page ---------------------------------------------------


def panel(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    """Context for proposals/_panel_evaluation.html: the rating form for a proposer who still has
    to rate, the ratings so far (staff and proposers only) and the staff's buttons."""
    user = request.user
    staff = is_staff(user, proposal.committee_id)
    raters = ev.raters(proposal)
    mine = next((m for m in raters if m.person.user_id == user.pk), None)
    done = ev.rated_member_ids(proposal)
    can_rate = mine is not None and mine.pk not in done and ev.rating_open(proposal)
    show_ratings = staff or is_office(user, proposal.committee_id) or mine is not None
    ratings = (
        list(
            Rating.objects.filter(proposal=proposal).select_related("member__person").order_by("round", "id")
        )
        if show_ratings
        else []
    )
    replied = proposal.state == P.REPLIED
    return {
        "proposal": proposal,
        "rating_form": RatingForm() if can_rate else None,
        "ratings": ratings,
        "show_ratings": show_ratings,
        "pending": [m for m in raters if m.pk not in done] if staff and replied else [],
        "is_staff": staff,
        "can_rehandle": staff and replied and ev.is_dissatisfied(proposal),
        "can_close": staff and replied,
        "satisfaction_choices": Satisfaction.choices,
    }


# --- the follow-up panel of the detail page -------------------------------------------------------


def followup_panel(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    """Context for proposals/_panel_followup.html: the supervision items following the proposal
    up (key proposal, 催办, 回头看) and the accepted 回头看 result. The office also gets the link
    to each item's page (others would find it is not theirs: 404)."""
    items = (
        list(items_for_source(proposal).select_related("lead_unit").order_by("id"))
        if proposal.assigned_at is not None
        else []
    )
    return {
        "followup_items": items,
        "followup_office_links": is_supervision_office(request.user, proposal.committee_id),
    }


def _back(proposal: Proposal) -> HttpResponse:
    return redirect(reverse("proposals:detail", args=[proposal.pk]))


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own rating (also reachable from the notice, outside the detail page)."""
    proposal = get_proposal_for_user(request.user, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ev.rating_submit(proposal=proposal, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "评价已提交，感谢您的反馈")
            return _back(proposal)
    context = {"proposal": proposal, "form": form, **panel(request, proposal)}
    return render(request, "proposals/rate.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def rate_on_paper(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    if not is_staff(request.user, proposal.committee_id):
        raise Http404
    form = RatingForm(request.POST)
    member = next((m for m in ev.raters(proposal) if str(m.pk) == request.POST.get("member", "")), None)
    try:
        if member is None:
            raise DomainError("请选择填写纸质评价表的委员")
        if not form.is_valid():
            raise DomainError("请对办理工作和办理结果分别选择满意、基本满意或不满意")
        ev.rating_record_on_paper(
            proposal=proposal,
            by=request.user,
            member=member,
            note=request.POST.get("note", ""),
            **form.cleaned_data,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已录入{member.person.name}的纸质评价")
    return _back(proposal)


@login_required
@require_POST
def rehandle(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    try:
        ev.proposal_rehandle(proposal=proposal, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已通知承办单位重新办理")
    return _back(proposal)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    try:
        ev.proposal_close(proposal=proposal, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "提案已办结")
    return _back(proposal)


# --- Word documents ------------------------------------------------------------------------------


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def proposal_docx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(
        request.user, pk, Proposal.objects.select_related("committee", "term", "session", "proposer__person")
    )
    return _docx(documents.proposal_form(proposal), f"提案{proposal.number or proposal.pk}.docx")


@login_required
def reply_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """A reply's letter in the official layout: an approved one for whoever may open its
    proposal; a draft for its own unit, to print, sign and seal before it is uploaded."""
    own_units = {u for _, r, u in assignments(request.user) if r in UNIT_ROLES and u is not None}
    qs = Reply.objects.filter(
        Q(state=Reply.State.APPROVED, proposal__in=proposals_visible(request.user).values("pk"))
        | Q(assignment__unit_id__in=own_units)
    ).select_related("proposal__committee", "proposal__term", "proposal__session", "assignment__unit")
    reply = get_for_user(qs, request.user, pk)
    return _docx(documents.reply_letter(reply), f"提案{reply.proposal.number}答复.docx")


# --- statistics and exports ----------------------------------------------------------------------


def _office(request: HttpRequest) -> int:
    committee_id: int | None = getattr(request, "committee_id", None)
    if committee_id is None or not is_office(request.user, committee_id):
        raise Http404
    return committee_id


def _year(request: HttpRequest) -> int:
    this = timezone.localdate().year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else this
    return year if 2000 <= year <= this + 1 else this


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    committee_id = _office(request)
    year = _year(request)
    context = {"stats": year_stats(committee_id, year), "year": year, "years": _years()}
    context["long_task"] = latest_for(request.user, exports.year_workbook_job, committee_id)
    context["report_task"] = latest_for(request.user, documents.year_report_job, committee_id)
    return render(request, "proposals/stats.html", context)


def _posted_year(request: HttpRequest, default: int) -> int:
    raw = request.POST.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= timezone.localdate().year + 1 else default


@login_required
def stats_docx(request: HttpRequest) -> HttpResponse:
    """POST: build the year's 提案工作情况统计 (Word) as a long task (the statistics page shows its
    progress and the download). GET: the statistics page."""
    committee_id = _office(request)
    year = _year(request)
    if request.method == "POST":
        year = _posted_year(request, year)
    stats_url = f"{reverse('proposals:stats')}?year={year}"
    if request.method != "POST":
        return redirect(stats_url)
    start(
        runner=documents.year_report_job,
        label=f"生成{year}年度提案工作情况统计",
        owner=request.user,
        committee_id=committee_id,
        params={"year": year},
    )
    messages.success(request, "正在生成Word，完成后可在本页下载")
    return redirect(stats_url)


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """POST: build the year's workbook as a long task (the statistics page shows its progress and
    the download). GET: the statistics page."""
    committee_id = _office(request)
    year = _year(request)
    if request.method == "POST":
        year = _posted_year(request, year)
    stats_url = f"{reverse('proposals:stats')}?year={year}"
    if request.method != "POST":
        return redirect(stats_url)
    with_phone = is_staff(request.user, committee_id)
    with transaction.atomic():
        if with_phone:
            # The units' contact phones are personal data: every read of them is audited.
            record(
                action="proposals.export.with_phones",
                by=request.user,
                committee_id=committee_id,
                data={"year": year},
            )
        start(
            runner=exports.year_workbook_job,
            label=f"导出{year}年度提案办理全过程",
            owner=request.user,
            committee_id=committee_id,
            params={"year": year, "with_phone": with_phone},
        )
    messages.success(request, "正在生成Excel，完成后可在本页下载")
    return redirect(stats_url)


# --- commendations -------------------------------------------------------------------------------


@login_required
def commendations(request: HttpRequest) -> HttpResponse:
    committee_id = _office(request)
    staff = is_staff(request.user, committee_id)
    year = _year(request) if request.method == "GET" else int(request.POST.get("year", "0") or 0)
    if request.method == "POST":
        if not staff:
            raise Http404
        try:
            _commendation_action(request, committee_id, year)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(f"{reverse('proposals:commendations')}?year={year}")
    given = list(
        Commendation.objects.filter(committee_id=committee_id, year=year)
        .select_related("proposal", "unit")
        .order_by("kind", "id")[:300]
    )
    context = {
        "year": year,
        "years": _years(),
        "is_staff": staff,
        "given": given,
        "proposal_candidates": ev.proposal_candidates(committee_id, year) if staff else [],
        "unit_candidates": ev.unit_candidates(committee_id, year) if staff else [],
    }
    return render(request, "proposals/commendations.html", context)


def _commendation_action(request: HttpRequest, committee_id: int, year: int) -> None:
    action, note = request.POST.get("action", ""), request.POST.get("note", "")
    target = request.POST.get("id", "")
    if action == "proposal":
        proposal = get_proposal_for_user(request.user, target)
        ev.commend_proposal(proposal=proposal, by=request.user, year=year, note=note)
        messages.success(request, f"已将“{proposal.title}”评为{year}年度优秀提案")
    elif action == "unit":
        unit = HandlingUnit.objects.filter(
            committee_id=committee_id, pk=int(target) if target.isdigit() else 0
        ).first()
        if unit is None:
            raise Http404
        ev.commend_unit(unit=unit, by=request.user, year=year, note=note)
        messages.success(request, f"已将{unit.name}评为{year}年度先进承办单位")
    elif action == "withdraw":
        row = Commendation.objects.filter(
            committee_id=committee_id, pk=int(target) if target.isdigit() else 0
        ).first()
        if row is None:
            raise Http404
        ev.commendation_withdraw(commendation=row, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, "已撤销表彰")
    else:
        raise DomainError("未知的操作")
