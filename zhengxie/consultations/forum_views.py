"""Pages of online deliberation (网络议政) and grassroots consultation platforms (基层协商)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Member
from zhengxie.org.roles import Role

from .forms import (
    CommentForm,
    DeliberationForm,
    PlatformActivityForm,
    PlatformForm,
    PlatformMembersForm,
    SummaryForm,
)
from .models import Comment, Deliberation, Platform
from .permissions import (
    deliberations_visible,
    get_deliberation_for_user,
    get_office_object,
    is_office,
    is_staff,
    my_member_ids,
)
from .services import deliberation as services
from .services import quality
from .views import office
from .workbench import MEMBER_TASKS


@login_required
def deliberation_list(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    rows = deliberations_visible(request.user, Deliberation.objects.filter(committee_id=committee_id))
    task = MEMBER_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    page = keyset_page(request, rows)
    context = {
        "page": page,
        "task": task,
        "is_staff": is_staff(request.user, committee_id),
        "now": timezone.now(),
    }
    return render_page(request, "consultations/deliberation_list.html", context)


@login_required
def deliberation_create(request: HttpRequest) -> HttpResponse:
    committee_id = office(request, Role.ACTIVITY_STAFF)
    form = DeliberationForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.deliberation_open(committee_id=committee_id, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "网络议政已发布")
            return redirect("consultations:deliberation_detail", d.pk)
    return render(request, "consultations/form.html", {"form": form, "title": "发布网络议政"})


def _thread(comments: list[Comment]) -> list[tuple[Comment, int]]:
    """Comments in thread order with their depth (replies under their parent)."""
    children: dict[int | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)
    out: list[tuple[Comment, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            out.append((c, min(depth, 4)))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


COMMENT_CAP = 500


@login_required
def deliberation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = get_deliberation_for_user(request.user, pk)
    office_user = is_office(request.user, d.committee_id)
    member = Member.objects.filter(pk__in=my_member_ids(request.user), committee_id=d.committee_id).first()
    form = CommentForm(request.POST or None)
    if request.method == "POST" and member is not None:
        if form.is_valid():
            parent = None
            if form.cleaned_data["parent"]:
                parent = Comment.objects.filter(pk=form.cleaned_data["parent"], deliberation=d).first()
            if attempt(
                request,
                lambda: services.comment_post(
                    deliberation=d,
                    member=member,
                    by=request.user,
                    body=form.cleaned_data["body"],
                    parent=parent,
                ),
                "发言已发表",
            ):
                return redirect("consultations:deliberation_detail", d.pk)
        else:
            messages.error(request, "请填写发言内容（不超过3000字）")
    comments = Comment.objects.filter(deliberation=d).select_related("member__person").order_by("id")
    if not office_user:
        comments = comments.filter(hidden=False)
    context: dict[str, Any] = {
        "d": d,
        "thread": _thread(list(comments[:COMMENT_CAP])),
        "office": office_user,
        "is_staff": is_staff(request.user, d.committee_id),
        "can_post": member is not None and d.opens_at <= timezone.now() <= d.closes_at,
        "form": form,
        "summary_form": SummaryForm(initial={"summary": d.summary}),
    }
    return render(request, "consultations/deliberation_detail.html", context)


@login_required
@require_POST
def comment_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    comment: Comment = get_office_object(Comment, request.user, pk)
    if not is_staff(request.user, comment.committee_id):
        raise Http404
    by = request.user
    if action in ("hide", "show"):
        attempt(
            request,
            lambda: services.comment_moderate(
                comment=comment, by=by, hide=action == "hide", reason=request.POST.get("reason", "")
            ),
            "已屏蔽" if action == "hide" else "已恢复显示",
        )
    elif action in ("useful", "not_useful"):
        attempt(
            request,
            lambda: services.comment_mark_useful(comment=comment, by=by, useful=action == "useful"),
            "已标记为有效发言并计分" if action == "useful" else "已取消有效发言",
        )
    else:
        raise Http404
    return redirect("consultations:deliberation_detail", comment.deliberation_id)


@login_required
@require_POST
def deliberation_summary(request: HttpRequest, pk: int) -> HttpResponse:
    d: Deliberation = get_office_object(Deliberation, request.user, pk)
    if not is_staff(request.user, d.committee_id):
        raise Http404
    form = SummaryForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.deliberation_summarise(deliberation=d, by=request.user, summary=summary),
        "意见综述已保存",
    )
    return redirect("consultations:deliberation_detail", d.pk)


# --- grassroots platforms ------------------------------------------------------------------------


@login_required
def platform_list(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    form = PlatformForm(request.POST or None)
    posted = request.method == "POST" and is_staff(request.user, committee_id) and form.is_valid()
    if posted and attempt(
        request,
        lambda: quality.platform_create(committee_id=committee_id, by=request.user, **form.cleaned_data),
        "平台已登记",
    ):
        return redirect("consultations:platform_list")
    rows = Platform.objects.filter(committee_id=committee_id).annotate(
        held=Count("activities"), solved=Sum("activities__problems_solved")
    )
    page = keyset_page(request, rows)
    context = {"page": page, "form": form, "is_staff": is_staff(request.user, committee_id)}
    return render_page(request, "consultations/platform_list.html", context)


@login_required
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    platform: Platform = get_office_object(Platform, request.user, pk)
    form = PlatformActivityForm(request.POST or None, committee_id=platform.committee_id)
    posted = request.method == "POST" and is_staff(request.user, platform.committee_id) and form.is_valid()
    if posted and attempt(
        request,
        lambda: quality.platform_activity_record(platform=platform, by=request.user, **form.cleaned_data),
        "活动已登记",
    ):
        return redirect("consultations:platform_detail", platform.pk)
    page = keyset_page(request, platform.activities.prefetch_related("members__person"))
    context = {
        "platform": platform,
        "page": page,
        "form": form,
        "members_form": PlatformMembersForm(platform=platform),
        "is_staff": is_staff(request.user, platform.committee_id),
    }
    return render_page(request, "consultations/platform_detail.html", context)


@login_required
@require_POST
def platform_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff add members to one of the platform's activities, or take one off (`remove`)."""
    platform: Platform = get_office_object(Platform, request.user, pk)
    if not is_staff(request.user, platform.committee_id):
        raise Http404
    form = PlatformMembersForm(request.POST, platform=platform)
    if not form.is_valid():
        messages.error(request, "请选择本平台的协商活动和本政协的委员")
        return redirect("consultations:platform_detail", platform.pk)
    d = form.cleaned_data
    if request.POST.get("remove"):
        if d["member"] is None:
            messages.error(request, "请选择要移出的委员")
        else:
            attempt(
                request,
                lambda: quality.platform_activity_member_remove(
                    activity=d["activity"], by=request.user, member=d["member"]
                ),
                "已移出参加委员，相应履职积分已冲正",
            )
    else:
        attempt(
            request,
            lambda: quality.platform_activity_members_add(
                activity=d["activity"], by=request.user, members=d["members"]
            ),
            "参加委员已登记并计入履职积分",
        )
    return redirect("consultations:platform_detail", platform.pk)
