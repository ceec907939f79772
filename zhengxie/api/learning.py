"""/api/v1/learning/: the member's assigned courses, lesson content, progress heartbeats, quizzes
and reading notes (掌上履职). Heartbeats follow the page's rules: a view is opened when the app
shows a lesson, each heartbeat credits only time on screen (`visible`), once per member however
many devices are open. Outside the caller's reach everything is 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.learning import permissions as perms
from zhengxie.learning import selectors
from zhengxie.learning.models import Course, Lesson, Note, Progress
from zhengxie.learning.services import progress as svc
from zhengxie.learning.services import reading
from zhengxie.org.models import Member

from .paging import keyset

router = Router(tags=["委员学习"])


class LearningCommitteeQuery(Schema):
    committee: int


class LearningAssignmentOut(Schema):
    id: int
    course_id: int
    course: str
    due_on: date
    done: bool
    overdue: bool


class LearningLessonBrief(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    rule_label: str
    min_minutes: int
    completed: bool


class LearningCourseOut(Schema):
    id: int
    title: str
    kind_label: str
    topic: str
    summary: str
    credit_hours: int
    completed: bool
    lessons: list[LearningLessonBrief]


class LearningQuestionOut(Schema):
    q: str
    options: list[str]


class LearningLessonOut(Schema):
    id: int
    course_id: int
    title: str
    kind: str
    body_html: str = Field(description="经过安全过滤的正文 HTML（图文、Word 课时）")
    file_url: str | None = Field(description="PDF、音频、视频文件地址（支持 Range 分段请求）")
    link_url: str | None
    rule: str
    min_minutes: int
    pass_percent: int
    questions: list[LearningQuestionOut]
    seconds: int
    position: float = Field(description="上次的阅读位置（页面比例）或播放秒数，各设备共用")
    completed: bool


class LearningViewOut(Schema):
    view: int
    beat_seconds: int


class LearningBeatIn(Schema):
    visible: bool = Field(description="页面是否正在显示；不显示时不计时")
    position: float | None = Field(None, ge=0, le=10_000_000)
    fraction: float | None = Field(None, ge=0, le=1, description="已学到课时的比例（0–1）")
    ended: bool = Field(False, description="页面已隐藏或关闭，结束本次学习")


class LearningProgressOut(Schema):
    seconds: int
    position: float
    completed: bool


class LearningQuizIn(Schema):
    answers: list[int] = Field(max_length=20)


class LearningQuizOut(Schema):
    score: int
    passed: bool


class LearningNoteOut(Schema):
    id: int
    group_id: int
    group: str
    title: str
    body: str
    author: str
    created_at: datetime
    outstanding: bool


class LearningNotePage(Schema):
    items: list[LearningNoteOut]
    next_after: int | None


class LearningNoteQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class LearningNoteIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20000)
    book: int | None = None


def _member(request: HttpRequest, committee_id: int) -> Member:
    member = perms.member_of(request.user, committee_id)
    if member is None:
        raise HttpError(404, "未找到该政协的委员档案")
    return member


@router.get("assignments", response=list[LearningAssignmentOut], summary="我的学习任务（必修课程与期限）")
def assignments(request: HttpRequest, q: Query[LearningCommitteeQuery]) -> list[LearningAssignmentOut]:
    member = _member(request, q.committee)
    today = timezone.localdate()
    return [
        LearningAssignmentOut(
            id=a.pk,
            course_id=a.course_id,
            course=a.course.title,
            due_on=a.due_on,
            done=a.done_at is not None,
            overdue=a.done_at is None and a.due_on < today,
        )
        for a in selectors.member_assignments(member)[:200]
    ]


@router.get("courses/{course_id}", response=LearningCourseOut, summary="课程与课时")
def course(request: HttpRequest, course_id: int) -> LearningCourseOut:
    c: Course = perms.get_course_for_user(request.user, course_id)
    member = _any_member(request, c.committee_id)
    progress = selectors.course_progress(member, c)
    return LearningCourseOut(
        id=c.pk,
        title=c.title,
        kind_label=c.get_kind_display(),
        topic=c.topic,
        summary=c.summary,
        credit_hours=c.credit_hours,
        completed=selectors.standing_completion(member, c) is not None,
        lessons=[
            LearningLessonBrief(
                id=lesson.pk,
                title=lesson.title,
                kind=lesson.kind,
                kind_label=lesson.get_kind_display(),
                rule_label=lesson.get_rule_display(),
                min_minutes=lesson.min_minutes,
                completed=bool(progress.get(lesson.pk) and progress[lesson.pk].completed_at),
            )
            for lesson in c.lessons.all()
        ],
    )


def _any_member(request: HttpRequest, committee_id: int) -> Member | None:
    """The caller's membership that studies this committee's library, if any (staff have none)."""
    try:
        return perms.learner_for(request.user, committee_id)
    except Http404:
        return None


def _learner(request: HttpRequest, lesson: Lesson) -> Member:
    if lesson.course.state != Course.State.PUBLISHED:
        raise HttpError(400, "课程尚未发布，不能记录学习进度")
    return perms.learner_for(request.user, lesson.committee_id)


@router.get("lessons/{lesson_id}", response=LearningLessonOut, summary="课时内容与我的进度")
def lesson(request: HttpRequest, lesson_id: int) -> LearningLessonOut:
    item = perms.get_lesson_for_user(request.user, lesson_id)
    member = _any_member(request, item.committee_id)
    progress = Progress.objects.filter(member=member, lesson=item).first() if member else None
    return LearningLessonOut(
        id=item.pk,
        course_id=item.course_id,
        title=item.title,
        kind=item.kind,
        body_html=item.body,
        file_url=reverse("learning:media", args=[item.pk]) if item.file else None,
        link_url=item.link_url or None,
        rule=item.rule,
        min_minutes=item.min_minutes,
        pass_percent=item.pass_percent,
        questions=[LearningQuestionOut(q=q["q"], options=q["options"]) for q in item.quiz],
        seconds=progress.seconds if progress else 0,
        position=progress.position if progress else 0,
        completed=bool(progress and progress.completed_at),
    )


@router.post(
    "lessons/{lesson_id}/views",
    response=LearningViewOut,
    summary="开始学习（打开课时时调用，返回本设备的学习会话）",
)
def view_open(request: HttpRequest, lesson_id: int) -> LearningViewOut:
    item = perms.get_lesson_for_user(request.user, lesson_id)
    view, _ = svc.lesson_open(member=_learner(request, item), lesson=item)
    return LearningViewOut(view=view.pk, beat_seconds=svc.BEAT_SECONDS)


@router.post(
    "lessons/{lesson_id}/views/{view_id}/beat",
    response=LearningProgressOut,
    summary="学习心跳（页面显示时每15秒一次）",
)
def beat(request: HttpRequest, lesson_id: int, view_id: int, body: LearningBeatIn) -> LearningProgressOut:
    item = perms.get_lesson_for_user(request.user, lesson_id)
    member = _learner(request, item)
    result = svc.heartbeat(
        member=member,
        view_id=view_id,
        visible=body.visible,
        position=body.position,
        fraction=body.fraction,
        ended=body.ended,
    )
    return LearningProgressOut(
        seconds=result.seconds, position=result.position, completed=result.completed_at is not None
    )


@router.post("lessons/{lesson_id}/quiz", response=LearningQuizOut, summary="提交随堂测验")
def quiz(request: HttpRequest, lesson_id: int, body: LearningQuizIn) -> LearningQuizOut:
    item = perms.get_lesson_for_user(request.user, lesson_id)
    score = svc.quiz_submit(member=_learner(request, item), lesson=item, answers=body.answers)
    return LearningQuizOut(score=score, passed=score >= item.pass_percent)


def _note_out(n: Note) -> LearningNoteOut:
    return LearningNoteOut(
        id=n.pk,
        group_id=n.group_id,
        group=n.group.name,
        title=n.title,
        body=n.body,
        author=n.author.person.name,
        created_at=n.created_at,
        outstanding=n.outstanding_at is not None,
    )


@router.get("notes", response=LearningNotePage, summary="读书心得（本人所在读书群的与已评为优秀的）")
def notes(request: HttpRequest, q: Query[LearningNoteQuery]) -> LearningNotePage:
    rows = (
        perms.notes_visible(request.user)
        .filter(committee_id=q.committee)
        .select_related("group", "author__person")
    )
    page, next_after = keyset(rows, q.after, q.limit)
    return LearningNotePage(items=[_note_out(n) for n in page], next_after=next_after)


@router.post("groups/{group_id}/notes", response=LearningNoteOut, summary="发表读书心得")
def note_create(request: HttpRequest, group_id: int, body: LearningNoteIn) -> LearningNoteOut:
    group = perms.get_group_for_user(request.user, group_id)
    note = reading.note_create(
        group=group,
        member=perms.member_of(request.user, group.committee_id),
        title=body.title,
        body=body.body,
        book_id=body.book,
        by=request.user,
    )
    return _note_out(Note.objects.select_related("group", "author__person").get(pk=note.pk))
