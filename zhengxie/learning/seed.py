"""Synthetic learning for `manage.py seed` (benchmarks), at every scale: per committee four
published courses of three text lessons, this year's plan requiring two of them of all members,
each member's assignments, and for about six in ten members a finished course (with its L03
points in the duty ledger) and a few days of study time. Rows are bulk-created (no audit events:
benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhengxie.duty.models import PointEntry, Rule
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role

from .models import Assignment, Completion, Course, Lesson, Plan, PlanItem, StudyDay

BATCH = 5000
TITLES = ("人民政协理论学习", "提案撰写方法", "社情民意信息写作", "民主监督实务")
BODY = "<p>本课时介绍政协工作的基本知识和履职方法，供委员在线学习。</p>"


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.ACTIVITY_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    committee_ids = [c.pk for c in result.committees if c.pk in staff]
    today = timezone.localdate()
    year = today.year
    now = timezone.now()
    with transaction.atomic():
        courses = [
            Course(
                committee_id=c, title=title, topic="理论学习" if i == 0 else "履职能力", credit_hours=1 + i % 2,
                state=Course.State.PUBLISHED, publish_at=now - timedelta(days=60), created_by_id=staff[c],
                shared_down=i == 0,
            )
            for c in committee_ids
            for i, title in enumerate(TITLES)
        ]  # fmt: skip
        Course.objects.bulk_create(courses, batch_size=BATCH)
        Lesson.objects.bulk_create(
            (
                Lesson(
                    committee_id=course.committee_id, course=course, order=n, title=f"第{n + 1}讲", body=BODY
                )
                for course in courses
                for n in range(3)
            ),
            batch_size=BATCH,
        )
        by_committee: dict[int, list[Course]] = {}
        for course in courses:
            by_committee.setdefault(course.committee_id, []).append(course)
        plans = [
            Plan(committee_id=c, year=year, title=f"{year}年度委员学习计划", created_by_id=staff[c])
            for c in committee_ids
        ]
        Plan.objects.bulk_create(plans, batch_size=BATCH)
        items = [
            PlanItem(committee_id=plan.committee_id, plan=plan, course=course, due_on=date(year, 12, 20))
            for plan in plans
            for course in by_committee[plan.committee_id][:2]
        ]
        PlanItem.objects.bulk_create(items, batch_size=BATCH)
        members: dict[int, list[int]] = {}
        for member_id, c in (
            Member.objects.filter(committee_id__in=committee_ids, is_active=True)
            .order_by("id")
            .values_list("id", "committee_id")
        ):
            members.setdefault(c, []).append(member_id)
        rules = dict(
            Rule.objects.filter(committee_id__in=committee_ids, year=year, code="L03").values_list(
                "committee_id", "id"
            )
        )
        completion_type = ContentType.objects.get_for_model(Completion)
        first_day = date(year, 1, 1)
        span = max((today - first_day).days, 1)
        assignments: list[Assignment] = []
        completions: list[Completion] = []
        days: list[StudyDay] = []
        items_of: dict[int, list[PlanItem]] = {}
        for item in items:
            items_of.setdefault(item.committee_id, []).append(item)
            PlanItem.objects.filter(pk=item.pk).update(assigned_count=len(members.get(item.committee_id, [])))
        for c in committee_ids:
            course = by_committee[c][0]
            for member_id in members.get(c, []):
                finished = rng.random() < 0.6
                when = timezone.make_aware(
                    datetime.combine(first_day + timedelta(days=rng.randint(0, span - 1)), time(20))
                )
                for item in items_of.get(c, []):
                    done = finished and item.course_id == course.pk
                    assignments.append(
                        Assignment(
                            committee_id=c, member_id=member_id, course_id=item.course_id, item=item,
                            due_on=item.due_on, done_at=when if done else None,
                        )
                    )  # fmt: skip
                if finished:
                    completions.append(
                        Completion(
                            committee_id=c, member_id=member_id, course=course, completed_at=when, year=year,
                            hours=course.credit_hours,
                        )
                    )  # fmt: skip
                    for d in range(rng.randint(1, 3)):
                        days.append(
                            StudyDay(
                                committee_id=c, member_id=member_id, day=timezone.localdate(when) - timedelta(days=d),
                                seconds=rng.randint(600, 3600),
                            )
                        )  # fmt: skip
            if len(assignments) >= BATCH:
                _flush(assignments, completions, days, rules, completion_type)
                assignments, completions, days = [], [], []
        _flush(assignments, completions, days, rules, completion_type)


def _flush(
    assignments: list[Assignment],
    completions: list[Completion],
    days: list[StudyDay],
    rules: dict[int, int],
    completion_type: ContentType,
) -> None:
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    Completion.objects.bulk_create(completions, batch_size=BATCH)
    StudyDay.objects.bulk_create(days, batch_size=BATCH, ignore_conflicts=True)
    PointEntry.objects.bulk_create(
        (
            PointEntry(
                committee_id=c.committee_id, member_id=c.member_id, rule_id=rules[c.committee_id], year=c.year,
                points=c.hours, quantity=c.hours, source_type=completion_type, source_id=c.pk,
                recorded_at=c.completed_at, note="完成网络学习课程",
            )
            for c in completions
            if c.committee_id in rules
        ),
        batch_size=BATCH,
    )  # fmt: skip
