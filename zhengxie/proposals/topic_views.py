"""提案选题 pages: the year's list (members see the published topics and take one up; leaders
suggest topics; the office enters the public's, publishes and withdraws) and a topic's page with
the proposals made from it. Members, leaders and proposal staff only; anyone else 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, require_role

from .config import settings_for
from .models import SuggestedTopic, TopicUptake
from .permissions import PRIVATE_STATES
from .services import topics

S = SuggestedTopic.State
TOPIC_ROLES = (Role.MEMBER, Role.LEADER, Role.PROPOSAL_STAFF)


def _office(request: HttpRequest, committee_id: int) -> bool:
    return has_role(request.user, committee_id, Role.LEADER, Role.PROPOSAL_STAFF)


def topic_rows(committee_id: int, year: int, state: str) -> QuerySet[SuggestedTopic]:
    """The year's topics in one state, each with the count of members who took it up."""
    return SuggestedTopic.objects.filter(committee_id=committee_id, year=year, state=state).annotate(
        taken=Count("uptakes")
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *TOPIC_ROLES)
    office = _office(request, committee_id)
    year = _year(request)
    show = request.GET.get("show", S.PUBLISHED)
    if show not in S.values or (show != S.PUBLISHED and not office):
        raise Http404
    page = keyset_page(request, topic_rows(committee_id, year, show))
    mine = set(
        TopicUptake.objects.filter(
            topic__in=[t.pk for t in page.items], member__person__user_id=request.user.pk or 0
        ).values_list("topic_id", flat=True)
    )
    for t in page.items:
        t.taken_by_me = t.pk in mine  # type: ignore[attr-defined]
    context = {
        "year": year,
        "show": show,
        "states": S.choices,
        "page": page,
        "office": office,
        "is_member": has_role(request.user, committee_id, Role.MEMBER),
        "is_leader": has_role(request.user, committee_id, Role.LEADER),
        "is_staff": has_role(request.user, committee_id, Role.PROPOSAL_STAFF),
        "categories": settings_for(committee_id).categories if office else [],
    }
    return render_page(request, "proposals/topics.html", context)


def _topic_for(request: HttpRequest, pk: int) -> SuggestedTopic:
    """The topic if the user may read it: the office sees every topic of its committee,
    members only the published ones."""
    committee_id = require_role(request, *TOPIC_ROLES)
    topic = SuggestedTopic.objects.filter(committee_id=committee_id, pk=pk).first()
    if topic is None or (topic.state != S.PUBLISHED and not _office(request, committee_id)):
        raise Http404
    return topic


@login_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_for(request, pk)
    office = _office(request, topic.committee_id)
    # Proposals made from the topic: those submitted, and the reader's own drafts; a member's
    # draft stays private to the member even from the office.
    uptakes = (
        TopicUptake.objects.filter(topic=topic)
        .filter(~Q(proposal__state__in=PRIVATE_STATES) | Q(member__person__user_id=request.user.pk or 0))
        .select_related("proposal", "member__person")
        .order_by("id")
    )
    context = {
        "topic": topic,
        "uptakes": list(uptakes[:200]),
        "taken": TopicUptake.objects.filter(topic=topic).count(),
        "office": office,
        "is_staff": has_role(request.user, topic.committee_id, Role.PROPOSAL_STAFF),
        "is_member": has_role(request.user, topic.committee_id, Role.MEMBER),
        "taken_by_me": TopicUptake.objects.filter(
            topic=topic, member__person__user_id=request.user.pk or 0
        ).first(),
    }
    return render_page(request, "proposals/topic_detail.html", context)


def _back(year: int, show: str = S.PUBLISHED) -> HttpResponse:
    return redirect(reverse("proposals:topics") + f"?year={year}&show={show}")


@login_required
@require_POST
def topic_add(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.LEADER, Role.PROPOSAL_STAFF)
    source = request.POST.get("source", "")
    if source not in SuggestedTopic.Source.values:
        raise Http404
    year = timezone.localdate().year
    try:
        topics.topic_add(
            committee_id=committee_id,
            by=request.user,
            source=source,
            title=request.POST.get("title", ""),
            description=request.POST.get("description", ""),
            category=request.POST.get("category", ""),
            source_note=request.POST.get("source_note", ""),
            year=year,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(year, S.DRAFT)
    messages.success(request, "选题已保存，待提案委发布")
    return _back(year, S.DRAFT)


@login_required
@require_POST
def topics_publish(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.PROPOSAL_STAFF)
    year = _year(request)
    try:
        n = topics.topics_publish(committee_id=committee_id, by=request.user, year=year)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(year, S.DRAFT)
    messages.success(request, f"已发布{n}个提案选题，正在通知全体委员")
    return _back(year)


@login_required
@require_POST
def topic_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_for(request, pk)
    if not has_role(request.user, topic.committee_id, Role.PROPOSAL_STAFF):
        raise Http404
    try:
        topics.topic_withdraw(topic=topic, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤回选题：{topic.title}")
    return _back(topic.year, S.WITHDRAWN)


@login_required
@require_POST
def topic_take(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic_for(request, pk)
    if not has_role(request.user, topic.committee_id, Role.MEMBER):
        raise Http404
    try:
        proposal = topics.topic_take(topic=topic, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("proposals:topic_detail", topic.pk)
    messages.success(request, "已为您生成提案草稿，请修改完善后提交")
    return redirect("proposals:edit", proposal.pk)
