"""协助审查修改 pages: a member's requests (ask, follow), the office's queue and its answer. The
member sees his or her own requests, proposal staff and leaders their committee's; anyone else
404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role

from .models import AssistRequest
from .permissions import OFFICE_ROLES, assist_visible
from .services import assist


@login_required
def assist_mine(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.MEMBER)
    status = 200
    values = {k: request.POST.get(k, "") for k in ("upper_level", "title", "text")}
    if request.method == "POST":
        try:
            row = assist.assist_request(committee_id=committee_id, by=request.user, **values)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, "申请已送提案委，反馈后会通知您")
            return redirect("proposals:assist_detail", row.pk)
    rows = AssistRequest.objects.filter(committee_id=committee_id, created_by_id=request.user.pk)
    context = {"page": keyset_page(request, rows), "values": values}
    return render_page(request, "proposals/assist_mine.html", context, status=status)


@login_required
def assist_office(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    show = request.GET.get("show", AssistRequest.State.SUBMITTED)
    if show not in AssistRequest.State.values:
        raise Http404
    rows = AssistRequest.objects.filter(committee_id=committee_id, state=show).select_related(
        "member__person"
    )
    return render_page(
        request, "proposals/assist_office.html", {"page": keyset_page(request, rows), "show": show}
    )


@login_required
def assist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = assist_visible(request.user).select_related("member__person", "answered_by").filter(pk=pk).first()
    if row is None:
        raise Http404
    can_answer = has_role(request.user, row.committee_id, Role.PROPOSAL_STAFF) and row.state == "submitted"
    status = 200
    if request.method == "POST":
        if not has_role(request.user, row.committee_id, Role.PROPOSAL_STAFF):
            raise Http404
        try:
            assist.assist_answer(
                row=row,
                by=request.user,
                comments=request.POST.get("comments", ""),
                edited_text=request.POST.get("edited_text", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, "审查修改意见已反馈给委员")
            return redirect("proposals:assist_detail", row.pk)
    return render(
        request, "proposals/assist_detail.html", {"row": row, "can_answer": can_answer}, status=status
    )
