"""Pages of the consultation quality gates (the reviewer's list and decision), the case library
(协商案例: list with search, detail, Word, selecting a consultation as a case) and the reports of
standalone inspection and research trips."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.search.query import matching_ids

from . import documents
from .models import Case, Consultation, Review, TripReport
from .permissions import cases_visible, get_case_for_user, get_office_object, is_staff
from .services import cases, reviews, trips
from .views import office
from .workbench import REVIEWER_TASKS, TRIP_TASKS

CASE_FIELDS = ("title", "summary", "outcome", "effect")


# --- reviews (开题评审, 方案评审, 报告评审) --------------------------------------------------------


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The reviewer's list: the reviews waiting for him or her (the home page's task)."""
    committee_id = office(request)  # reviewers are the committee's leaders and activity staff
    REVIEWER_TASKS.chosen(request)  # an unknown ?task= is 404
    rows = reviews.pending_for(request.user, committee_id).select_related("consultation", "requested_by")
    page = keyset_page(request, rows)
    return render_page(request, "consultations/review_list.html", {"page": page})


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review: Review = get_office_object(Review, request.user, pk)
    if review.reviewer_id != request.user.pk:
        raise Http404
    attempt(
        request,
        lambda: reviews.review_decide(
            review=review,
            by=request.user,
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
        ),
        "评审意见已提交",
    )
    return redirect("consultations:consultation_detail", review.consultation_id)


# --- the case library (协商案例) ----------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    office(request)
    q = request.GET.get("q", "").strip()[:100]
    rows = cases_visible(request.user).select_related("committee", "consultation__form")
    if q:
        rows = rows.filter(pk__in=matching_ids("case", q))
    page = keyset_page(request, rows)
    return render_page(request, "consultations/case_list.html", {"page": page, "q": q})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    own_staff = is_staff(request.user, case.committee_id)
    if request.method == "POST":
        if not own_staff:
            raise Http404
        values = {f: request.POST.get(f, "") for f in CASE_FIELDS}
        if attempt(
            request,
            lambda: cases.case_update(
                case=case, by=request.user, shared=request.POST.get("shared") == "1", **values
            ),
            "案例已保存",
        ):
            return redirect("consultations:case_detail", case.pk)
    return render(request, "consultations/case_detail.html", {"case": case, "own_staff": own_staff})


@login_required
def case_docx(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    return documents.case_document(case).response(f"{case.title}.docx")


@login_required
def case_select(request: HttpRequest, pk: int) -> HttpResponse:
    """Select a consultation of the committee as a case, with its write-up."""
    c: Consultation = get_office_object(Consultation, request.user, pk)
    if not is_staff(request.user, c.committee_id):
        raise Http404
    existing = Case.objects.filter(consultation=c).first()
    if existing is not None:
        return redirect("consultations:case_detail", existing.pk)
    values = {f: request.POST.get(f, "") for f in CASE_FIELDS} if request.method == "POST" else {}
    error = ""
    if request.method == "POST":
        try:
            case = cases.case_select(
                consultation=c, by=request.user, shared=request.POST.get("shared") == "1", **values
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "已选为协商案例")
            return redirect("consultations:case_detail", case.pk)
    else:
        values = {"title": c.title}
    context = {"c": c, "values": values, "error": error, "finished": c.state in cases.FINISHED}
    return render(request, "consultations/case_select.html", context)


# --- reports of standalone inspections and research trips ---------------------------------------


@login_required
def trip_report_list(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    rows = TripReport.objects.filter(committee_id=committee_id).select_related("activity")
    task = TRIP_TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    elif request.GET.get("open") == "1":
        rows = rows.filter(submitted_at__isnull=True)
    page = keyset_page(request, rows)
    context: dict[str, Any] = {"page": page, "task": task, "open": request.GET.get("open") == "1"}
    return render_page(request, "consultations/trip_report_list.html", context)


@login_required
@require_POST
def trip_report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report: TripReport = get_office_object(TripReport, request.user, pk)
    if not is_staff(request.user, report.committee_id):
        raise Http404
    attempt(
        request,
        lambda: trips.trip_report_submit(
            report=report,
            by=request.user,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        ),
        "调研视察报告已提交",
    )
    return redirect("consultations:activity_detail", report.activity_id)
