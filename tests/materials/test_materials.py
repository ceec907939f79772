"""Meeting materials: invited members read the agenda, their seat and group and the documents on a
phone; confidential readings are audited; documents marked for withdrawal stop at the meeting's
end and a job removes them; everyone else sees nothing (404); staff only manage."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.lib.errors import DomainError
from zhengxie.materials import services
from zhengxie.materials.demo import pdf
from zhengxie.materials.models import Material, Seat


@pytest.fixture
def meeting(p: Personas, settings: Any, tmp_path: Any) -> Activity:
    settings.MEDIA_ROOT = tmp_path
    start = timezone.now() + timedelta(days=2)
    activity = Activity.objects.create(
        committee=p.city,
        kind=Activity.Kind.CONSULTATION,
        title="优化营商环境专题协商会",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="市政协三楼会议室",
        created_by=p.activity_staff,
    )
    Invitation.objects.create(committee=p.city, activity=activity, member=p.member_wang_record)
    return activity


def upload(p: Personas, meeting: Activity, title: str, **flags: bool) -> Material:
    return services.material_add(
        activity=meeting,
        by=p.activity_staff,
        upload=SimpleUploadedFile(f"{title}.pdf", pdf(title), content_type="application/pdf"),
        title=title,
        confidential=flags.get("confidential", False),
        withdraw_after=flags.get("withdraw_after", False),
    )


def test_an_invited_member_reads_agenda_seat_and_documents(
    client: Client, p: Personas, meeting: Activity
) -> None:
    services.agenda_save(activity=meeting, by=p.activity_staff, text="一、通报情况\n二、委员发言")
    services.seats_assign(activity=meeting, by=p.activity_staff, text="王建国\t3排5座\t第二组")
    plain = upload(p, meeting, "会议日程")
    secret = upload(p, meeting, "情况通报", confidential=True)
    client.force_login(p.member_wang)
    home = client.get("/").content.decode()
    assert "近期会议的会议材料" in home
    assert "优化营商环境专题协商会" in client.get(reverse("materials:index")).content.decode()
    page = client.get(reverse("materials:activity", args=[meeting.pk])).content.decode()
    assert "二、委员发言" in page and "3排5座" in page and "第二组" in page and "情况通报" in page
    # PDFs open in the phone's browser; only the confidential one is audited.
    response = client.get(reverse("materials:download", args=[plain.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not AuditEvent.objects.filter(action="materials.material.downloaded").exists()
    assert client.get(reverse("materials:download", args=[secret.pk])).status_code == 200
    event = AuditEvent.objects.get(action="materials.material.downloaded")
    assert event.actor_id == p.member_wang.pk and event.data["title"] == "情况通报"


def test_outsiders_see_nothing(client: Client, p: Personas, meeting: Activity) -> None:
    material = upload(p, meeting, "会议日程")
    for outsider in (p.member_county, p.county_b_staff, p.unit_clerk):
        client.force_login(outsider)
        assert client.get(reverse("materials:activity", args=[meeting.pk])).status_code == 404
        assert client.get(reverse("materials:download", args=[material.pk])).status_code == 404
        assert (
            client.get(
                f"/api/v1/consultations/materials/files/{material.pk}", headers=bearer(outsider)
            ).status_code
            == 404
        )


def test_only_activity_staff_manage_and_bad_input_stores_nothing(
    client: Client, p: Personas, meeting: Activity
) -> None:
    client.force_login(p.member_wang)
    assert (
        client.post(reverse("materials:act", args=[meeting.pk, "agenda"]), {"text": "x"}).status_code == 404
    )
    client.force_login(p.activity_staff)
    fake = SimpleUploadedFile("假.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("materials:act", args=[meeting.pk, "upload"]), {"title": "假", "file": fake}, follow=True
    )
    assert "不是有效的PDF文件" in response.content.decode()
    response = client.post(
        reverse("materials:act", args=[meeting.pk, "seats"]),
        {"seats": "王建国 1排1座\n张三 1排2座"},
        follow=True,
    )
    assert "第2行：张三不在本次活动的邀请名单中" in response.content.decode()
    assert not Material.objects.exists() and not Seat.objects.exists()
    with pytest.raises(DomainError, match="请填写会议议程"):
        services.agenda_save(activity=meeting, by=p.activity_staff, text="  ")


def test_documents_marked_for_withdrawal_stop_at_the_end_of_the_meeting(
    client: Client, p: Personas, meeting: Activity, django_capture_on_commit_callbacks: Any
) -> None:
    kept = upload(p, meeting, "会议日程")
    secret = upload(p, meeting, "情况通报", confidential=True, withdraw_after=True)
    client.force_login(p.member_wang)
    assert client.get(reverse("materials:download", args=[secret.pk])).status_code == 200
    # The meeting ends: from that moment the read-time check refuses, before any job has run.
    Activity.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("materials:download", args=[secret.pk])).status_code == 404
    assert client.get(reverse("materials:download", args=[kept.pk])).status_code == 200
    assert "已于会后收回" in client.get(reverse("materials:activity", args=[meeting.pk])).content.decode()
    # The job then marks it withdrawn and removes the file, once.
    path = secret.file.path
    with django_capture_on_commit_callbacks(execute=True):
        assert services.withdraw_due() == 1
    assert services.withdraw_due() == 0
    secret.refresh_from_db()
    assert secret.withdrawn_at is not None
    assert not os.path.exists(path)
    assert AuditEvent.objects.filter(action="materials.material.withdrawn").count() == 1
    packet = client.get(
        f"/api/v1/consultations/materials/activities/{meeting.pk}", headers=bearer(p.member_wang)
    ).json()
    states = {m["title"]: (m["available"], m["url"]) for m in packet["materials"]}
    assert states["情况通报"] == (False, None) and states["会议日程"][0]


def test_a_document_marked_for_withdrawal_cannot_be_added_after_the_meeting(
    p: Personas, meeting: Activity
) -> None:
    Activity.objects.filter(pk=meeting.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    meeting.refresh_from_db()
    with pytest.raises(DomainError, match="会议已结束"):
        upload(p, meeting, "迟到的通报", withdraw_after=True)


def test_the_api_gives_the_packet_and_the_file(client: Client, p: Personas, meeting: Activity) -> None:
    services.agenda_save(activity=meeting, by=p.activity_staff, text="议程")
    services.seats_assign(activity=meeting, by=p.activity_staff, text="王建国,A12,第一组")
    secret = upload(p, meeting, "情况通报", confidential=True)
    headers = bearer(p.member_wang)
    listed = client.get(
        f"/api/v1/consultations/materials/upcoming?committee={p.city.pk}", headers=headers
    ).json()
    assert [m["id"] for m in listed["items"]] == [meeting.pk]
    packet = client.get(f"/api/v1/consultations/materials/activities/{meeting.pk}", headers=headers).json()
    assert packet["agenda"] == "议程" and packet["seat"] == "A12" and packet["group"] == "第一组"
    response = client.get(packet["materials"][0]["url"], headers=headers)
    assert response.status_code == 200 and b"%PDF" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(
        action="materials.material.downloaded", object_id=str(secret.pk)
    ).exists()


def test_pages_do_not_grow_with_documents_and_seats(client: Client, p: Personas, meeting: Activity) -> None:
    def add(n: int) -> None:
        for i in range(n):
            upload(p, meeting, f"材料{Material.objects.count()}-{i}", confidential=bool(i % 2))

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("materials:activity", args=[meeting.pk]), add) <= 16
    client.force_login(p.activity_staff)
    assert same_for_few_and_many(client, reverse("materials:activity", args=[meeting.pk]), add) <= 16
