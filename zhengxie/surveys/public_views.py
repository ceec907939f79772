"""A survey's public page (no login), listed on the participation channel's public page: the
questions, the same self-hosted challenge, hidden field and per-address limit as the public
contribution form, and an anonymous answer with nothing about the person stored."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhengxie.audit.context import ip_of
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Committee
from zhengxie.participation import challenge

from . import services
from .models import Question, Survey


def public_survey(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, code=code)
    survey = get_object_or_404(
        Survey.objects.exclude(state=Survey.State.DRAFT), committee=committee, pk=pk, public=True
    )
    questions = list(Question.objects.filter(survey=survey).order_by("number"))
    error, status, given = "", 200, {}
    if request.method == "POST":
        given = {q.pk: request.POST.getlist(f"q{q.pk}") for q in questions}
        if request.POST.get("website"):  # the hidden field: people leave it empty
            error = "提交失败，请刷新页面后重试"
        elif not challenge.ip_allowed(ip_of(request)):
            error, status = "提交过于频繁，请一小时后再试", 429
        elif not challenge.passed(request.POST.get("token", ""), request.POST.get("answer", "")):
            error = "验证题答案不正确或已过期，请重新作答"
        else:
            try:
                services.response_submit_public(survey=survey, answers=given)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, "感谢您参与问卷调查！")
                return redirect("surveys:public", code, pk)
        status = status if status != 200 else 400
    question, token = challenge.new()
    context = {
        "committee": committee,
        "survey": survey,
        "questions": questions,
        "can_answer": services.is_open(survey),
        "error": error,
        "given": given,
        "question": question,
        "token": token,
    }
    return render(request, "surveys/public.html", context, status=status)
