"""The home page (工作台) and the statistics pages of the reports section."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhengxie.consultations.selectors import special_shortfall
from zhengxie.lib.docx import DOCX_TYPE
from zhengxie.lib.longwork import latest_for, start
from zhengxie.news.selectors import latest as latest_news
from zhengxie.org.models import Committee, Session
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.org.selectors import subtree_ids
from zhengxie.proposals.permissions import is_office, is_staff

from . import exports
from .cache import cached
from .dashboard import dashboard
from .figures import (
    SECTIONS,
    Figures,
    breakdown_rows,
    loop_figures,
    section_columns,
    section_rows,
    sort_value,
    total,
    value,
)
from .permissions import get_committee_for_user
from .proposal_stats import proposal_figures
from .workbench import pending_items, shortcuts

DOCUMENTS = {"stats": "提案统计", "review": "提案审查情况报告", "work": "提案工作情况报告"}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    committee_id = request.committee_id  # type: ignore[attr-defined]
    roles = roles_in(request.user, committee_id)
    return render(
        request,
        "reports/home.html",
        {
            "pending": pending_items(request.user, committee_id),
            "role_labels": [Role(r).label for r in sorted(roles)],
            "shortcuts": shortcuts(roles),
            # A leader's home page carries the dashboard (领导驾驶舱) under the pending items.
            **(_dashboard(committee_id) if Role.LEADER in roles else {}),
            # The latest 要闻动态 for a member (the national platform's first section).
            "news": latest_news(request.user, committee_id) if Role.MEMBER in roles else [],
        },
    )


def _dashboard(committee_id: int) -> dict[str, object]:
    board, at = cached("dashboard", [committee_id], (), lambda: dashboard(committee_id))
    return {"dashboard": board, "computed_at": at}


def _proposal_office(request: HttpRequest) -> int:
    """The current committee, for its proposal office and leaders; 404 for anyone else."""
    committee_id: int | None = getattr(request, "committee_id", None)
    if committee_id is None or not is_office(request.user, committee_id):
        raise Http404
    return committee_id


def years(committee_id: int) -> list[int]:
    """The years a committee's statistics can show: this year and the years of its sessions
    (a session opening next year included, so its early proposals can be counted)."""
    this = timezone.localdate().year
    held = Session.objects.filter(committee_id=committee_id).values_list("plenary_opens_on__year", flat=True)
    return sorted({this, *held}, reverse=True)[:12]


def _year(request: HttpRequest, committee_id: int, raw: str) -> int:
    """The year asked for if the committee offers it, else this year."""
    this = timezone.localdate().year
    year = int(raw) if raw.isdigit() and len(raw) == 4 else this
    return year if year in years(committee_id) else this


@login_required
def proposals_page(request: HttpRequest) -> HttpResponse:
    """提案统计: the figures committees publish, with Excel and the Word drafts."""
    committee_id = _proposal_office(request)
    offered = years(committee_id)
    year = _year(request, committee_id, request.GET.get("year", ""))
    figures, at = cached("proposals", [committee_id], (year,), lambda: proposal_figures(committee_id, year))
    context = {
        "computed_at": at,
        "figures": figures,
        "tables": exports.tables(figures),
        "year": year,
        "years": offered,
        "documents": DOCUMENTS,
        "xlsx_task": latest_for(request.user, exports.workbook_job, committee_id),
        "is_staff": is_staff(request.user, committee_id),
    }
    return render(request, "reports/proposals.html", context)


@login_required
def proposals_xlsx(request: HttpRequest) -> HttpResponse:
    """POST: build the statistics workbook as a long task; the page shows progress and the file."""
    committee_id = _proposal_office(request)
    year = _year(request, committee_id, request.POST.get("year", request.GET.get("year", "")))
    page = f"{reverse('reports:proposals')}?year={year}"
    if request.method == "POST":
        start(
            runner=exports.workbook_job,
            label=f"导出{year}年度提案统计（Excel）",
            owner=request.user,
            committee_id=committee_id,
            params={"year": year},
        )
        messages.success(request, "正在生成Excel，完成后可在本页下载")
    return redirect(page)


@login_required
def proposals_docx(request: HttpRequest, kind: str) -> HttpResponse:
    """One of the Word files: the statistics, 提案审查情况报告 or 提案工作情况报告 (drafts to edit)."""
    committee_id = _proposal_office(request)
    if kind not in DOCUMENTS:
        raise Http404
    year = _year(request, committee_id, request.GET.get("year", ""))
    filename, content = exports.document(kind, committee_id, year)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _plain_year(raw: str) -> int:
    this = timezone.localdate().year
    year = int(raw) if raw.isdigit() else this
    return year if 2000 <= year <= this + 1 else this


@login_required
def committee_page(request: HttpRequest) -> HttpResponse:
    """One committee's reports: every loop's figures of the year beside last year's."""
    committee, _reach = get_committee_for_user(
        request.user, request.GET.get("committee", ""), getattr(request, "committee_id", None)
    )
    year = _plain_year(request.GET.get("year", ""))

    def compute() -> list[Figures]:
        both = [loop_figures([committee.pk], y)[committee.pk] for y in (year - 1, year)]
        return both

    columns, at = cached("committee", [committee.pk], (year,), compute)
    context = {
        "computed_at": at,
        "committee": committee,
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "sections": section_rows(columns),
        "breakdowns": breakdown_rows(columns),
        "has_children": Committee.objects.filter(parent_id=committee.pk).exists(),
        "is_current": committee.pk == getattr(request, "committee_id", None),
        "proposal_office": is_office(request.user, committee.pk),
        # The plan's rule "at least N 专题协商 a year" (two small queries, never cached: a new
        # consultation shows at once).
        "special": special_shortfall(committee.pk, year),
    }
    return render(request, "reports/committee.html", context)


