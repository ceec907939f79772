from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page

from . import services
from .models import Notice


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = keyset_page(request, Notice.objects.filter(recipient_id=request.user.pk))
    return render_page(request, "notices/inbox.html", {"page": page})


@login_required
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notice marks it read and follows its link (own notices only: others are 404)."""
    notice = get_object_or_404(Notice, pk=pk, recipient_id=request.user.pk)
    services.notice_mark_read(notice=notice)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, {request.get_host()}):
        return redirect(notice.url)
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk, recipient_id=request.user.pk)
    services.notice_mark_read(notice=notice)
    if getattr(request, "htmx", False):
        return render_page(request, "notices/inbox.html", {"notice": notice}, partial="row")
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notices_mark_all_read(user=request.user)
    return redirect("notices:inbox")
