"""Pages of 委员学习: scope (404 outside reach), wrong role, uploads refused in Chinese, recordings
served with range requests, the lesson reader's heartbeats, and query counts that do not grow."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.learning.helpers import course_with_lessons
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.learning.models import Completion, Course, Lesson, LessonView
from zhengxie.learning.services import library, plans
from zhengxie.org.models import Member

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 40


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_member_of_another_committee_never_sees_an_unpublished_course(p: Personas) -> None:
    draft = course_with_lessons(p.city, p.activity_staff, publish=False, title="草稿课程")
    county = _client(p.member_county)
    assert county.get(reverse("learning:course", args=[draft.pk])).status_code == 404
    assert county.get(reverse("learning:lesson", args=[draft.lessons.get().pk])).status_code == 404
    # Nor the city's own members while it is a draft.
    wang = _client(p.member_wang)
    assert wang.get(reverse("learning:course", args=[draft.pk])).status_code == 404
    assert "草稿课程" not in wang.get(reverse("learning:library")).content.decode()


def test_published_course_is_seen_below_only_when_shared(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, title="共享课程")
    county = _client(p.member_county)
    assert county.get(reverse("learning:course", args=[course.pk])).status_code == 404
    library.course_share(course=course, by=p.activity_staff, shared=True)
    assert county.get(reverse("learning:course", args=[course.pk])).status_code == 200
    assert "共享课程" in county.get(reverse("learning:library")).content.decode()
    # A sibling's staff or a member of 乙县 sees nothing of 甲县's courses.
    own = course_with_lessons(p.county_a, p.activity_staff, title="甲县课程")
    assert _client(p.county_b_staff).get(reverse("learning:course", args=[own.pk])).status_code == 404


def test_scheduled_course_opens_at_its_time(p: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    course = course_with_lessons(p.city, p.activity_staff, publish=False)
    library.course_publish(course=course, by=p.activity_staff, at=timezone.now() + timedelta(days=1))
    assert _client(p.member_wang).get(reverse("learning:course", args=[course.pk])).status_code == 404
    Course.objects.filter(pk=course.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert _client(p.member_wang).get(reverse("learning:course", args=[course.pk])).status_code == 200


def test_staff_pages_are_404_for_other_roles(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff)
    for user in (p.member_wang, p.proposal_staff, p.county_b_staff):
        c = _client(user)
        for url in (
            reverse("learning:manage"),
            reverse("learning:plans"),
            reverse("learning:notes"),
            reverse("learning:course_edit", args=[course.pk]),
            reverse("learning:completions", args=[course.pk]),
        ):
            assert c.get(url).status_code == 404, (user, url)
        assert c.post(reverse("learning:course_act", args=[course.pk, "retire"])).status_code == 404
    assert _client(p.member_wang).get(reverse("learning:figures")).status_code == 404
    assert _client(p.leader).get(reverse("learning:figures")).status_code == 200


def test_bad_uploads_are_refused_in_chinese_and_nothing_is_stored(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, publish=False)
    c = _client(p.activity_staff)
    url = reverse("learning:lesson_create", args=[course.pk])
    cases = [
        (
            "video",
            SimpleUploadedFile("讲座.mp4", b"<html><script>alert(1)</script></html>", "video/mp4"),
            "不是有效的MP4视频",
        ),
        ("video", SimpleUploadedFile("讲座.exe", MP4, "video/mp4"), "只能是 MP4视频"),
        ("pdf", SimpleUploadedFile("文件.pdf", b"not a pdf at all", "application/pdf"), "不是有效的PDF文件"),
        ("audio", SimpleUploadedFile("a.mp3", b"", "audio/mpeg"), "空文件"),
    ]
    for kind, upload, message in cases:
        response = c.post(
            url,
            {
                "title": "讲座",
                "kind": kind,
                "order": 1,
                "rule": "end",
                "min_minutes": 0,
                "pass_percent": 60,
                "upload": upload,
            },
        )
        assert response.status_code == 400
        assert message in response.content.decode(), message
    assert course.lessons.count() == 1


def test_recording_is_served_with_range_requests(p: Personas, settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    course = course_with_lessons(p.city, p.activity_staff, publish=False)
    lesson = library.lesson_create(
        course=course,
        by=p.activity_staff,
        data={"title": "视频讲座", "kind": Lesson.Kind.VIDEO, "rule": "end"},
        upload=SimpleUploadedFile("讲座.mp4", MP4, "video/mp4"),
    )
    library.course_publish(course=course, by=p.activity_staff)
    c = _client(p.member_wang)
    url = reverse("learning:media", args=[lesson.pk])
    whole = c.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == MP4  # type: ignore[attr-defined]
    part = c.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert b"".join(part.streaming_content) == MP4[100:200]  # type: ignore[attr-defined]
    tail = c.get(url, headers={"Range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == MP4[-10:]  # type: ignore[attr-defined]
    beyond = c.get(url, headers={"Range": f"bytes={len(MP4) + 5}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(MP4)}"
    assert _client(p.member_county).get(url).status_code == 404


def test_lesson_page_heartbeats_and_bad_heartbeats(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff)
    lesson = course.lessons.get()
    c = _client(p.member_wang)
    assert c.get(reverse("learning:lesson", args=[lesson.pk])).status_code == 200
    view = LessonView.objects.get()
    # Ten seconds on the page since it opened.
    from datetime import timedelta

    from django.utils import timezone

    LessonView.objects.filter(pk=view.pk).update(last_beat_at=timezone.now() - timedelta(seconds=10))
    beat = reverse("learning:beat", args=[lesson.pk])
    ok = c.post(beat, {"view": view.pk, "visible": "1", "position": "0.5", "fraction": "1"})
    assert ok.status_code == 200 and ok.json()["completed"] is True
    assert Completion.objects.filter(course=course).exists()
    assert c.post(beat, {"view": "x", "visible": "1"}).status_code == 422
    assert c.post(beat, {"view": view.pk, "visible": "1", "position": "nan"}).status_code == 422
    # Someone else's view of the lesson is not his to beat.
    assert _client(p.member_county).post(beat, {"view": view.pk, "visible": "1"}).status_code == 404


def test_plan_assigns_members_and_their_home_page_shows_the_task(p: Personas, run_jobs: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from zhengxie.notices.models import Notice

    course = course_with_lessons(p.city, p.activity_staff)
    plan = plans.plan_create(
        committee_id=p.city.pk, year=timezone.localdate().year, title="年度学习计划", by=p.activity_staff
    )
    with run_jobs():  # the notices go out in a job after commit
        item = plans.item_add(
            plan=plan,
            course=course,
            audience_kind="all",
            due_on=timezone.localdate() + timedelta(days=3),
            by=p.activity_staff,
        )
    assert item.assigned_count == 1
    assert Notice.objects.filter(recipient=p.member_wang, key=f"learning.assigned.{item.pk}").exists()
    home = _client(p.member_wang).get("/").content.decode()
    assert "待完成的学习课程" in home
    mine = _client(p.member_wang).get(reverse("learning:mine") + "?task=due").content.decode()
    assert course.title in mine
    assert plans.remind_due() == 1
    assert plans.remind_due() == 0  # claimed once


def test_plan_item_for_a_missing_sector_is_refused(p: Personas) -> None:
    from django.utils import timezone

    course = course_with_lessons(p.city, p.activity_staff)
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, title="计划", by=p.activity_staff)
    c = _client(p.activity_staff)
    response = c.post(
        reverse("learning:plan", args=[plan.pk]),
        {"course": course.pk, "audience": "sector", "due_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and "请选择界别" in response.content.decode()
    assert not plan.items.exists()


def _extra_members(p: Personas, n: int) -> list[Member]:
    from zhengxie.org import services as org

    made = []
    for i in range(n):
        person = org.person_find_or_create(
            name=f"委员{Member.objects.count()}号{i}", gender="M", affiliation="无党派人士", by=None
        )
        made.append(org.member_create(committee=p.city, person=person, sector=p.sector, by=None))
    return made


def test_query_counts_do_not_grow(p: Personas) -> None:
    staff = _client(p.activity_staff)
    wang = _client(p.member_wang)

    def add_courses(n: int) -> None:
        for _ in range(n):
            course_with_lessons(p.city, p.activity_staff, lessons=1)

    same_for_few_and_many(wang, reverse("learning:library"), add_courses)
    same_for_few_and_many(staff, reverse("learning:manage"), add_courses)

    big = course_with_lessons(p.city, p.activity_staff, lessons=1)
    from zhengxie.learning.services import progress as svc

    def add_completions(n: int) -> None:
        for m in _extra_members(p, n):
            svc.completion_record(member=m, course=big)

    same_for_few_and_many(staff, reverse("learning:completions", args=[big.pk]), add_completions)
    same_for_few_and_many(staff, reverse("learning:figures"), add_completions)

    def add_lessons(n: int) -> None:
        for i in range(n):
            library.lesson_create(
                course=big, by=p.activity_staff, data={"title": f"补充{i}", "body": "<p>正文</p>"}
            )

    same_for_few_and_many(wang, reverse("learning:course", args=[big.pk]), add_lessons)
    lesson = big.lessons.first()
    assert lesson is not None
    same_for_few_and_many(wang, reverse("learning:lesson", args=[lesson.pk]), add_lessons)


def test_query_counts_of_plans_groups_notes_and_lectures_do_not_grow(p: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from zhengxie.learning.services import reading

    staff = _client(p.activity_staff)
    wang = _client(p.member_wang)
    me = p.member_wang_record
    plan = plans.plan_create(
        committee_id=p.city.pk, year=timezone.localdate().year, title="计划", by=p.activity_staff
    )

    def add_items(n: int) -> None:
        for _ in range(n):
            course = course_with_lessons(p.city, p.activity_staff)
            plans.item_add(
                plan=plan,
                course=course,
                audience_kind="all",
                due_on=timezone.localdate() + timedelta(days=9),
                by=p.activity_staff,
            )

    same_for_few_and_many(staff, reverse("learning:plan", args=[plan.pk]), add_items)
    same_for_few_and_many(wang, reverse("learning:mine"), add_items)
    same_for_few_and_many(wang, reverse("learning:mine") + "?task=due", add_items)

    def add_plans(n: int) -> None:
        for i in range(n):
            plans.plan_create(committee_id=p.city.pk, year=2026, title=f"计划{i}", by=p.activity_staff)

    same_for_few_and_many(staff, reverse("learning:plans"), add_plans)

    group = reading.group_create(
        committee_id=p.city.pk,
        name="读书群",
        description="",
        member_ids=[me.pk],
        books=[("论语", "")],
        by=p.activity_staff,
    )

    def add_notes(n: int) -> None:
        for i in range(n):
            note = reading.note_create(
                group=group, member=me, title=f"心得{i}", body="正文", book_id=None, by=p.member_wang
            )
            reading.comment_add(note=note, member=me, body="好", by=p.member_wang)
            if i % 2:
                reading.note_pick(note=note, by=p.activity_staff)

    same_for_few_and_many(wang, reverse("learning:group", args=[group.pk]), add_notes)
    same_for_few_and_many(wang, reverse("learning:groups"), add_notes)
    same_for_few_and_many(staff, reverse("learning:notes"), add_notes)
    first = group.notes.order_by("id").first()
    assert first is not None

    def add_comments(n: int) -> None:
        for _ in range(n):
            reading.comment_add(note=first, member=me, body="赞同", by=p.member_wang)

    same_for_few_and_many(wang, reverse("learning:note", args=[first.pk]), add_comments)

    def add_lectures(n: int) -> None:
        for i in range(n):
            reading.lecture_create(
                committee_id=p.city.pk, title=f"讲坛{i}", speaker="王建国", held_on=timezone.localdate(), summary="",
                activity_id=None, course=None, by=p.activity_staff,
            )  # fmt: skip

    same_for_few_and_many(wang, reverse("learning:lectures"), add_lectures)
    same_for_few_and_many(staff, reverse("learning:lectures"), add_lectures)
