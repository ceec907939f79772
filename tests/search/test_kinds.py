"""The records of the later apps in the index: each kind is found after its write, by exactly the
people its own page lets open it, and `search_rebuild` rebuilds it."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.consultations.conftest import member_zhao  # noqa: F401  (fixture)
from tests.learning.helpers import course_with_lessons
from tests.personas import Personas
from tests.plenary.conftest import call, plenary  # noqa: F401  (fixtures)
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.learning.models import Lesson
from zhengxie.learning.services import library, reading
from zhengxie.materials import services as materials
from zhengxie.materials.demo import pdf
from zhengxie.org.models import Member
from zhengxie.plenary import services as plenary_services
from zhengxie.plenary.models import SpeechCall
from zhengxie.publications import services as publications
from zhengxie.regulations import services as regulations
from zhengxie.search.models import Document
from zhengxie.search.query import search

pytestmark = pytest.mark.django_db


def found(user: Any, q: str, kind: str) -> list[int]:
    return [h.doc.object_id for h in search(user, q, kind=kind).hits]


def test_courses_are_found_by_their_lessons_once_published(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, publish=False, title="学习民法典专题")
    assert found(p.activity_staff, "统一战线", "course") == [course.pk]  # the lesson's text
    assert found(p.member_wang, "民法典", "course") == []  # a draft is the office's
    assert Document.objects.get(kind="course").office_open is False
    library.course_publish(course=course, by=p.activity_staff)
    assert found(p.member_wang, "民法典", "course") == [course.pk]
    assert found(p.member_county, "民法典", "course") == []  # not shared with the counties
    lesson = Lesson.objects.get(course=course)
    library.lesson_update(
        lesson=lesson,
        by=p.activity_staff,
        data={"title": "第一讲", "body": "<p>居住权的设立</p>", "rule": Lesson.Rule.END, "order": 0},
    )
    assert found(p.member_wang, "居住权", "course") == [course.pk]
    assert found(p.member_wang, "统一战线", "course") == []


def test_reading_notes_are_the_groups_until_picked(p: Personas, member_zhao: Member) -> None:  # noqa: F811
    group = reading.group_create(
        committee_id=p.city.pk, name="经典读书群", description="", member_ids=[p.member_wang_record.pk],
        books=[("乡土中国", "费孝通")], by=p.activity_staff,
    )  # fmt: skip
    note = reading.note_create(
        group=group, member=p.member_wang_record, title="读《乡土中国》有感", body="差序格局的启示。",
        book_id=None, by=p.member_wang,
    )  # fmt: skip
    assert found(p.member_wang, "差序格局", "note") == [note.pk]
    assert found(p.activity_staff, "差序格局", "note") == [note.pk]
    zhao = member_zhao.person.user
    assert found(zhao, "差序格局", "note") == []  # not a member of the group
    reading.note_pick(note=note, by=p.activity_staff)
    assert found(zhao, "差序格局", "note") == [note.pk]  # published to the committee


def test_speeches_are_the_authors_and_the_offices(
    p: Personas,
    member_zhao: Member,  # noqa: F811
    call: SpeechCall,  # noqa: F811
) -> None:
    speech = plenary_services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="关于发展数字经济的发言",
        body="推动数据要素市场化配置。",
    )  # fmt: skip
    assert found(p.member_wang, "数据要素", "speech") == [speech.pk]
    assert found(p.activity_staff, "数据要素", "speech") == [speech.pk]
    assert found(member_zhao.person.user, "数据要素", "speech") == []
    plenary_services.speech_edit(speech=speech, by=p.member_wang, title=speech.title, body="培育算力产业。")
    assert found(p.member_wang, "算力产业", "speech") == [speech.pk]
    assert found(p.member_wang, "数据要素", "speech") == []
    plenary_services.speech_decide(speech=speech, by=p.activity_staff, decision="written")
    assert Document.objects.get(kind="speech").state == "书面发言采用"


def test_publication_issues_are_the_offices(p: Personas) -> None:
    series = next(s for s in publications.series_for(p.city.pk) if s.name == "建言资政")
    issue = publications.issue_create(series=series, by=p.activity_staff, title="优化营商环境")
    publications.item_add(
        issue=issue, by=p.activity_staff, title="建议", author="经济委员会", body="压缩审批时限。"
    )
    assert found(p.activity_staff, "审批时限", "issue") == [issue.pk]
    assert found(p.leader, "审批时限", "issue") == [issue.pk]
    assert found(p.member_wang, "审批时限", "issue") == []
    publications.issue_send(issue=issue, by=p.activity_staff, recipients="市长")
    doc = Document.objects.get(kind="issue")
    assert doc.office_open and "第1期" in doc.title


def test_rules_are_found_by_their_current_text(p: Personas) -> None:
    rule = regulations.regulation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="协商工作规则", category="consultation",
        adopted_on=date(2025, 3, 1), effective_on=date(2025, 3, 10), text="第一条 协商于决策之前。",
    )  # fmt: skip
    assert found(p.member_wang, "决策之前", "regulation") == [rule.pk]
    assert found(p.member_county, "决策之前", "regulation") == []
    regulations.regulation_revise(
        regulation=rule, by=p.activity_staff, adopted_on=date(2026, 1, 1), effective_on=date(2026, 2, 1),
        text="第一条 协商于决策实施之中。", note="修订",
    )  # fmt: skip
    assert found(p.member_wang, "实施之中", "regulation") == [rule.pk]
    assert found(p.member_wang, "决策之前", "regulation") == []


def test_meeting_materials_are_found_by_the_invited(
    p: Personas,
    member_zhao: Member,  # noqa: F811
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    start = timezone.now() + timedelta(days=2)
    meeting = Activity.objects.create(
        committee=p.city, kind=Activity.Kind.CONSULTATION, title="营商环境专题协商会", starts_at=start,
        ends_at=start + timedelta(hours=3), place="三楼", created_by=p.activity_staff,
    )  # fmt: skip
    Invitation.objects.create(committee=p.city, activity=meeting, member=p.member_wang_record)
    materials.agenda_save(activity=meeting, by=p.activity_staff, text="一、通报情况\n二、委员发言")
    assert found(p.member_wang, "通报情况", "materials") == [meeting.pk]
    materials.material_add(
        activity=meeting, by=p.activity_staff, title="营商环境评估报告",
        upload=SimpleUploadedFile("r.pdf", pdf("r"), content_type="application/pdf"),
        confidential=False, withdraw_after=False,
    )  # fmt: skip
    assert found(p.member_wang, "评估报告", "materials") == [meeting.pk]
    assert found(member_zhao.person.user, "评估报告", "materials") == []  # not invited
    assert found(p.member_county, "评估报告", "materials") == []


def test_search_rebuild_covers_the_new_kinds(p: Personas, call: SpeechCall) -> None:  # noqa: F811
    course_with_lessons(p.city, p.activity_staff)
    plenary_services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="发言", body="发言稿正文。"
    )
    regulations.regulation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="规则", category="other",
        adopted_on=date(2025, 3, 1), effective_on=date(2025, 3, 10), text="正文。",
    )  # fmt: skip
    before = sorted(Document.objects.values_list("kind", "object_id"))
    Document.objects.all().delete()
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert sorted(Document.objects.values_list("kind", "object_id")) == before
    for label in ("学习资料", "大会发言", "制度"):
        assert f"{label}：已写入 1 条" in out.getvalue()
