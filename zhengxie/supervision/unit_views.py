"""A handling unit's side of supervision: its inbox by bucket, and progress for many items at
once through the template exported from its list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.htmx import render_page
from zhengxie.lib.longwork import latest_for
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.xlsx import ImportResult, problems_response, run_import, workbook_response
from zhengxie.org.scope import require_role, unit_ids

from . import selectors
from .forms import UploadForm
from .import_jobs import LABELS, import_job, start_import
from .models import Item
from .permissions import UNIT_ROLES, items_visible
from .services import progress
from .workbench import UNIT_TASKS

REPORT_KEY = "zx_supervision_progress_report"


def _require_unit(request: HttpRequest) -> int:
    return require_role(request, *UNIT_ROLES)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    committee_id = _require_unit(request)
    task = UNIT_TASKS.chosen(request)
    bucket = "" if task else request.GET.get("bucket", "to_sign")
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = task.rows(request.user, committee_id).select_related("lead_unit", "source")
    elif bucket in selectors.UNIT_BUCKETS:
        rows = selectors.unit_inbox(request.user, committee_id, bucket)
    else:
        raise Http404
    page = keyset_page(request, rows)
    counts = selectors.unit_bucket_counts(request.user, committee_id)
    buckets = [(key, label, counts[key]) for key, (label, _) in selectors.UNIT_BUCKETS.items()]
    context = {"page": page, "bucket": bucket, "buckets": buckets, "task": task}
    return render_page(request, "supervision/inbox.html", context)


@login_required
def progress_template(request: HttpRequest) -> HttpResponse:
    """The unit's items in progress, with empty columns for this period's percent and text."""
    committee_id = _require_unit(request)
    open_items = list(
        items_visible(
            request.user, Item.objects.filter(committee_id=committee_id, state=Item.State.IN_PROGRESS)
        )
        .filter(lead_unit_id__in=unit_ids(request.user, committee_id))
        .order_by("due_on", "id")
    )
    rows = progress.progress_template_rows(open_items)
    return workbook_response("督办事项进度报送表.xlsx", [("进度报送", progress.TEMPLATE_COLUMNS, rows)])


@login_required
def progress_upload(request: HttpRequest) -> HttpResponse:
    committee_id = _require_unit(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    checked: list[list[dict[str, str]]] = []

    def check(rows: list[dict[str, str]]) -> ImportResult:
        checked.append(rows)
        return progress.progress_import(committee_id=committee_id, by=request.user, rows=rows, write=False)

    result, problems = run_import(
        request, form, columns=progress.TEMPLATE_COLUMNS, importer=check, session_key=REPORT_KEY
    )
    if result is not None:
        # Every row is good: the worker writes all reports in one transaction.
        start_import(kind="progress", rows=checked[0], by=request.user, committee_id=committee_id)
        messages.success(request, "已开始报送进度，进度见下方")
        return redirect("supervision:progress_upload")
    long_task = latest_for(request.user, import_job, committee_id, label=LABELS["progress"])
    context = {"form": form, "problems": problems, "long_task": long_task}
    status = 400 if form.errors or problems else 200
    return render(request, "supervision/progress_upload.html", context, status=status)


@login_required
def progress_problems(request: HttpRequest) -> HttpResponse:
    _require_unit(request)
    return problems_response(request.session.get(REPORT_KEY) or [])
