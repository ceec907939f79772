"""/api/v1/surveys/: 问卷调查 for the members' app and handling units — the questionnaires asking
me, one with its questions (and branching), answering it; for the office, a survey's results.
Scoped like the pages: a survey one is not asked (or a draft) answers 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.surveys import selectors, services
from zhengxie.surveys.models import Participation, Question, Survey
from zhengxie.surveys.permissions import get_survey_for_user, is_asked, is_office

from .paging import keyset

router = Router(tags=["问卷调查"])


class SurveyOut(Schema):
    id: int
    committee: str
    title: str
    anonymous: bool
    public: bool = Field(description="是否也面向社会公众征集（公众经公开栏目匿名填写）")
    state: str = Field(description="open（进行中）/closed（已结束）；草稿仅工作人员可见")
    state_label: str
    closes_at: datetime
    answered: bool = Field(description="当前用户是否已填写")


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_after: int | None


class SurveyPageQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class QuestionOut(Schema):
    id: int
    number: int
    kind: str = Field(description="single（单选）/multiple（多选）/scale（量表）/text（文字）")
    text: str
    required: bool
    choices: list[str] = Field(description="选择题的选项，作答时提交序号（从1开始）")
    scale_max: int
    show_if: int | None = Field(description="前置单选题的 id：仅当它选了 show_if_choice 时显示并作答本题")
    show_if_choice: int | None


class SurveyDetailOut(SurveyOut):
    description: str
    can_answer: bool
    questions: list[QuestionOut]


class AnswerIn(Schema):
    question: int
    values: list[str] = Field(default_factory=list, max_length=20, description="选项序号、量表分值或一段文字")


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(max_length=100)


class ResultRowOut(Schema):
    label: str
    count: int
    percent: int


class ResultOut(Schema):
    question: int
    number: int
    text: str
    kind: str
    answered: int
    average: float | None
    rows: list[ResultRowOut]
    texts: list[str] = Field(description="最近的文字回答（最多30条）")


class ResultsOut(Schema):
    survey: int
    responses: int
    results: list[ResultOut]


def _out(s: Survey, answered: bool) -> SurveyOut:
    return SurveyOut(
        id=s.pk,
        committee=s.committee.name,
        title=s.title,
        anonymous=s.anonymous,
        public=s.public,
        state=s.state,
        state_label=s.get_state_display(),
        closes_at=s.closes_at,
        answered=answered,
    )


@router.get("", response=SurveyPage, summary="请我填写的问卷")
def survey_list(request: HttpRequest, query: Query[SurveyPageQuery]) -> SurveyPage:
    rows, after = keyset(selectors.mine(request.user), query.after, query.limit)
    return SurveyPage(items=[_out(s, bool(getattr(s, "answered", False))) for s in rows], next_after=after)


def _question(q: Question) -> QuestionOut:
    return QuestionOut(
        id=q.pk,
        number=q.number,
        kind=q.kind,
        text=q.text,
        required=q.required,
        choices=list(q.choices),
        scale_max=q.scale_max,
        show_if=q.show_if_id,
        show_if_choice=q.show_if_choice,
    )


@router.get("{int:survey_id}", response=SurveyDetailOut, summary="问卷及其题目")
def survey_detail(request: HttpRequest, survey_id: int) -> SurveyDetailOut:
    s = get_survey_for_user(request.user, survey_id)
    answered = Participation.objects.filter(survey=s, user_id=request.user.pk or 0).exists()
    return SurveyDetailOut(
        **_out(s, answered).model_dump(),
        description=s.description,
        can_answer=not answered and services.is_open(s) and is_asked(request.user, s),
        questions=[_question(q) for q in s.questions.order_by("number")],
    )


@router.post("{int:survey_id}/answers", response={201: SurveyOut}, summary="填写问卷（每人一次）")
def survey_answer(request: HttpRequest, survey_id: int, payload: AnswersIn) -> Status[SurveyOut]:
    s = get_survey_for_user(request.user, survey_id)
    answers: dict[int, list[str]] = {}
    for a in payload.answers:
        answers.setdefault(a.question, []).extend(a.values)
    services.response_submit(survey=s, by=request.user, answers=answers)
    return Status(201, _out(s, True))


@router.get("{int:survey_id}/results", response=ResultsOut, summary="问卷结果（机关工作人员）")
def survey_results(request: HttpRequest, survey_id: int) -> ResultsOut:
    s = get_survey_for_user(request.user, survey_id)
    if not is_office(request.user, s):
        raise HttpError(403, "只有政协机关工作人员可以查看问卷结果")
    return ResultsOut(
        survey=s.pk,
        responses=s.response_count,
        results=[
            ResultOut(
                question=r.question.pk,
                number=r.question.number,
                text=r.question.text,
                kind=r.question.kind,
                answered=r.answered,
                average=r.average,
                rows=[ResultRowOut(label=label, count=n, percent=pct) for label, n, pct in r.rows],
                texts=r.texts,
            )
            for r in selectors.results(s)
        ],
    )
