"""Honest progress: time is credited only while a lesson is on screen, never twice when the same
member has it open on two devices, and a device that slept claims no more than one gap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.learning.helpers import course_with_lessons
from tests.personas import Personas
from zhengxie.learning.models import Lesson, Progress, StudyDay
from zhengxie.learning.services import progress as svc
from zhengxie.lib.errors import DomainError

pytestmark = pytest.mark.django_db


def _lesson(p: Personas, **kwargs: object) -> Lesson:
    course = course_with_lessons(p.city, p.activity_staff, **kwargs)  # type: ignore[arg-type]
    return course.lessons.get()


def test_visible_heartbeats_credit_time_and_hidden_ones_do_not(p: Personas) -> None:
    lesson = _lesson(p)
    member = p.member_wang_record
    t0 = timezone.now()
    view, _ = svc.lesson_open(member=member, lesson=lesson, now=t0)
    svc.heartbeat(member=member, view_id=view.pk, visible=True, now=t0 + timedelta(seconds=15))
    svc.heartbeat(member=member, view_id=view.pk, visible=False, now=t0 + timedelta(seconds=30))
    result = svc.heartbeat(member=member, view_id=view.pk, visible=True, now=t0 + timedelta(seconds=45))
    assert result.seconds == 30  # 0–15 and 30–45; the hidden 15–30 is not credited
    assert StudyDay.objects.get(member=member).seconds == 30


def test_a_device_that_slept_claims_at_most_one_gap(p: Personas) -> None:
    lesson = _lesson(p)
    member = p.member_wang_record
    t0 = timezone.now()
    view, _ = svc.lesson_open(member=member, lesson=lesson, now=t0)
    result = svc.heartbeat(member=member, view_id=view.pk, visible=True, now=t0 + timedelta(minutes=20))
    assert result.seconds == svc.MAX_GAP_SECONDS


def test_two_devices_at_once_are_credited_once(p: Personas) -> None:
    lesson = _lesson(p)
    member = p.member_wang_record
    t0 = timezone.now()
    phone, _ = svc.lesson_open(member=member, lesson=lesson, now=t0)
    desk, _ = svc.lesson_open(member=member, lesson=lesson, now=t0 + timedelta(seconds=5))
    for step in range(1, 5):  # both beat every 15 s for a minute, 5 s apart
        svc.heartbeat(member=member, view_id=phone.pk, visible=True, now=t0 + timedelta(seconds=15 * step))
        svc.heartbeat(member=member, view_id=desk.pk, visible=True, now=t0 + timedelta(seconds=15 * step + 5))
    assert Progress.objects.get(member=member, lesson=lesson).seconds == 65  # wall time 0–65 s, not 120


def test_reading_position_is_kept_across_devices(p: Personas) -> None:
    lesson = _lesson(p)
    member = p.member_wang_record
    t0 = timezone.now()
    phone, _ = svc.lesson_open(member=member, lesson=lesson, now=t0)
    svc.heartbeat(member=member, view_id=phone.pk, visible=True, position=0.4, fraction=0.4, now=t0)
    _, progress = svc.lesson_open(member=member, lesson=lesson, now=t0 + timedelta(seconds=1))
    assert progress.position == pytest.approx(0.4)


def test_an_ended_view_takes_no_more_heartbeats(p: Personas) -> None:
    lesson = _lesson(p)
    member = p.member_wang_record
    t0 = timezone.now()
    view, _ = svc.lesson_open(member=member, lesson=lesson, now=t0)
    svc.heartbeat(member=member, view_id=view.pk, visible=True, ended=True, now=t0 + timedelta(seconds=10))
    with pytest.raises(DomainError, match="请刷新页面"):
        svc.heartbeat(member=member, view_id=view.pk, visible=True, now=t0 + timedelta(seconds=20))


def test_one_members_view_is_not_anothers(p: Personas) -> None:
    lesson = _lesson(p)
    t0 = timezone.now()
    view, _ = svc.lesson_open(member=p.member_wang_record, lesson=lesson, now=t0)
    from zhengxie.org.models import Member

    other = Member.objects.get(person__user=p.member_county)
    with pytest.raises(DomainError):
        svc.heartbeat(member=other, view_id=view.pk, visible=True, now=t0 + timedelta(seconds=10))


def test_reaching_the_end_in_a_hidden_tab_does_not_complete(p: Personas) -> None:
    lesson = _lesson(p)
    member = p.member_wang_record
    t0 = timezone.now()
    view, _ = svc.lesson_open(member=member, lesson=lesson, now=t0)
    hidden = svc.heartbeat(
        member=member, view_id=view.pk, visible=False, fraction=1.0, now=t0 + timedelta(seconds=15)
    )
    assert hidden.completed_at is None and hidden.furthest == 0
    shown = svc.heartbeat(
        member=member, view_id=view.pk, visible=True, fraction=1.0, now=t0 + timedelta(seconds=30)
    )
    assert shown.completed_at is not None
