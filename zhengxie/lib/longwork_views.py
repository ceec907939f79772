"""The pages of long work: a task's progress (polled by htmx) and its result file, for the task's
owner only (404 for anyone else)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .longwork import get_for_owner


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    long_task = get_for_owner(request.user, pk)
    if getattr(request, "htmx", False):
        return render(request, "lib/longwork.html", {"t": long_task})
    return render(request, "lib/longwork_page.html", {"t": long_task})


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    long_task = get_for_owner(request.user, pk)
    if not long_task.result_file:
        raise Http404
    response = FileResponse(long_task.result_file.open("rb"), as_attachment=True)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(long_task.result_name)}"
    return response
