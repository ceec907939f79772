"""The grassroots pages: a convener sees only his group's platforms (another town's is 404),
records a platform consultation step by step with photos; the office sets up groups, conveners,
platforms and members; an assigned member records a visit; the home page shows the convener's
work; lists and pages cost the same queries for few and many rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Platform
from zhengxie.grassroots import services
from zhengxie.grassroots.models import Group, Photo, Problem, Record, Visit
from zhengxie.org.models import RoleAssignment

from .conftest import png

pytestmark = pytest.mark.django_db


def test_convener_cannot_see_another_towns_platform(
    client: Client, p: Personas, convener: User, village: Platform, other_town: Platform
) -> None:
    client.force_login(convener)
    listing = client.get(reverse("grassroots:index")).content.decode()
    assert village.name in listing and other_town.name not in listing
    assert client.get(reverse("grassroots:platform", args=[other_town.pk])).status_code == 404
    r = client.post(
        reverse("grassroots:platform_act", args=[other_town.pk, "open"]), {"title": "x", "note": "y"}
    )
    assert r.status_code == 404
    # Nor the office's pages.
    assert client.get(reverse("grassroots:groups")).status_code == 404
    assert client.get(reverse("consultations:platform_list")).status_code == 404


def test_wrong_roles_get_404(client: Client, p: Personas, village: Platform) -> None:
    for user in (p.proposal_staff, p.unit_clerk, p.county_b_staff):
        client.force_login(user)
        assert client.get(reverse("grassroots:platform", args=[village.pk])).status_code == 404
        assert client.get(reverse("grassroots:stats")).status_code == 404
    client.force_login(p.member_wang)  # not assigned to it
    assert client.get(reverse("grassroots:platform", args=[village.pk])).status_code == 404


def test_convener_records_a_consultation_with_photos(
    client: Client, p: Personas, convener: User, village: Platform
) -> None:
    client.force_login(convener)
    today = timezone.localdate()
    r = client.post(
        reverse("grassroots:platform_act", args=[village.pk, "open"]),
        {"title": "城乡供水", "note": "村民提出", "done_on": today.isoformat(), "photos": [png()]},
    )
    rec = Record.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("grassroots:record", args=[rec.pk])
    assert "协商进行中的平台" in client.get(reverse("home")).content.decode()
    step = reverse("grassroots:record_act", args=[rec.pk, "step"])
    client.post(step, {"note": "走访农户", "done_on": today.isoformat()})
    # Bad input at the meeting step: no participants — a message, nothing stored.
    r = client.post(step, {"note": "开会", "done_on": today.isoformat()}, follow=True)
    assert "请填写参加协商的人数" in r.content.decode()
    assert Record.objects.get().state == "research"
    client.post(
        step,
        {"note": "开会", "done_on": today.isoformat(), "participants": 15, "members": [p.member_wang_record.pk],
         "photos": [png("a.png"), png("b.png")]},
    )  # fmt: skip
    rec.refresh_from_db()
    assert rec.state == "meeting" and rec.activity_id is not None
    page = client.get(reverse("grassroots:record", args=[rec.pk])).content.decode()
    assert "开会" in page and "完成“反馈结果”" in page
    photo = Photo.objects.filter(record=rec).first()
    assert photo is not None
    assert client.get(reverse("grassroots:photo", args=[photo.pk])).status_code == 200
    client.post(reverse("grassroots:record_act", args=[rec.pk, "problem"]), {"text": "管网老化"})
    problem = Problem.objects.get()
    client.post(
        reverse("grassroots:platform_act", args=[village.pk, "resolve"]),
        {"problem": problem.pk, "state": "solved", "outcome": "已更换"},
    )
    assert Problem.objects.get().state == "solved"
    stats = client.get(reverse("grassroots:stats")).content.decode()
    assert "高城镇合计" in stats and "尚市镇" not in stats


def test_office_sets_up_groups_conveners_platforms_and_members(
    client: Client, p: Personas, convener: User, towns: dict[str, Group]
) -> None:
    client.force_login(p.activity_staff)
    r = client.post(
        reverse("grassroots:platform_create"),
        {
            "name": "万和镇石材企业议事室",
            "level": "enterprise",
            "township": "万和镇",
            "group": towns["尚市镇"].pk,
        },
    )
    platform = Platform.objects.get(name="万和镇石材企业议事室")
    assert r.status_code == 302
    client.post(
        reverse("grassroots:groups"), {"action": "convener", "group": towns["尚市镇"].pk, "user": convener.pk}
    )
    assert towns["尚市镇"].conveners.filter(user=convener, is_active=True).exists()
    r = client.post(
        reverse("grassroots:groups"), {"action": "group", "name": "", "township": ""}, follow=True
    )
    assert "这个字段是必填项" in r.content.decode() or "必填" in r.content.decode()
    client.post(
        reverse("grassroots:platform_act", args=[platform.pk, "assign"]),
        {"members": [p.member_wang_record.pk]},
    )
    client.post(
        reverse("grassroots:platform_act", args=[platform.pk, "profile"]),
        {
            "convener_name": "张三",
            "venue": "企业会议室",
            "has_sign": "on",
            "system": "季度议事",
            "has_archive": "on",
        },
    )
    assert (
        "“五有”情况（5/5）" in client.get(reverse("grassroots:platform", args=[platform.pk])).content.decode()
    )
    # The member visits it from his phone.
    client.force_login(p.member_wang)
    r = client.post(
        reverse("grassroots:platform_act", args=[platform.pk, "visit"]),
        {
            "visited_on": timezone.localdate().isoformat(),
            "people_met": 5,
            "summary": "了解企业用工",
            "problems": "招工难\n运输通道",
        },
    )
    assert Visit.objects.count() == 1 and Problem.objects.filter(visit__isnull=False).count() == 2
    r = client.post(
        reverse("grassroots:platform_act", args=[platform.pk, "visit"]),
        {
            "visited_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "people_met": 5,
            "summary": "x",
        },
        follow=True,
    )
    assert "走访日期不能晚于今天" in r.content.decode() and Visit.objects.count() == 1


def test_security_admin_grants_the_convener_role(client: Client, p: Personas) -> None:
    from zhengxie.org.forms import GRANTABLE_ROLES

    assert ("convener", "乡镇活动召集人") in GRANTABLE_ROLES
    from zhengxie.org import services as org_services

    org_services.role_grant(user=p.info_staff, committee=p.city, role="convener", by=p.secadmin)
    assert RoleAssignment.objects.filter(user=p.info_staff, role="convener").exists()
    from zhengxie.lib.errors import DomainError

    with pytest.raises(DomainError, match="安全管理员"):
        org_services.role_grant(user=p.proposal_staff, committee=p.city, role="convener", by=p.activity_staff)


def test_pages_cost_the_same_for_few_and_many(
    client: Client, p: Personas, convener: User, towns: dict[str, Group], village: Platform
) -> None:
    counter = iter(range(1000))

    def add_platforms(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            pl = services.platform_create(
                committee_id=p.city.pk, by=p.activity_staff, name=f"第{i}村", level="village", township="高城镇",
                village=f"第{i}村", group=towns["高城镇"],
            )  # fmt: skip
            services.members_assign(platform=pl, by=p.activity_staff, members=[p.member_wang_record])
            rec = services.record_open(platform=pl, by=convener, title=f"议题{i}", note="情况")
            services.problem_raise(platform=pl, by=convener, text="问题", record=rec)

    client.force_login(convener)
    same_for_few_and_many(client, reverse("grassroots:index"), add_platforms, many=12)
    same_for_few_and_many(client, reverse("grassroots:stats"), add_platforms, few=1, many=8)

    def add_activity(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            rec = services.record_open(
                platform=village, by=convener, title=f"议题{i}", note="情况", photos=[png()]
            )
            services.problem_raise(platform=village, by=convener, text=f"问题{i}", record=rec)

    same_for_few_and_many(client, reverse("grassroots:platform", args=[village.pk]), add_activity, many=12)
    rec = services.record_open(platform=village, by=convener, title="多照片", note="情况")

    def add_photos(n: int) -> None:
        for _ in range(n):
            services.problem_raise(platform=village, by=convener, text="问题", record=rec)
        Photo.objects.bulk_create(
            [
                Photo(
                    committee=p.city, record=rec, step="topic", file="x.png", file_name="x.png", by=convener
                )
                for _ in range(n)
            ]
        )

    same_for_few_and_many(client, reverse("grassroots:record", args=[rec.pk]), add_photos, many=10)
    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("grassroots:groups"), lambda n: [
        services.group_create(committee_id=p.city.pk, by=p.activity_staff, name=f"组{next(counter)}", township="某镇")
        for _ in range(n)
    ], many=10)  # fmt: skip
