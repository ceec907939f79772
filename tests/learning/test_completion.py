"""Completion by rule (read to the end, minimum time, quiz) and the duty points it earns: exactly
once per completion, reversed when staff withdraw it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.learning.helpers import course_with_lessons
from tests.personas import Personas
from zhengxie.duty.models import PointEntry
from zhengxie.learning.models import Completion, Lesson
from zhengxie.learning.services import progress as svc
from zhengxie.learning.services import reading
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

pytestmark = pytest.mark.django_db

QUIZ = [
    {"q": "人民政协的性质是？", "options": ["统一战线组织", "行政机关"], "answer": 0},
    {"q": "政协委员的基本职能是？", "options": ["审判", "政治协商、民主监督、参政议政"], "answer": 1},
]


_clock = {"t": timezone.now()}


def _read(member: Member, lesson: Lesson, *, seconds: int, fraction: float) -> None:
    """A sitting of `seconds` on the lesson, after the previous sitting (time moves on)."""
    t = _clock["t"] = _clock["t"] + timedelta(minutes=5)
    view, _ = svc.lesson_open(member=member, lesson=lesson, now=t)
    for step in range(1, seconds // 15 + 1):
        svc.heartbeat(
            member=member,
            view_id=view.pk,
            visible=True,
            fraction=fraction,
            now=t + timedelta(seconds=15 * step),
        )


def _standing_points(member: Member) -> list[PointEntry]:
    return list(PointEntry.objects.filter(member=member, rule__code="L03").standing())


def test_read_to_the_end_completes_and_scores_the_courses_hours_once(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, lessons=2, hours=2)
    member = p.member_wang_record
    first, second = course.lessons.all()
    _read(member, first, seconds=30, fraction=0.5)
    assert not Completion.objects.filter(member=member).exists()
    _read(member, first, seconds=15, fraction=1.0)
    _read(member, second, seconds=15, fraction=1.0)
    completion = Completion.objects.get(member=member, course=course)
    assert completion.hours == 2
    # Another beat, a repeated completion call: still one entry of 2 points.
    _read(member, second, seconds=15, fraction=1.0)
    svc.completion_record(member=member, course=course)
    entries = _standing_points(member)
    assert [e.points for e in entries] == [2]


def test_minimum_time_rule_needs_the_time_on_screen(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, rule=Lesson.Rule.TIME, min_minutes=1)
    lesson = course.lessons.get()
    member = p.member_wang_record
    _read(member, lesson, seconds=45, fraction=1.0)
    assert not Completion.objects.filter(member=member).exists()
    _read(member, lesson, seconds=15, fraction=1.0)
    assert Completion.objects.filter(member=member, course=course).exists()


def test_quiz_rule_needs_a_passing_score(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, rule=Lesson.Rule.QUIZ, quiz=QUIZ)
    lesson = course.lessons.get()
    member = p.member_wang_record
    assert svc.quiz_submit(member=member, lesson=lesson, answers=[1, 0]) == 0
    assert not Completion.objects.filter(member=member).exists()
    with pytest.raises(DomainError, match="请回答全部测验题"):
        svc.quiz_submit(member=member, lesson=lesson, answers=[0])
    assert svc.quiz_submit(member=member, lesson=lesson, answers=[0, 1]) == 100
    assert Completion.objects.filter(member=member, course=course).exists()


def test_withdrawing_a_completion_reverses_its_points_and_the_course_is_due_again(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, hours=3)
    member = p.member_wang_record
    _read(member, course.lessons.get(), seconds=15, fraction=1.0)
    completion = Completion.objects.get(member=member)
    assert [e.points for e in _standing_points(member)] == [3]
    svc.completion_withdraw(completion=completion, by=p.activity_staff, reason="挂机刷时长")
    assert _standing_points(member) == []
    assert sum(e.points for e in PointEntry.objects.filter(member=member, rule__code="L03")) == 0
    with pytest.raises(DomainError, match="已撤销"):
        svc.completion_withdraw(completion=completion, by=p.activity_staff, reason="再次")
    # Studied again: a new completion, scored once more.
    _read(member, course.lessons.get(), seconds=15, fraction=1.0)
    assert Completion.objects.filter(member=member, state=Completion.State.DONE).count() == 1
    assert [e.points for e in _standing_points(member)] == [3]


def test_withdrawal_needs_a_reason(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff)
    member = p.member_wang_record
    _read(member, course.lessons.get(), seconds=15, fraction=1.0)
    with pytest.raises(DomainError, match="撤销原因"):
        svc.completion_withdraw(completion=Completion.objects.get(), by=p.activity_staff, reason=" ")
    assert Completion.objects.get().state == Completion.State.DONE


def test_outstanding_note_scores_once_and_unpicking_reverses(p: Personas) -> None:
    member = p.member_wang_record
    group = reading.group_create(
        committee_id=p.city.pk,
        name="经济界读书群",
        description="",
        member_ids=[member.pk],
        books=[("乡土中国", "费孝通")],
        by=p.activity_staff,
    )
    note = reading.note_create(
        group=group, member=member, title="读后感", body="很有收获。", book_id=None, by=p.member_wang
    )
    reading.note_pick(note=note, by=p.activity_staff)
    with pytest.raises(DomainError, match="已评为优秀"):
        reading.note_pick(note=note, by=p.activity_staff)
    assert [e.points for e in PointEntry.objects.filter(member=member, rule__code="L04").standing()] == [2]
    reading.note_unpick(note=note, by=p.activity_staff, reason="")
    assert not PointEntry.objects.filter(member=member, rule__code="L04").standing().exists()
