"""Pages of suggestion campaigns for signed-in users: the office opens campaigns, moderates and
replies to contributions, closes a campaign with a summary (Word) and sends it on as 社情民意;
members see the campaigns open to them, contribute and reply to published contributions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.personal import mask_phone
from zhengxie.org.models import Committee
from zhengxie.org.scope import roles_in
from zhengxie.org.selectors import below_office

from .forms import CampaignForm
from .models import Campaign, Contribution
from .permissions import READERS
from .services import campaigns as svc
from .services.common import member_of
from .workbench import CAMPAIGN_TASKS
from .workflow import OFFICE

CS = Contribution.State


def _committee(request: HttpRequest) -> int:
    return request.committee_id  # type: ignore[attr-defined]


def _is_office(request: HttpRequest, committee_id: int) -> bool:
    return bool(roles_in(request.user, committee_id) & OFFICE)


def _is_reader(request: HttpRequest, committee_id: int) -> bool:
    """The office and the committee's leaders read every campaign and contribution."""
    return bool(roles_in(request.user, committee_id) & READERS)


def _campaigns_for(request: HttpRequest, committee_id: int) -> QuerySet[Campaign]:
    rows = Campaign.objects.filter(committee_id=committee_id)
    if _is_reader(request, committee_id):
        return rows
    member = member_of(request.user, committee_id)
    if member is None:
        return rows.none()
    return rows.filter(
        Q(audience__in=["members", "public"]) | Q(audience="sector", sector_id=member.sector_id)
    )


def _get(request: HttpRequest, pk: int, *, to_read: bool = False) -> Campaign:
    """A campaign of the current committee the user may read; `to_read` (the detail page, which
    offers a lower committee's campaign no action) also one of a committee below the user's
    office, as the search shows them."""
    reach = _campaigns_for(request, _committee(request))
    below = below_office(request.user, READERS) if to_read else set()
    if below:
        reach = reach | Campaign.objects.filter(committee_id__in=below)
    try:
        return reach.select_related("committee", "sector").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    office = _is_office(request, committee_id)
    if not _is_reader(request, committee_id) and member_of(request.user, committee_id) is None:
        raise Http404
    task = CAMPAIGN_TASKS.chosen(request)
    if task is not None:
        page: Any = keyset_page(request, task.rows(request.user, committee_id))
        return render(request, "participation/contribution_queue.html", {"page": page, "task": task})
    rows = _campaigns_for(request, committee_id).annotate(
        pending=Count("contributions", filter=Q(contributions__state=CS.PENDING)),
        published=Count("contributions", filter=Q(contributions__state=CS.PUBLISHED)),
    )
    page = keyset_page(request, rows)
    context = {
        "page": page,
        "office": office,
        "reader": _is_reader(request, committee_id),
        "today": timezone.localdate(),
        "public_code": Committee.objects.filter(pk=committee_id).values_list("code", flat=True).first(),
    }
    return render(request, "participation/campaign_list.html", context)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if not _is_office(request, committee_id):
        raise Http404
    form = CampaignForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: svc.campaign_open(
                committee_id=committee_id, by=request.user, data=svc.CampaignData(**form.cleaned_data)
            ),
            success="已发起征集",
            form=form,
        )
        if done:
            return redirect("participation:campaign_detail", done.value.pk)
    return render(
        request, "participation/campaign_new.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _get(request, pk, to_read=True)
    office = _is_office(request, campaign.committee_id)
    rows = Contribution.objects.filter(campaign=campaign).select_related("member__person")
    if not _is_reader(request, campaign.committee_id):
        rows = rows.filter(Q(state=CS.PUBLISHED) | Q(member__person__user_id=request.user.pk))
    page = keyset_page(request, rows)
    if office and request.GET.get("show"):
        record(action="participation.contribution.viewed", obj=campaign, by=request.user)
    context = {
        "campaign": campaign,
        "page": page,
        "office": office,
        "show": office and bool(request.GET.get("show")),
        "is_open": campaign.is_open(timezone.localdate()),
        "may_contribute": svc.member_may_contribute(request.user, campaign),
        "is_member": member_of(request.user, campaign.committee_id) is not None,
        "public_url": reverse("participation:public_campaign", args=[campaign.committee.code, campaign.pk]),
    }
    if office:
        context["masked"] = {c.pk: mask_phone(c.resident_phone) for c in page.items}
    return render(request, "participation/campaign_detail.html", context)


@login_required
def campaign_to_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The office chooses the consultation the closed campaign's summary goes to."""
    campaign = _get(request, pk)
    if not _is_office(request, campaign.committee_id):
        raise Http404
    if request.method == "POST":
        done = attempt(
            request,
            lambda: svc.campaign_to_consultation(
                campaign=campaign,
                by=request.user,
                consultation_id=request.POST.get("consultation"),
                source_url=reverse("participation:campaign_detail", args=[campaign.pk]),
            ),
        )
        if done:
            messages.success(request, f"综述已送交协商“{done.value.title}”，作为意见建议素材")
            return redirect("participation:campaign_detail", campaign.pk)
    context = {"campaign": campaign, "consultations": list(svc.consultations_for(campaign)[:200])}
    return render(request, "participation/campaign_to_consultation.html", context)


@login_required
@require_POST
def campaign_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    campaign = _get(request, pk)
    post = request.POST
    try:
        if action == "contribute":
            svc.contribute_as_member(campaign=campaign, by=request.user, body=post.get("body", ""))
            messages.success(request, "已提交，审核后公开")
        elif action in ("publish", "reject", "reply"):
            try:
                contribution = Contribution.objects.get(
                    campaign=campaign, pk=int(post.get("contribution", ""))
                )
            except (Contribution.DoesNotExist, ValueError) as exc:
                raise Http404 from exc
            if action == "reply":
                svc.contribution_reply(contribution=contribution, by=request.user, text=post.get("text", ""))
                messages.success(request, "已回复")
            else:
                svc.contribution_moderate(
                    contribution=contribution, by=request.user, publish=action == "publish"
                )
                messages.success(request, "已公开" if action == "publish" else "已记为未采用")
        elif action == "close":
            svc.campaign_close(campaign=campaign, by=request.user, summary=post.get("summary", ""))
            messages.success(request, "征集已结束，可下载综述")
        elif action == "to_opinion":
            opinion_id = svc.campaign_to_opinion(
                campaign=campaign,
                by=request.user,
                source_url=reverse("participation:campaign_detail", args=[campaign.pk]),
            )
            messages.success(request, "综述已转为社情民意信息")
            return redirect("opinions:detail", opinion_id)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("participation:campaign_detail", campaign.pk)


@login_required
def campaign_summary(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _get(request, pk)
    if not _is_office(request, campaign.committee_id) or campaign.closed_at is None:
        raise Http404
    return svc.summary_document(campaign).response(f"{campaign.title}征集综述.docx")
