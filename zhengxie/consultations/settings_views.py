"""The office's settings page (forms of consultation, step deadlines, the quality rubric), the
plan as a Word draft, and members suggesting topics for the year's plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.duty.selectors import member_of
from zhengxie.lib.attempt import attempt
from zhengxie.org.roles import Role

from . import config, documents
from .models import ConsultationForm, Plan, Topic
from .permissions import get_office_object
from .services import plans
from .services import settings as services
from .views import office


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    committee_id = office(request, Role.ACTIVITY_STAFF)
    context = {
        "forms": config.forms_for(committee_id, active_only=False),
        "rules": sorted(config.step_rules(committee_id).values(), key=lambda r: r.pk),
        "rubric": config.rubric_for(committee_id),
        "kinds": services.ATTENDANCE_KINDS.items(),
        "requirement": config.requirement_for(committee_id),
    }
    return render(request, "consultations/settings.html", context)


@login_required
@require_POST
def settings_act(request: HttpRequest, action: str) -> HttpResponse:
    committee_id = office(request, Role.ACTIVITY_STAFF)
    by, post = request.user, request.POST
    if action == "form_add":
        attempt(
            request,
            lambda: services.form_add(
                committee_id=committee_id,
                by=by,
                name=post.get("name", ""),
                attendance_kind=post.get("attendance_kind", ""),
                is_online=post.get("is_online") == "1",
            ),
            "协商形式已添加",
        )
    elif action == "form_toggle":
        form = get_office_object(ConsultationForm, request.user, post.get("form", ""))
        attempt(
            request, lambda: services.form_set_active(form=form, by=by, active=not form.is_active), "已更新"
        )
    elif action == "steps":
        days = {k[5:]: v for k, v in post.items() if k.startswith("step_")}
        attempt(
            request,
            lambda: services.step_rules_update(committee_id=committee_id, by=by, days=days),
            "步骤时限已保存",
        )
    elif action == "rubric":
        points = {k[5:]: v for k, v in post.items() if k.startswith("item_")}
        attempt(
            request,
            lambda: services.rubric_update(committee_id=committee_id, by=by, points=points),
            "评价细则已保存",
        )
    elif action == "requirement":
        attempt(
            request,
            lambda: services.requirement_update(
                committee_id=committee_id,
                by=by,
                special_per_year=post.get("special_per_year", ""),
                trip_report_days=post.get("trip_report_days", ""),
            ),
            "年度要求已保存",
        )
    else:
        raise Http404
    return redirect("consultations:settings")


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan: Plan = get_office_object(Plan, request.user, pk)
    return documents.plan_document(plan).response(f"{plan.title}.docx")


@login_required
def topic_suggest(request: HttpRequest) -> HttpResponse:
    """A member suggests a topic for the plan his or her committee is collecting."""
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    member = member_of(request.user, committee_id)
    if member is None:
        raise Http404
    plan = (
        Plan.objects.filter(committee_id=committee_id, state=Plan.State.COLLECTING).order_by("-year").first()
    )
    if request.method == "POST" and plan is not None:
        title, reason = request.POST.get("title", ""), request.POST.get("reason", "")
        if attempt(
            request,
            lambda: plans.topic_suggest(
                plan=plan,
                by=request.user,
                title=title,
                reason=reason,
                source_kind=Topic.SourceKind.MEMBER,
                member=member,
            ),
            "感谢您的建议，议题已提交",
        ):
            return redirect("consultations:topic_suggest")
    mine = Topic.objects.filter(member=member).select_related("plan").order_by("-id")[:50]
    if plan is None and request.method == "POST":
        messages.error(request, "目前没有正在征集议题的年度协商计划")
    return render(request, "consultations/topic_suggest.html", {"plan": plan, "mine": mine})
