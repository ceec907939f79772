"""Pages of surveys: the questionnaires asking me (and, for the office, the committee's), building
one (questions, audience, period), opening, reminding and closing it, answering it on a phone, and
its results as figures and charts with the Excel export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.longwork import latest_for, start
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.scope import has_role, require_role

from . import exports, selectors, services
from .forms import QuestionForm, SurveyForm
from .models import Participation, Question, Survey
from .permissions import OFFICE_ROLES, get_survey_for_user, is_asked, is_office
from .workbench import TASKS


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    task = TASKS.chosen(request)
    rows = task.rows(request.user, committee_id) if task else selectors.mine(request.user)
    page = keyset_page(request, rows)
    office = has_role(request.user, committee_id, *OFFICE_ROLES)
    context = {
        "task": task,
        "page": page,
        "office": office,
        "managed": list(selectors.office(request.user, committee_id)[:50]) if office else [],
    }
    return render_page(request, "surveys/index.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    form = SurveyForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(committee_id=committee_id, by=request.user, data=form.draft())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "问卷已保存，请添加题目")
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/create.html", {"form": form}, status=400 if form.errors else 200)


def _office_survey(request: HttpRequest, pk: int) -> Survey:
    survey = get_survey_for_user(request.user, pk)
    if not is_office(request.user, survey):
        raise Http404
    return survey


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's page of a survey: questions (and the form to add one while a draft), audience,
    state and its actions. A respondent is sent to the answer page."""
    survey = get_survey_for_user(request.user, pk)
    if not is_office(request.user, survey):
        return redirect("surveys:answer", survey.pk)
    form = QuestionForm(request.POST or None, survey_id=survey.pk, initial={"required": True, "scale_max": 5})
    status = 200
    if request.method == "POST" and survey.state != Survey.State.DRAFT:
        messages.error(request, "问卷已发布，不能再修改题目")
        return redirect("surveys:detail", survey.pk)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.question_add(survey=survey, by=request.user, data=form.draft())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "题目已添加")
                return redirect("surveys:detail", survey.pk)
        status = 400
    context = {
        "survey": survey,
        "questions": list(
            Question.objects.filter(survey=survey).select_related("show_if").order_by("number")
        ),
        "audience": list(survey.audience.select_related("sector", "special_committee", "unit")),
        "form": form,
        "open": services.is_open(survey),
    }
    return render(request, "surveys/detail.html", context, status=status)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    survey = _office_survey(request, pk)
    try:
        if action == "open":
            services.survey_open(survey=survey, by=request.user)
            messages.success(request, "问卷已发布，已通知调查对象")
        elif action == "close":
            services.survey_close(survey=survey, by=request.user)
            messages.success(request, "问卷已结束")
        elif action == "remind":
            services.survey_remind(survey=survey, by=request.user)
            messages.success(request, "已提醒尚未填写的调查对象")
        elif action == "delete_question":
            question = Question.objects.filter(survey=survey, pk=request.POST.get("question") or 0).first()
            if question is None:
                raise DomainError("该题不存在")
            services.question_delete(survey=survey, question=question, by=request.user)
            messages.success(request, "题目已删除")
        elif action == "export":
            start(
                runner=exports.results_workbook_job,
                label=exports.label_of(survey),
                owner=request.user,
                committee_id=survey.committee_id,
                params={"survey": survey.pk},
            )
            messages.success(request, "正在生成Excel，完成后可在本页下载")
            return redirect("surveys:results", survey.pk)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:detail", survey.pk)


def _submitted(request: HttpRequest, questions: list[Question]) -> dict[int, list[str]]:
    return {q.pk: request.POST.getlist(f"q{q.pk}") for q in questions}


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request.user, pk)
    asked = is_asked(request.user, survey)
    if not asked and not is_office(request.user, survey):
        raise Http404
    questions = list(Question.objects.filter(survey=survey).order_by("number"))
    answered = Participation.objects.filter(survey=survey, user_id=request.user.pk or 0).exists()
    status, error, given = 200, "", {}
    if request.method == "POST":
        given = _submitted(request, questions)
        try:
            services.response_submit(survey=survey, by=request.user, answers=given)
        except DomainError as exc:
            error, status = exc.message, 400
        else:
            messages.success(request, "感谢您填写问卷")
            return redirect("surveys:answer", survey.pk)
    context = {
        "survey": survey,
        "questions": questions,
        "answered": answered,
        "can_answer": asked and not answered and services.is_open(survey),
        "error": error,
        "given": given,
    }
    return render(request, "surveys/answer.html", context, status=status)


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _office_survey(request, pk)
    context: dict[str, Any] = {
        "survey": survey,
        "results": selectors.results(survey),
        "long_task": latest_for(
            request.user, exports.results_workbook_job, survey.committee_id, label=exports.label_of(survey)
        ),
    }
    return render(request, "surveys/results.html", context)
