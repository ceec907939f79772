"""Pages of announcements and briefings: a member's list (unread first on the home page) and the
announcement itself (opening it records the reading); the office's list with read counts, the
publishing form, who has and has not read, and the reminder."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.consultations.models import Activity
from zhengxie.consultations.permissions import is_staff as is_activity_staff
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.materials.models import Agenda, Material

from . import announcements as svc
from .forms import AnnouncementForm
from .models import Announcement, AnnouncementFile, Receipt
from .workbench import ANNOUNCEMENT_TASKS


def _committee(request: HttpRequest) -> int:
    return request.committee_id  # type: ignore[attr-defined]


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    task = ANNOUNCEMENT_TASKS.chosen(request)
    office = svc.is_office(request.user, committee_id) and task is None and request.GET.get("mine") != "1"
    page: Any
    if office:
        page = keyset_page(request, svc.office_list(request.user, committee_id))
    else:
        rows: QuerySet[Any] = (
            task.rows(request.user, committee_id) if task else svc.received(request.user, committee_id)
        )
        page = keyset_page(request, rows)
    context = {
        "page": page,
        "task": task,
        "office": office,
        "can_publish": svc.can_publish(request.user, committee_id),
    }
    return render_page(request, "notices/announcements.html", context)


@login_required
def announcement_new(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if not svc.can_publish(request.user, committee_id):
        raise Http404
    form = AnnouncementForm(request.POST or None, request.FILES or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            announcement = svc.announcement_publish(
                committee_id=committee_id,
                by=request.user,
                data=svc.AnnouncementData(
                    title=d["title"],
                    body=d["body"],
                    kind=d["kind"],
                    audience=d["audience"],
                    sector=d["sector"],
                    special_committee=d["special_committee"],
                    required=d["required"],
                ),
                files=d["attachments"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已发布，共{announcement.recipients}位委员")
            return redirect("notices:announcement_detail", announcement.pk)
    return render(
        request, "notices/announcement_new.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = svc.get_for_user(request.user, pk)
    svc.receipt_read(announcement=announcement, user=request.user)
    office = svc.is_office(request.user, announcement.committee_id)
    context = {
        "a": announcement,
        "files": list(announcement.files.all()),
        "office": office,
        "can_publish": svc.can_publish(request.user, announcement.committee_id),
    }
    context.update(_meeting(request, announcement))
    if office:
        receipts = list(Receipt.objects.filter(announcement=announcement).order_by("read_at", "id")[:1000])
        context["read"] = [r for r in receipts if r.read_at]
        context["not_read"] = [r for r in receipts if not r.read_at]
    return render(request, "notices/announcement_detail.html", context)


def _meeting(request: HttpRequest, announcement: Announcement) -> dict[str, object]:
    """A briefing's meeting (an activity of consultations) with its agenda and materials."""
    if announcement.kind != Announcement.Kind.BRIEFING:
        return {}
    if announcement.activity_id is None:
        return {"may_arrange": is_activity_staff(request.user, announcement.committee_id)}
    activity = Activity.objects.filter(pk=announcement.activity_id).first()
    if activity is None:
        return {}
    return {
        "meeting": activity,
        "agenda": Agenda.objects.filter(activity=activity).first(),
        "materials": list(Material.objects.filter(activity=activity).order_by("id")),
    }


@login_required
@require_POST
def announcement_remind(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = svc.get_for_user(request.user, pk)
    try:
        count = svc.remind_unread(announcement=announcement, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已提醒{count}位未读委员")
    return redirect("notices:announcement_detail", announcement.pk)


@login_required
def announcement_file(request: HttpRequest, pk: int) -> FileResponse:
    row = AnnouncementFile.objects.filter(pk=pk).first()
    if row is None or not svc.visible(request.user).filter(pk=row.announcement_id).exists():
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)
