"""Grassroots platforms run on the spot: groups and conveners, the "五有", members assigned,
platform consultations through the committee's steps with photos, problems and their outcome,
members' visits, and the yearly totals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Platform, PlatformActivity
from zhengxie.duty.models import PointEntry
from zhengxie.grassroots import selectors, services
from zhengxie.grassroots.models import Group, Photo, Problem, Record
from zhengxie.grassroots.permissions import platforms_visible
from zhengxie.grassroots.workbench import pending_items
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.opinions.models import Opinion

from .conftest import png


def record_link(rec: Record) -> Any:
    from django.db.models import Q

    assert rec.activity_id is not None
    return Q(pk=rec.activity_id)


pytestmark = pytest.mark.django_db


def test_convener_role_is_needed_and_scope_is_the_group(
    p: Personas, convener: User, towns: dict[str, Group], village: Platform, other_town: Platform
) -> None:
    with pytest.raises(DomainError, match="安全管理员"):
        services.convener_appoint(group=towns["尚市镇"], by=p.activity_staff, user=p.proposal_staff)
    assert Notice.objects.filter(recipient=convener, title__contains="召集人").exists()
    assert list(platforms_visible(convener, p.city.pk)) == [village]
    assert set(platforms_visible(p.activity_staff, p.city.pk)) == {village, other_town}
    assert not platforms_visible(p.proposal_staff, p.city.pk).exists()
    with pytest.raises(NotAllowed):
        services.record_open(platform=other_town, by=convener, title="议题", note="情况")


def test_five_standards_and_levels(
    p: Personas, convener: User, village: Platform, other_town: Platform
) -> None:
    assert other_town.level == "enterprise"
    profile = services.profile_save(
        platform=village, by=convener, convener_name="刘强", venue="村委会议室", has_sign=True, system="每月议事",
        has_archive=False,
    )  # fmt: skip
    assert profile.five_met == 4
    with pytest.raises(NotAllowed):  # only the office moves a platform to another group
        services.profile_save(
            platform=village, by=convener, convener_name="刘强", venue="", has_sign=False, system="", has_archive=False,
            group=None, set_group=True,
        )  # fmt: skip
    with pytest.raises(DomainError, match="村（社区）"):
        services.platform_create(
            committee_id=p.city.pk, by=p.activity_staff, name="某社区", level="community", township="高城镇"
        )


def test_platform_consultation_walks_the_steps_and_scores_the_members(
    p: Personas, convener: User, village: Platform
) -> None:
    today = timezone.localdate()
    rec = services.record_open(
        platform=village, by=convener, title="城乡供水", note="群众反映", done_on=today - timedelta(days=3),
        photos=[png()],
    )  # fmt: skip
    assert rec.steps == services.DEFAULT_STEPS and rec.state == "topic"
    assert [i.label for i in pending_items(convener, p.city.pk)] == ["协商进行中的平台"]
    with pytest.raises(DomainError, match="召开会议"):
        services.record_advance(record=rec, by=convener, note="调研", participants=5)
    rec = services.record_advance(record=rec, by=convener, note="走访农户")
    assert rec.state == "research"
    with pytest.raises(DomainError, match="参加协商的人数"):
        services.record_advance(record=rec, by=convener, note="开会")
    rec = services.record_advance(
        record=rec,
        by=convener,
        note="协商会",
        participants=20,
        members=[p.member_wang_record],
        photos=[png(), png("2.png")],
    )
    activity = PlatformActivity.objects.get(record_link(rec))
    assert activity.participants == 20
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="A04").standing().count() == 1
    assert Photo.objects.filter(record=rec).count() == 3
    rec = services.record_advance(record=rec, by=convener, note="公示")
    rec = services.record_advance(record=rec, by=convener, note="归档")
    assert rec.finished
    with pytest.raises(DomainError, match="已归档"):
        services.record_advance(record=rec, by=convener, note="再来")
    assert pending_items(convener, p.city.pk) == []


def test_bad_photo_or_note_stores_nothing(p: Personas, convener: User, village: Platform) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    with pytest.raises(DomainError):
        services.record_open(platform=village, by=convener, title="议题", note="情况", photos=[fake])
    with pytest.raises(DomainError, match="议题确定情况"):
        services.record_open(platform=village, by=convener, title="议题", note=" ")
    with pytest.raises(DomainError, match="晚于今天"):
        services.record_open(
            platform=village,
            by=convener,
            title="议题",
            note="情况",
            done_on=timezone.localdate() + timedelta(days=1),
        )
    assert not Record.objects.exists() and not Photo.objects.exists()


def test_problems_solved_and_passed_on(p: Personas, convener: User, village: Platform) -> None:
    rec = services.record_open(platform=village, by=convener, title="集镇市场", note="议题")
    rec = services.record_advance(record=rec, by=convener, note="调研")
    rec = services.record_advance(record=rec, by=convener, note="开会", participants=8)
    solved = services.problem_raise(platform=village, by=convener, text="摊位费过高", record=rec)
    services.problem_resolve(problem=solved, by=convener, state="solved", outcome="按成本收费")
    assert PlatformActivity.objects.get(record_link(rec)).problems_solved == 1
    passed = services.problem_raise(platform=village, by=convener, text="国道占道经营")
    services.problem_resolve(problem=passed, by=convener, state="opinion", outcome="涉及交通管理")
    assert Opinion.objects.filter(committee=p.city, title__contains="国道占道经营").exists()
    with pytest.raises(DomainError, match="已办结"):
        services.problem_resolve(problem=passed, by=convener, state="solved", outcome="再办")
    lead = services.problem_raise(platform=village, by=convener, text="供水管网老化")
    services.members_assign(platform=village, by=p.activity_staff, members=[p.member_wang_record])
    services.problem_resolve(problem=lead, by=convener, state="proposal", outcome="建议委员撰写提案")
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="提案线索").exists()
    with pytest.raises(DomainError, match="请选择办理结果"):
        services.problem_resolve(
            problem=services.problem_raise(platform=village, by=convener, text="x"),
            by=convener,
            state="lost",
            outcome="y",
        )
    overall, towns = selectors.year_totals(Platform.objects.filter(pk=village.pk), timezone.localdate().year)
    assert (overall.held, overall.participants, overall.raised, overall.solved, overall.opinion, overall.proposal) == (
        1, 8, 4, 1, 1, 1,
    )  # fmt: skip
    assert towns[0].township == "高城镇"


def test_assigned_member_records_a_visit(p: Personas, village: Platform, other_town: Platform) -> None:
    services.members_assign(platform=village, by=p.activity_staff, members=[p.member_wang_record])
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="联系高城村").exists()
    assert list(platforms_visible(p.member_wang, p.city.pk)) == [village]
    today = timezone.localdate()
    visit = services.visit_record(
        platform=village, member=p.member_wang_record, by=p.member_wang, visited_on=today, people_met=9,
        summary="走访留守老人", problems=["卫生室缺药", " "],
    )  # fmt: skip
    assert Problem.objects.get(visit=visit).text == "卫生室缺药"
    with pytest.raises(DomainError, match="未被安排"):
        services.visit_record(
            platform=other_town, member=p.member_wang_record, by=p.member_wang, visited_on=today, people_met=1,
            summary="走访",
        )  # fmt: skip
    with pytest.raises(NotAllowed):  # nobody records a visit for someone else
        services.visit_record(
            platform=village, member=p.member_wang_record, by=p.activity_staff, visited_on=today, people_met=1,
            summary="走访",
        )  # fmt: skip


def test_committee_chooses_its_steps(p: Personas, convener: User, village: Platform) -> None:
    with pytest.raises(DomainError, match="不能省略"):
        services.steps_save(committee_id=p.city.pk, by=p.activity_staff, steps=["topic", "archived"])
    with pytest.raises(NotAllowed):
        services.steps_save(committee_id=p.city.pk, by=convener, steps=["topic", "meeting", "archived"])
    services.steps_save(committee_id=p.city.pk, by=p.activity_staff, steps=["archived", "meeting", "topic"])
    rec = services.record_open(platform=village, by=convener, title="议题", note="情况")
    assert rec.steps == ["topic", "meeting", "archived"]
    assert rec.next_step == "meeting"


def test_a_second_convener_account_without_the_role_sees_nothing(p: Personas, village: Platform) -> None:
    stranger = _user("convener2", "另一召集人", p.county_a, "convener")
    assert not platforms_visible(stranger, p.city.pk).exists()
    assert not platforms_visible(stranger, p.county_a.pk).exists()
