"""The committee's public column (no login): open campaigns for the public, each with its
published contributions and replies, and a contribution form protected without any outside
service — a signed arithmetic challenge, a hidden field robots fill in, rate limits per address
and per phone, and moderation before anything shows. A resident's name and phone are never shown
here."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhengxie.audit.context import ip_of
from zhengxie.lib.errors import DomainError
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Committee
from zhengxie.surveys.selectors import public_open as public_surveys

from . import challenge
from .models import Campaign, Contribution
from .services import campaigns as svc
from .services import phone as phone_codes


def public_index(request: HttpRequest, code: str) -> HttpResponse:
    committee = get_object_or_404(Committee, code=code)
    today = timezone.localdate()
    campaigns = list(
        Campaign.objects.filter(committee=committee, audience=Campaign.Audience.PUBLIC, starts_on__lte=today)
        .only("id", "title", "starts_on", "ends_on", "closed_at")
        .order_by("-id")[:50]
    )
    return render(
        request,
        "participation/public_index.html",
        {
            "committee": committee,
            "campaigns": campaigns,
            "today": today,
            "surveys": public_surveys(committee.pk),
        },
    )


def public_campaign(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, code=code)
    campaign = get_object_or_404(
        Campaign,
        committee=committee,
        pk=pk,
        audience=Campaign.Audience.PUBLIC,
        starts_on__lte=timezone.localdate(),
    )
    error = notice = ""
    values = {"name": "", "phone": "", "body": ""}
    status = 200
    verify = phone_codes.required(committee.pk)
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        if request.POST.get("website"):  # the hidden field: people leave it empty
            error = "提交失败，请刷新页面后重试"
        elif not challenge.ip_allowed(ip_of(request)):
            error = "提交过于频繁，请一小时后再试"
            status = 429
        elif not challenge.passed(request.POST.get("token", ""), request.POST.get("answer", "")):
            error = "验证题答案不正确或已过期，请重新作答"
        elif verify and request.POST.get("send_code"):
            try:
                phone_codes.send_code(campaign=campaign, phone=values["phone"])
            except DomainError as exc:
                error = exc.message
            else:
                notice = f"验证码已发送至您的手机，{phone_codes.VALID_MINUTES}分钟内有效"
                status = 200
        elif values["phone"] and not challenge.phone_allowed(values["phone"].strip()):
            error = "该手机号今天提交次数已达上限，请明天再试"
            status = 429
        else:
            try:
                if verify:
                    phone_codes.contribute_verified(
                        campaign=campaign,
                        name=values["name"],
                        phone=values["phone"],
                        body=values["body"],
                        code=request.POST.get("code", ""),
                    )
                else:
                    svc.contribute_as_resident(
                        campaign=campaign, name=values["name"], phone=values["phone"], body=values["body"]
                    )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, "感谢您的建议！审核通过后将在本页公开（不公开您的姓名和电话）。")
                return redirect("participation:public_campaign", code, pk)
        if error:
            status = status if status != 200 else 400
    question, token = challenge.new()
    rows = Contribution.objects.filter(campaign=campaign, state=Contribution.State.PUBLISHED).only(
        "id", "body", "reply", "replied_by_name", "created_at"
    )
    page = keyset_page(request, rows)
    context = {
        "committee": committee,
        "campaign": campaign,
        "page": page,
        "is_open": campaign.is_open(timezone.localdate()),
        "question": question,
        "token": token,
        "error": error,
        "notice": notice,
        "verify": verify,
        "values": values,
    }
    return render(request, "participation/public_campaign.html", context, status=status)
