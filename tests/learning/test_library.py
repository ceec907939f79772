"""The library's inputs: rich text made safe, Word lessons read as text, PDF lessons framed only by
the site, rules that fit the lesson's form, quizzes as data; plans for new members and sectors."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.learning.helpers import course_with_lessons
from tests.personas import Personas
from zhengxie.learning.models import Assignment, Lesson
from zhengxie.learning.services import library, plans
from zhengxie.lib.errors import DomainError
from zhengxie.lib.ranges import parse_range
from zhengxie.lib.richtext import sanitise
from zhengxie.org import services as org
from zhengxie.org.models import Sector, Term

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_rich_text_keeps_formatting_and_drops_everything_else() -> None:
    dirty = (
        '<h3 onclick="x()">标题</h3><p style="color:red">正文<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">坏链接</a><a href="https://zx.example.cn/a">好链接</a>'
        "<img src=x onerror=alert(1)><iframe src=//evil></iframe><ul><li>一<li>二</ul>"
    )
    clean = sanitise(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "<img" not in clean and "iframe" not in clean
    assert "<h3>标题</h3>" in clean and "<p>正文</p>" in clean
    assert '<a href="https://zx.example.cn/a" rel="noopener noreferrer">好链接</a>' in clean


def test_single_byte_ranges() -> None:
    assert parse_range("bytes=0-9", 100) == (0, 9)
    assert parse_range("bytes=90-", 100) == (90, 99)
    assert parse_range("bytes=-5", 100) == (95, 99)
    assert parse_range("bytes=50-500", 100) == (50, 99)
    assert parse_range("bytes=100-", 100) is False
    assert parse_range("bytes=0-1,5-6", 100) is None  # several ranges: the whole file
    assert parse_range("", 100) is None


def test_word_lesson_is_read_as_sanitised_text(p: Personas, settings: Any, tmp_path: Any) -> None:
    from docx import Document

    settings.MEDIA_ROOT = tmp_path
    document = Document()
    document.add_heading("学习要点", level=1)
    document.add_paragraph("委员要<懂政协>、会协商、善议政。")
    buffer = io.BytesIO()
    document.save(buffer)
    course = course_with_lessons(p.city, p.activity_staff, publish=False)
    lesson = library.lesson_create(
        course=course,
        by=p.activity_staff,
        data={"title": "Word课时", "kind": Lesson.Kind.WORD, "rule": "end"},
        upload=SimpleUploadedFile("要点.docx", buffer.getvalue()),
    )
    assert "<h3>学习要点</h3>" in lesson.body
    assert "&lt;懂政协&gt;" in lesson.body


def test_pdf_lesson_needs_time_or_quiz_and_is_framed_only_by_the_site(
    p: Personas, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    course = course_with_lessons(p.city, p.activity_staff, publish=False)
    upload = SimpleUploadedFile("文件.pdf", PDF, "application/pdf")
    with pytest.raises(DomainError, match="须为学习时长或随堂测验"):
        library.lesson_create(
            course=course,
            by=p.activity_staff,
            data={"title": "PDF", "kind": "pdf", "rule": "end"},
            upload=upload,
        )
    lesson = library.lesson_create(
        course=course,
        by=p.activity_staff,
        data={"title": "PDF", "kind": "pdf", "rule": "time", "min_minutes": 5},
        upload=SimpleUploadedFile("文件.pdf", PDF, "application/pdf"),
    )
    library.course_publish(course=course, by=p.activity_staff)
    client = Client()
    client.force_login(p.member_wang)
    response = client.get(reverse("learning:media", args=[lesson.pk]))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert response["Content-Type"] == "application/pdf"


def test_quiz_is_checked_as_data(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, publish=False)
    for quiz, message in (
        ("不是JSON", "格式不正确"),
        ('[{"q": "题", "options": ["一"], "answer": 0}]', "2至6个选项"),
        ('[{"q": "题", "options": ["一", "二"], "answer": 5}]', "正确答案"),
    ):
        with pytest.raises(DomainError, match=message):
            library.lesson_create(
                course=course,
                by=p.activity_staff,
                data={"title": "测验", "body": "<p>正文</p>", "rule": "quiz", "quiz": quiz},
            )
    assert course.lessons.count() == 1


def test_plan_for_new_members_of_the_term_and_for_a_sector(p: Personas) -> None:
    current = Term.objects.get(committee=p.city)
    earlier = Term.objects.create(
        committee=p.city, number=13, starts_on=date(2018, 1, 1), ends_on=date(2022, 12, 31)
    )
    p.member_wang_record.terms.set([earlier, current])  # serving a second term
    other_sector = Sector.objects.create(committee=p.city, name="教育界")
    person = org.person_find_or_create(name="赵新", gender="F", affiliation="无党派人士", by=None)
    newcomer = org.member_create(committee=p.city, person=person, sector=other_sector, by=None)
    newcomer.terms.set([current])
    course = course_with_lessons(p.city, p.activity_staff)
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, title="计划", by=p.activity_staff)
    due = timezone.localdate() + timedelta(days=20)
    new_item = plans.item_add(plan=plan, course=course, audience_kind="new", due_on=due, by=p.activity_staff)
    assert list(Assignment.objects.filter(item=new_item).values_list("member_id", flat=True)) == [newcomer.pk]
    sector_item = plans.item_add(
        plan=plan,
        course=course,
        audience_kind="sector",
        sector_id=p.sector.pk,
        due_on=due,
        by=p.activity_staff,
    )
    assert list(Assignment.objects.filter(item=sector_item).values_list("member_id", flat=True)) == [
        p.member_wang_record.pk
    ]
    with pytest.raises(DomainError, match="不能早于今天"):
        plans.item_add(
            plan=plan,
            course=course,
            audience_kind="all",
            due_on=timezone.localdate() - timedelta(days=1),
            by=p.activity_staff,
        )


def test_a_plan_may_require_a_course_shared_from_above_but_not_a_siblings(p: Personas) -> None:
    province_course = course_with_lessons(p.province, p.activity_staff, title="省级共享课程")
    sibling_course = course_with_lessons(p.county_b, p.activity_staff, title="乙县课程")
    plan = plans.plan_create(committee_id=p.county_a.pk, year=2026, title="甲县计划", by=p.activity_staff)
    due = timezone.localdate() + timedelta(days=10)
    with pytest.raises(DomainError, match="上级政协共享的课程"):
        plans.item_add(
            plan=plan, course=province_course, audience_kind="all", due_on=due, by=p.activity_staff
        )
    library.course_share(course=province_course, by=p.activity_staff, shared=True)
    item = plans.item_add(
        plan=plan, course=province_course, audience_kind="all", due_on=due, by=p.activity_staff
    )
    assert item.assigned_count == 1  # 李淑芬 of 甲县
    with pytest.raises(DomainError, match="没有下级政协"):
        library.course_share(course=sibling_course, by=p.activity_staff, shared=True)
    with pytest.raises(DomainError, match="上级政协共享的课程"):
        plans.item_add(plan=plan, course=sibling_course, audience_kind="all", due_on=due, by=p.activity_staff)
