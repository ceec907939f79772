"""Pages of meeting materials: my coming meetings' materials, an activity's packet (agenda, my seat
and group, documents to read on the phone) and, for activity staff, the agenda, uploads and the
seat table; opening a document (audited when confidential, refused once withdrawn)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.permissions import get_activity_for_user, is_staff
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page

from . import selectors, services
from .models import Material
from .workbench import TASKS

INLINE = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    page = keyset_page(request, TASKS["upcoming"].rows(request.user, committee_id))
    return render_page(request, "materials/index.html", {"task": TASKS["upcoming"], "page": page})


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_activity_for_user(request.user, pk)
    staff = is_staff(request.user, act.committee_id)
    context = {
        "activity": act,
        "staff": staff,
        "packet": selectors.packet(act, request.user, staff=staff),
        "now": timezone.now(),
    }
    return render(request, "materials/activity.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    activity_ = get_activity_for_user(request.user, pk)
    if not is_staff(request.user, activity_.committee_id):
        raise Http404
    try:
        if action == "agenda":
            services.agenda_save(activity=activity_, by=request.user, text=request.POST.get("text", ""))
            messages.success(request, "会议议程已保存")
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError("请选择文件")
            services.material_add(
                activity=activity_,
                by=request.user,
                upload=upload,
                title=request.POST.get("title", ""),
                confidential=request.POST.get("confidential") == "on",
                withdraw_after=request.POST.get("withdraw_after") == "on",
            )
            messages.success(request, "材料已上传")
        elif action == "seats":
            n = services.seats_assign(activity=activity_, by=request.user, text=request.POST.get("seats", ""))
            messages.success(request, f"已安排{n}位委员的座位和分组")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("materials:activity", activity_.pk)


def open_material(request: HttpRequest, pk: int) -> FileResponse:
    """The document for a person who may see its activity (404 otherwise); 410-like refusal once
    withdrawn is shown as 404 too, so a withdrawn confidential file leaves no trace to probe."""
    material = Material.objects.filter(pk=pk).first()
    if material is None:
        raise Http404
    material.activity = get_activity_for_user(request.user, material.activity_id)
    try:
        services.material_open(material=material, by=request.user)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    suffix = "." + material.name.rsplit(".", 1)[-1].lower() if "." in material.name else ""
    inline = suffix in INLINE
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=not inline,
        filename=material.name,
        content_type=INLINE.get(suffix),
    )
    response["Cache-Control"] = "private, no-store" if material.confidential else "private, max-age=600"
    return response


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    return open_material(request, pk)
