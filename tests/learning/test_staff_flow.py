"""Staff run the library through its pages: a course, a text lesson with a quiz, publishing,
sharing, a plan item, a reading group, an outstanding note and a lecture; then retiring the course."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.learning.models import Assignment, Course, Lecture, Note, ReadingGroup

pytestmark = pytest.mark.django_db


def test_staff_build_publish_assign_and_retire_a_course_through_the_pages(p: Personas) -> None:
    staff = Client()
    staff.force_login(p.activity_staff)
    made = staff.post(
        reverse("learning:course_create"),
        {
            "kind": "course",
            "title": "履职能力提升",
            "topic": "履职能力",
            "credit_hours": 2,
            "sectors": [p.sector.pk],
        },
    )
    course = Course.objects.get(title="履职能力提升")
    assert made.status_code == 302 and course.state == "draft"
    quiz = json.dumps(
        [{"q": "提案一般写几件事？", "options": ["一件", "多件"], "answer": 0}], ensure_ascii=False
    )
    lesson = staff.post(
        reverse("learning:lesson_create", args=[course.pk]),
        {"title": "提案写作", "kind": "text", "order": 1, "body": "<p>一事一案。</p><script>x</script>",
         "rule": "quiz", "min_minutes": 0, "quiz": quiz, "pass_percent": 60},
    )  # fmt: skip
    assert lesson.status_code == 302
    assert course.lessons.get().body == "<p>一事一案。</p>"
    staff.post(reverse("learning:course_act", args=[course.pk, "publish"]), {"at": ""})
    course.refresh_from_db()
    assert course.state == "published"
    refused = staff.post(reverse("learning:course_act", args=[course.pk, "publish"]), {"at": ""}, follow=True)
    assert "只有草稿状态的课程可以发布" in refused.content.decode()
    staff.post(reverse("learning:course_act", args=[course.pk, "share"]))
    assert Course.objects.get(pk=course.pk).shared_down
    plan = staff.post(reverse("learning:plans"), {"year": timezone.localdate().year, "title": "年度学习计划"})
    assert plan.status_code == 302
    plan_url = plan["Location"]
    staff.post(
        plan_url,
        {
            "course": course.pk,
            "audience": "all",
            "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert Assignment.objects.filter(course=course, member=p.member_wang_record).exists()

    group = staff.post(
        reverse("learning:group_create"),
        {
            "name": "同心读书群",
            "description": "",
            "members": [p.member_wang_record.pk],
            "books": "乡土中国/费孝通",
        },
    )
    assert group.status_code == 302, group.content.decode()
    reading_group = ReadingGroup.objects.get(name="同心读书群")
    wang = Client()
    wang.force_login(p.member_wang)
    wang.post(
        reverse("learning:group", args=[reading_group.pk]), {"title": "心得", "body": "收获很大", "book": ""}
    )
    note = Note.objects.get(title="心得")
    staff.post(reverse("learning:note_pick", args=[note.pk, "pick"]))
    assert PointEntry.objects.filter(rule__code="L04", member=p.member_wang_record).count() == 1
    assert "心得" in wang.get(reverse("learning:groups")).content.decode()

    lecture = staff.post(
        reverse("learning:lectures"),
        {
            "title": "委员讲坛：数字政府",
            "speaker": "王建国",
            "held_on": timezone.localdate().isoformat(),
            "activity": "",
            "course": course.pk,
        },
    )
    assert lecture.status_code == 302 and Lecture.objects.filter(course=course).exists()

    staff.post(reverse("learning:course_act", args=[course.pk, "retire"]))
    assert Course.objects.get(pk=course.pk).state == "retired"
    assert wang.get(reverse("learning:course", args=[course.pk])).status_code == 404
    actions = set(AuditEvent.objects.filter(action__startswith="learning.").values_list("action", flat=True))
    assert {
        "learning.course.published",
        "learning.course.retired",
        "learning.plan.item_added",
        "learning.note.picked",
    } <= actions
