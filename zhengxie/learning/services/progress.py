"""Honest progress. A lesson page sends a heartbeat every BEAT_SECONDS while it is visible; a
heartbeat credits the time since the same device's previous heartbeat (at most MAX_GAP_SECONDS,
so a phone that slept claims nothing), minus whatever part of that interval the member's clock
already credited through another device. A hidden page credits nothing. The lesson's rule
decides when it is complete; when every lesson of a course is, the course's completion is
recorded once and scores its 学时 in the duty ledger (L03). Staff may withdraw a completion:
the points are reversed and the member studies the course again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty import services as duty
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

from ..models import Assignment, Completion, Course, LearnerClock, Lesson, LessonView, Progress, StudyDay

BEAT_SECONDS = 15
MAX_GAP_SECONDS = 2 * BEAT_SECONDS
END_FRACTION = 0.95  # read (or played) this far counts as to the end
POINTS_CODE = "L03"


def lesson_open(
    *, member: Member, lesson: Lesson, now: datetime | None = None
) -> tuple[LessonView, Progress]:
    """A device shows the lesson: a new view (no time credited yet) and the member's progress."""
    now = now or timezone.now()
    progress, _ = Progress.objects.get_or_create(
        member=member, lesson=lesson, defaults={"committee_id": lesson.committee_id}
    )
    view = LessonView.objects.create(member=member, lesson=lesson, started_at=now, last_beat_at=now)
    return view, progress


def _credit(member: Member, claim_start: datetime, now: datetime) -> int:
    """Seconds of [claim_start, now] not yet credited to the member, and move the clock to now.
    The clock row is locked, so two devices' heartbeats are credited one after the other."""
    clock = LearnerClock.objects.select_for_update().filter(member=member).first()
    if clock is None:
        try:
            with transaction.atomic():
                LearnerClock.objects.create(member=member, credited_until=now)
            return max(0, int((now - claim_start).total_seconds()))
        except IntegrityError:
            clock = LearnerClock.objects.select_for_update().get(member=member)
    start = max(claim_start, clock.credited_until)
    seconds = max(0, int((now - start).total_seconds()))
    if now > clock.credited_until:
        LearnerClock.objects.filter(member=member).update(credited_until=now)
    return seconds


def heartbeat(
    *,
    member: Member,
    view_id: int,
    visible: bool,
    position: float | None = None,
    fraction: float | None = None,
    ended: bool = False,
    now: datetime | None = None,
) -> Progress:
    """One heartbeat of a view. `position` is where the reader is (a fraction of the page, or the
    second of a recording) and is kept for every device; `fraction` (0–1) how far through the
    lesson that is. `ended` closes the view (the page was hidden or left)."""
    now = now or timezone.now()
    with transaction.atomic():
        view = LessonView.objects.select_for_update().filter(pk=view_id, member=member).first()
        if view is None or view.ended:
            raise DomainError("学习页面已过期，请刷新页面继续学习")
        lesson = Lesson.objects.select_related("course").get(pk=view.lesson_id)
        seconds = 0
        if visible:
            claim_start = max(view.last_beat_at, now - timedelta(seconds=MAX_GAP_SECONDS))
            seconds = _credit(member, claim_start, now)
        LessonView.objects.filter(pk=view.pk).update(last_beat_at=now, ended=ended)
        progress = Progress.objects.select_for_update().get(member=member, lesson=lesson)
        changes: dict[str, Any] = {}
        if seconds:
            changes["seconds"] = F("seconds") + seconds
            _add_study_day(member, now, seconds)
        if position is not None and position >= 0:
            changes["position"] = float(position)
        # How far the member read counts only while the page is on screen.
        if visible and fraction is not None and 0 <= fraction <= 1 and fraction > progress.furthest:
            changes["furthest"] = float(fraction)
        if changes:
            Progress.objects.filter(pk=progress.pk).update(**changes)
            progress.refresh_from_db()
        _maybe_complete(progress, lesson, member, now)
    return progress


def _add_study_day(member: Member, now: datetime, seconds: int) -> None:
    day = timezone.localdate(now)
    updated = StudyDay.objects.filter(member=member, day=day).update(seconds=F("seconds") + seconds)
    if not updated:
        try:
            with transaction.atomic():
                StudyDay.objects.create(
                    committee_id=member.committee_id, member=member, day=day, seconds=seconds
                )
        except IntegrityError:
            StudyDay.objects.filter(member=member, day=day).update(seconds=F("seconds") + seconds)