def _labelled(columns: list[tuple[str, str, str]], values: list[str | int]) -> list[tuple[str, str | int]]:
    return [(label, v) for (label, _, _), v in zip(columns, values, strict=True)]


@login_required
def tree_page(request: HttpRequest) -> HttpResponse:
    """A committee and every committee below it side by side with the subtree's totals, one
    loop at a time, ranked by the chosen figure."""
    committee, reach = get_committee_for_user(
        request.user, request.GET.get("committee", ""), getattr(request, "committee_id", None)
    )
    year = _plain_year(request.GET.get("year", ""))
    titles = [title for title, _ in SECTIONS]
    section = request.GET.get("section", "")
    section = section if section in titles else titles[0]
    columns = section_columns(section)
    raw_sort = request.GET.get("sort", "")
    sort = int(raw_sort) if raw_sort.isdigit() and int(raw_sort) < len(columns) else 0
    ids = subtree_ids(committee.pk)
    committees = {c.pk: c for c in Committee.objects.filter(pk__in=ids).select_related("parent")}
    figures, at = cached("tree", ids, (year, section), lambda: loop_figures(ids, year, [section]))
    below = sorted(
        (pk for pk in ids if pk != committee.pk),
        key=lambda pk: (-sort_value(figures[pk], columns[sort]), committees[pk].code),
    )
    rows = [
        {
            "rank": i,
            "committee": committees[pk],
            "values": _labelled(columns, [value(figures[pk], c) for c in columns]),
            "link": pk in reach,
        }
        for i, pk in enumerate(below, start=1)
    ]
    context = {
        "committee": committee,
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "sections": titles,
        "section": section,
        "columns": [label for label, _, _ in columns],
        "sort": sort,
        "own": _labelled(columns, [value(figures[committee.pk], c) for c in columns]),
        "rows": rows,
        "below_total": _labelled(columns, [value(total(figures[pk] for pk in below), c) for c in columns]),
        "computed_at": at,
        "subtree_total": _labelled(columns, [value(total(figures.values()), c) for c in columns]),
    }
    return render(request, "reports/tree.html", context)
