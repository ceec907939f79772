"""/api/v1/assessment/: a rater's open rating tasks and submitting a rating (the members' app, a
third party's rater-only account), and a handling unit's own published score cards. Scoped like
the pages: another rater's task or an unpublished card is 404."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zhengxie.assessment import selectors, services
from zhengxie.assessment.models import RaterTask
from zhengxie.assessment.permissions import get_subject_for_user, get_task_for_rater, own_subjects

from .paging import keyset

router = Router(tags=["考评"])


class IndicatorOut(Schema):
    id: int
    name: str
    points: Decimal
    standard: str


class TaskOut(Schema):
    id: int
    assessment: str
    subject: str
    group: str = Field(description="评议组代码：leader/staff/member/proposer/unit/external")
    group_label: str
    state: str = Field(description="pending（待评议）或 submitted（已提交，截止前可修改）")
    deadline: date
    submitted_at: datetime | None
    indicators: list[IndicatorOut] = Field(description="本评议组须打分的指标，分值为满分")
    marks: dict[str, Decimal] = Field(description="已提交的打分：指标id → 得分")
    comment: str


class TaskPage(Schema):
    items: list[TaskOut]
    next_after: int | None


class PageQuery(Schema):
    after: int | None = Field(None, description="上一页最后一条的 id")
    limit: int = Field(20, ge=1, le=100)


class AssessmentRatingIn(Schema):
    marks: dict[int, Decimal] = Field(description="指标id → 得分（0至该指标分值）")
    comment: str = Field("", max_length=2000)


class LineOut(Schema):
    group: str
    indicator: str
    points: Decimal
    score: Decimal | None
    basis: str


class CommentOut(Schema):
    group: str
    rater: str = Field(description="评议匿名时为空")
    text: str


class CardOut(Schema):
    id: int
    assessment: str
    year: int
    subject: str
    total: Decimal | None
    rank: int | None
    grade: str
    objection_until: date | None
    lines: list[LineOut]
    comments: list[CommentOut]


class CardPage(Schema):
    items: list[CardOut]
    next_after: int | None


def _task(t: RaterTask) -> TaskOut:
    indicators = [i for i in services.rated_indicators(t.assessment.scheme) if i.rater_weights.get(t.group)]
    return TaskOut(
        id=t.pk,
        assessment=t.assessment.title,
        subject=t.subject.name,
        group=t.group,
        group_label=t.get_group_display(),
        state=t.state,
        deadline=t.assessment.deadline,
        submitted_at=t.submitted_at,
        indicators=[
            IndicatorOut(id=i.pk, name=i.name, points=i.points, standard=i.standard) for i in indicators
        ],
        marks={k: Decimal(v) for k, v in t.marks.items()},
        comment=t.comment,
    )


@router.get("tasks", response=TaskPage, summary="我的待评议任务（评议进行中的考评）")
def task_list(request: HttpRequest, q: Query[PageQuery]) -> TaskPage:
    rows = selectors.own_tasks(request.user).select_related("assessment__scheme", "subject")
    page, next_after = keyset(rows, q.after, q.limit)
    return TaskPage(items=[_task(t) for t in page], next_after=next_after)


@router.post("tasks/{task_id}", response=TaskOut, summary="提交（或在截止前修改）评议打分")
def task_submit(request: HttpRequest, task_id: int, body: AssessmentRatingIn) -> TaskOut:
    task = get_task_for_rater(request.user, task_id)
    services.task_submit(task=task, marks=dict(body.marks), comment=body.comment, by=request.user)
    return _task(get_task_for_rater(request.user, task_id))


def _card(subject_id: int, request: HttpRequest) -> CardOut:
    subject, as_staff = get_subject_for_user(request.user, subject_id)
    card = selectors.score_card(subject, as_staff=as_staff)
    lines = [
        LineOut(
            group=g.indicator.name,
            indicator=line.indicator.name,
            points=line.indicator.points,
            score=line.score.value if line.score else None,
            basis=(line.score.figures.get("text") or line.score.note) if line.score else "",
        )
        for g in card["groups"]
        for line in g.lines
    ]
    return CardOut(
        id=subject.pk,
        assessment=subject.assessment.title,
        year=subject.assessment.year,
        subject=subject.name,
        total=subject.total,
        rank=subject.rank,
        grade=subject.grade,
        objection_until=subject.assessment.objection_until,
        lines=lines,
        comments=[CommentOut(group=c.group, rater=c.who, text=c.text) for c in card["comments"]],
    )


@router.get("cards/mine", response=CardPage, summary="本单位已公布的考评结果")
def my_cards(request: HttpRequest, q: Query[PageQuery]) -> CardPage:
    page, next_after = keyset(own_subjects(request.user), q.after, q.limit)
    return CardPage(items=[_card(s.pk, request) for s in page], next_after=next_after)


@router.get("cards/{subject_id}", response=CardOut, summary="评分表：指标、得分、依据和评议意见")
def card(request: HttpRequest, subject_id: int) -> CardOut:
    return _card(subject_id, request)
