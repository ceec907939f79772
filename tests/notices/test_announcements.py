"""Announcements and briefings: the office publishes to a chosen group (all, standing members, a
sector, a special committee) with attachments; each recipient is told, sees it on the home page
and in the API, and opening it records the read receipt; the office sees who has not read and
reminds them, and a required one is chased once by the job; outside the audience it is 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.accounts.models import User
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices import announcements as svc
from zhengxie.notices.models import Announcement, AnnouncementFile, Notice, Receipt
from zhengxie.org import services as org
from zhengxie.org.models import Sector
from zhengxie.org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def standing_zhao(p: Personas) -> User:
    """赵委员: a standing member of the city in another sector and no special committee."""
    user = _user("zhao", "赵丽", p.city, Role.MEMBER)
    person = org.person_find_or_create(name="赵丽", gender="F", affiliation="无党派人士", by=None)
    person.user = user
    person.save(update_fields=["user"])
    other = Sector.objects.create(committee=p.city, name="教育界")
    member = org.member_create(committee=p.city, person=person, sector=other, by=None)
    member.is_standing = True
    member.save(update_fields=["is_standing"])
    return user


def publish(p: Personas, **kwargs: Any) -> Announcement:
    fields: dict[str, Any] = {"title": "关于全市经济运行情况的通报", "body": "一季度全市经济运行总体平稳。"}
    fields.update(kwargs)
    return svc.announcement_publish(
        committee_id=p.city.pk, by=p.activity_staff, data=svc.AnnouncementData(**fields)
    )


def test_audiences_choose_the_recipients(p: Personas) -> None:
    zhao = standing_zhao(p)
    everyone = publish(p)
    assert set(Receipt.objects.filter(announcement=everyone).values_list("user_id", flat=True)) == {
        p.member_wang.pk,
        zhao.pk,
    }
    standing = publish(p, audience="standing")
    assert list(Receipt.objects.filter(announcement=standing).values_list("user_id", flat=True)) == [zhao.pk]
    sector = publish(p, audience="sector", sector=p.sector)
    assert list(Receipt.objects.filter(announcement=sector).values_list("user_id", flat=True)) == [
        p.member_wang.pk
    ]
    special = publish(p, audience="special", special_committee=p.special)
    assert special.recipients == 1
    with pytest.raises(DomainError, match="界别"):
        publish(p, audience="sector")
    with pytest.raises(NotAllowed):
        svc.announcement_publish(
            committee_id=p.city.pk, by=p.member_wang, data=svc.AnnouncementData(title="x", body="y")
        )
    with pytest.raises(DomainError, match="控制字符"):
        publish(p, title="通报\x1b")
    assert Announcement.objects.count() == 4


def test_read_receipts_reminder_and_home_page(
    client: Client, p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    zhao = standing_zhao(p)
    with django_capture_on_commit_callbacks(execute=True):
        a = publish(p, required=True, kind="briefing")
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="知情明政通报").exists()
    client.force_login(p.member_wang)
    assert "未读的通知公告和通报" in client.get("/").content.decode()
    page = client.get(reverse("notices:announcement_detail", args=[a.pk])).content.decode()
    assert "一季度" in page and "阅读情况" not in page
    assert Receipt.objects.get(announcement=a, user=p.member_wang).read_at is not None
    assert "未读的通知公告和通报" not in client.get("/").content.decode()

    client.force_login(p.activity_staff)
    detail = client.get(reverse("notices:announcement_detail", args=[a.pk])).content.decode()
    assert "已读 1 / 2" in detail and "赵丽" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notices:announcement_remind", args=[a.pk]))
    assert Notice.objects.filter(recipient=zhao, title__startswith="请阅知").count() == 1
    assert not Notice.objects.filter(recipient=p.member_wang, title__startswith="请阅知").exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert svc.remind_required_unread(timezone.now() + timedelta(days=3)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.remind_required_unread(timezone.now() + timedelta(days=4)) == 0  # once


def test_attachments_and_scope(client: Client, p: Personas) -> None:
    zhao = standing_zhao(p)
    a = svc.announcement_publish(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=svc.AnnouncementData(title="常委会议材料", body="见附件", audience="standing"),
        files=[SimpleUploadedFile("材料.pdf", b"%PDF-1.4 materials", content_type="application/pdf")],
    )
    f = AnnouncementFile.objects.get(announcement=a)
    client.force_login(zhao)
    assert client.get(reverse("notices:announcement_file", args=[f.pk])).status_code == 200
    client.force_login(p.member_wang)  # not a standing member
    assert client.get(reverse("notices:announcement_detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("notices:announcement_file", args=[f.pk])).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("notices:announcement_detail", args=[a.pk])).status_code == 404
    bad = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(DomainError):
        svc.announcement_publish(
            committee_id=p.city.pk,
            by=p.activity_staff,
            data=svc.AnnouncementData(title="坏附件", body="x"),
            files=[bad],
        )
    assert not Announcement.objects.filter(title="坏附件").exists()


def test_office_publishes_on_the_form(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    response = client.post(
        reverse("notices:announcement_new"),
        {"kind": "notice", "title": "关于召开全体会议的通知", "body": "定于下周一召开。", "audience": "all"},
    )
    a = Announcement.objects.get()
    assert response.status_code == 302 and a.recipients == 1
    client.force_login(p.member_wang)
    assert client.get(reverse("notices:announcement_new")).status_code == 404


def test_api_lists_and_reads(client: Client, p: Personas) -> None:
    a = publish(p)
    client.force_login(p.member_wang)
    unread = client.get(f"/api/v1/notices/announcements?committee={p.city.pk}&unread=true").json()
    assert [i["id"] for i in unread["items"]] == [a.pk]
    detail = client.get(f"/api/v1/notices/announcements/{a.pk}").json()
    assert detail["read_at"] is not None and detail["body"].startswith("一季度")
    assert (
        client.get(f"/api/v1/notices/announcements?committee={p.city.pk}&unread=true").json()["items"] == []
    )
    client.force_login(p.county_b_staff)
    assert client.get(f"/api/v1/notices/announcements/{a.pk}").status_code == 404


def test_lists_query_count_does_not_grow(client: Client, p: Personas) -> None:
    standing_zhao(p)

    def add(n: int) -> None:
        for _ in range(n):
            publish(p)

    client.force_login(p.activity_staff)
    assert same_for_few_and_many(client, reverse("notices:announcements"), add) <= 25
    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("notices:announcements"), add) <= 25
