"""Grassroots consultation platforms (基层协商): the members recorded as taking part in a platform's
activity score A04 (3 per time, capped at 12 a year) once per member and activity; taking a member
off reverses the entry; staff record participants on the platform page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations.models import Platform, PlatformActivity
from zhengxie.consultations.services import quality
from zhengxie.duty import selectors as duty_selectors
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(p: Personas) -> Platform:
    return quality.platform_create(
        committee_id=p.city.pk, by=p.activity_staff, name="城关街道“有事好商量”协商议事室",
        level="township", township="城关街道",
    )  # fmt: skip


def _held(p: Personas, platform: Platform, members: list[Member], *, days_ago: int = 3) -> PlatformActivity:
    return quality.platform_activity_record(
        platform=platform, by=p.activity_staff, held_on=timezone.localdate() - timedelta(days=days_ago),
        topic="老旧小区加装电梯", participants=20, problems_solved=1, members=members,
    )  # fmt: skip


def _a04(member: Member) -> list[str]:
    return sorted(
        str(e.points) for e in PointEntry.objects.filter(member=member, rule__code="A04").standing()
    )


def test_members_who_take_part_score_a04_once_per_activity(
    p: Personas, platform: Platform, member_zhao: Member
) -> None:
    act = _held(p, platform, [p.member_wang_record, member_zhao, p.member_wang_record])
    assert _a04(p.member_wang_record) == ["3.00"] and _a04(member_zhao) == ["3.00"]
    entry = PointEntry.objects.get(member=member_zhao, rule__code="A04")
    assert entry.source_id == act.pk and entry.source_type.model == "platformactivity"  # type: ignore[union-attr]
    assert entry.year == act.held_on.year
    with pytest.raises(DomainError, match="已登记为参加委员"):
        quality.platform_activity_members_add(activity=act, by=p.activity_staff, members=[member_zhao])
    assert _a04(member_zhao) == ["3.00"]


def test_removing_a_participant_reverses_and_adding_back_scores_again(
    p: Personas, platform: Platform, member_zhao: Member
) -> None:
    act = _held(p, platform, [p.member_wang_record])
    assert (
        quality.platform_activity_members_add(
            activity=act, by=p.activity_staff, members=[p.member_wang_record, member_zhao]
        )
        == 1
    )
    quality.platform_activity_member_remove(activity=act, by=p.activity_staff, member=member_zhao)
    assert _a04(member_zhao) == [] and list(act.members.all()) == [p.member_wang_record]
    reversal = PointEntry.objects.get(member=member_zhao, rule__code="A04", reverses__isnull=False)
    assert reversal.points == -3 and "移出" in reversal.note
    assert AuditEvent.objects.filter(action="consultations.platform.member_removed").count() == 1
    with pytest.raises(DomainError, match="不是本次活动的参加委员"):
        quality.platform_activity_member_remove(activity=act, by=p.activity_staff, member=member_zhao)
    quality.platform_activity_members_add(activity=act, by=p.activity_staff, members=[member_zhao])
    assert _a04(member_zhao) == ["3.00"]


def test_grassroots_points_are_capped_at_twelve_a_year(p: Personas, platform: Platform) -> None:
    year = timezone.localdate().year
    for i in range(5):
        quality.platform_activity_record(
            platform=platform, by=p.activity_staff, held_on=date(year, 1, 1) + timedelta(days=i),
            topic=f"事项{i}", participants=10, problems_solved=0, members=[p.member_wang_record],
        )  # fmt: skip
    assert len(_a04(p.member_wang_record)) == 5
    row = duty_selectors.standings(p.city.pk, year).by_member()[p.member_wang_record.pk]
    assert row.total == 12


def test_bad_participants_store_nothing(p: Personas, platform: Platform) -> None:
    county_member = Member.objects.get(committee=p.county_a)
    with pytest.raises(DomainError, match="本政协委员"):
        _held(p, platform, [county_member])
    with pytest.raises(DomainError, match="参加人数不能少于"):
        quality.platform_activity_record(
            platform=platform, by=p.activity_staff, held_on=timezone.localdate(), topic="停车难",
            participants=0, problems_solved=0, members=[p.member_wang_record],
        )  # fmt: skip
    assert not PlatformActivity.objects.exists()
    act = _held(p, platform, [])
    with pytest.raises(DomainError, match="本政协委员"):
        quality.platform_activity_members_add(activity=act, by=p.activity_staff, members=[county_member])
    with pytest.raises(DomainError, match="请选择"):
        quality.platform_activity_members_add(activity=act, by=p.activity_staff, members=[])
    assert not act.members.exists() and not PointEntry.objects.filter(rule__code="A04").exists()


def test_staff_record_and_correct_participants_on_the_platform_page(
    client: Client, p: Personas, platform: Platform, member_zhao: Member
) -> None:
    client.force_login(p.activity_staff)
    url = reverse("consultations:platform_detail", args=[platform.pk])
    client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "topic": "垃圾分类收集点选址",
            "participants": "18",
            "problems_solved": "1",
            "members": [p.member_wang_record.pk],
        },
    )
    act = PlatformActivity.objects.get()
    assert _a04(p.member_wang_record) == ["3.00"]
    members_url = reverse("consultations:platform_members", args=[platform.pk])
    client.post(members_url, {"activity": act.pk, "members": [member_zhao.pk]})
    page = client.get(url).content.decode()
    assert "赵敏" in page and "补登参加委员" in page
    client.post(members_url, {"activity": act.pk, "member": p.member_wang_record.pk, "remove": "1"})
    assert _a04(p.member_wang_record) == [] and _a04(member_zhao) == ["3.00"]
    # An activity of another platform is not this page's to change.
    other = quality.platform_create(
        committee_id=p.city.pk, by=p.activity_staff, name="河口村协商议事点", level="village",
        township="河口镇", village="河口村",
    )  # fmt: skip
    response = client.post(
        reverse("consultations:platform_members", args=[other.pk]),
        {"activity": act.pk, "members": [p.member_wang_record.pk]},
        follow=True,
    )
    assert "请选择本平台的协商活动" in response.content.decode()
    assert _a04(p.member_wang_record) == []


def test_only_activity_staff_record_participants(client: Client, p: Personas, platform: Platform) -> None:
    act = _held(p, platform, [])
    members_url = reverse("consultations:platform_members", args=[platform.pk])
    for user in (p.member_wang, p.leader, p.county_b_staff):
        client.force_login(user)
        response = client.post(members_url, {"activity": act.pk, "members": [p.member_wang_record.pk]})
        assert response.status_code == 404
    assert not act.members.exists()