def rule_met(progress: Progress, lesson: Lesson) -> bool:
    """Whether the lesson's completion rule is satisfied by this progress."""
    if lesson.rule == Lesson.Rule.TIME:
        return progress.seconds >= lesson.min_minutes * 60
    if lesson.rule == Lesson.Rule.QUIZ:
        return progress.quiz_score is not None and progress.quiz_score >= lesson.pass_percent
    # Read to the end, on screen for some time at least (and the minimum time, if the lesson has one).
    return progress.furthest >= END_FRACTION and progress.seconds >= max(lesson.min_minutes * 60, 1)


def quiz_submit(*, member: Member, lesson: Lesson, answers: list[int], now: datetime | None = None) -> int:
    """Score the answers (percent right); the best score is kept. Returns the score."""
    if not lesson.quiz:
        raise DomainError("本课时没有测验")
    if len(answers) != len(lesson.quiz):
        raise DomainError("请回答全部测验题")
    right = sum(1 for q, a in zip(lesson.quiz, answers, strict=True) if q["answer"] == a)
    score = round(100 * right / len(lesson.quiz))
    now = now or timezone.now()
    with transaction.atomic():
        progress, _ = Progress.objects.select_for_update().get_or_create(
            member=member, lesson=lesson, defaults={"committee_id": lesson.committee_id}
        )
        if progress.quiz_score is None or score > progress.quiz_score:
            Progress.objects.filter(pk=progress.pk).update(quiz_score=score)
            progress.quiz_score = score
        _maybe_complete(progress, lesson, member, now)
    return score


def _maybe_complete(progress: Progress, lesson: Lesson, member: Member, now: datetime) -> None:
    if progress.completed_at is not None or not rule_met(progress, lesson):
        return
    if not Progress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(completed_at=now):
        return  # another heartbeat completed it first
    progress.completed_at = now
    record(
        action="learning.lesson.completed",
        obj=progress,
        by=member.person.user if member.person.user_id else None,
        data={"lesson": lesson.pk, "member": member.pk},
        committee_id=member.committee_id,
    )
    course = lesson.course
    lessons = set(course.lessons.values_list("pk", flat=True))
    done = set(
        Progress.objects.filter(member=member, lesson_id__in=lessons, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    if lessons <= done:
        completion_record(member=member, course=course, now=now)


def completion_record(*, member: Member, course: Course, now: datetime | None = None) -> Completion:
    """The member finished the course: one standing completion, its assignments done, and the
    course's 学时 in the duty ledger (idempotent: the completion is the entry's source)."""
    now = now or timezone.now()
    existing = Completion.objects.filter(member=member, course=course, state=Completion.State.DONE).first()
    if existing is not None:
        return existing
    by = member.person.user if member.person.user_id else None
    with transaction.atomic():
        completion = Completion.objects.create(
            committee_id=member.committee_id,
            member=member,
            course=course,
            completed_at=now,
            year=timezone.localdate(now).year,
            hours=course.credit_hours,
        )
        Assignment.objects.filter(member=member, course=course, done_at__isnull=True).update(done_at=now)
        record(
            action="learning.course.completed",
            obj=completion,
            by=by,
            data={"course": course.pk, "member": member.pk, "hours": course.credit_hours},
            committee_id=member.committee_id,
        )
        _score(completion, by=by)
    return completion


def _score(completion: Completion, *, by: Any) -> None:
    rule = duty.rule_get(completion.member.committee_id, completion.year, POINTS_CODE)
    if not rule.is_active or completion.hours < 1:
        return  # the committee does not score online learning
    duty.record_points(
        member=completion.member,
        code=POINTS_CODE,
        source=completion,
        by=by,
        year=completion.year,
        quantity=min(completion.hours, 100),
        note=f"完成网络学习课程《{completion.course.title}》",
    )


def completion_withdraw(*, completion: Completion, by: Any, reason: str) -> Completion:
    """Withdraw a completion (e.g. time that was not really studied): its points are reversed,
    its assignments are due again and the member must complete the course's lessons anew."""
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写撤销原因")
    with transaction.atomic():
        updated = Completion.objects.filter(pk=completion.pk, state=Completion.State.DONE).update(
            state=Completion.State.WITHDRAWN, withdrawn_reason=reason[:200]
        )
        if updated != 1:
            raise DomainError("该学习记录已撤销")
        completion.state, completion.withdrawn_reason = Completion.State.WITHDRAWN, reason[:200]
        Assignment.objects.filter(member_id=completion.member_id, course_id=completion.course_id).update(
            done_at=None
        )
        Progress.objects.filter(
            member_id=completion.member_id, lesson__course_id=completion.course_id
        ).update(completed_at=None, furthest=0, quiz_score=None)
        duty.entries_reverse_for_source(source=completion, by=by, reason=f"撤销学习记录：{reason}"[:300])
        record(
            action="learning.completion.withdrawn",
            obj=completion,
            by=by,
            data={"member": completion.member_id, "course": completion.course_id, "reason": reason},
        )
    return completion
