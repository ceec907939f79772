"""Courses and lessons for the learning tests."""

from __future__ import annotations

from typing import Any

from zhengxie.learning.models import Course, Lesson
from zhengxie.learning.services import library
from zhengxie.org.models import Committee


def course_with_lessons(
    committee: Committee,
    by: Any,
    *,
    lessons: int = 1,
    rule: str = Lesson.Rule.END,
    min_minutes: int = 0,
    quiz: list[dict[str, Any]] | None = None,
    publish: bool = True,
    hours: int = 2,
    title: str = "学习贯彻人民政协理论",
) -> Course:
    course = library.course_create(
        committee_id=committee.pk, by=by, data={"title": title, "credit_hours": hours, "topic": "理论学习"}
    )
    for n in range(lessons):
        library.lesson_create(
            course=course,
            by=by,
            data={
                "title": f"第{n + 1}讲",
                "kind": Lesson.Kind.TEXT,
                "order": n,
                "body": "<p>人民政协是统一战线的组织。</p>",
                "rule": rule,
                "min_minutes": min_minutes,
                "quiz": quiz or [],
            },
        )
    if publish:
        library.course_publish(course=course, by=by)
    return course
