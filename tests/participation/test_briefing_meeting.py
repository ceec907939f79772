"""A briefing meeting (知情明政通报会) is an activity with its materials: activity staff arrange it
from a briefing (invitations follow the briefing's audience, the agenda kept by the materials app)
or link an activity already planned; the briefing's page and the API show the meeting and its
materials to members; members find the invitation on the home page; nobody else may arrange."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.notices.test_announcements import publish
from tests.personas import Personas
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services.activities import activity_create
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.materials import services as materials
from zhengxie.notices.models import Announcement
from zhengxie.participation.services import briefings

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    start = timezone.localtime() + timedelta(days=3)
    data = {
        "action": "arrange",
        "title": "一季度经济运行情况通报会",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "政协三楼会议室",
        "agenda": "一、通报一季度经济运行情况\n二、委员提问交流",
    }
    data.update(overrides)
    return data


def test_staff_arrange_the_meeting_and_members_see_it_with_its_materials(client: Client, p: Personas) -> None:
    briefing = publish(p, kind=Announcement.Kind.BRIEFING)
    client.force_login(p.activity_staff)
    detail = f"/notices/announcements/{briefing.pk}/"
    assert "安排通报会" in client.get(detail).content.decode()
    url = f"/participation/briefings/{briefing.pk}/meeting/"
    bad = client.post(url, _form(place=""))
    assert bad.status_code == 400 and not Activity.objects.exists()
    response = client.post(url, _form())
    assert response.status_code == 302 and response["Location"] == detail
    briefing.refresh_from_db()
    assert briefing.activity_id is not None
    activity = Activity.objects.get(pk=briefing.activity_id)
    assert activity.kind == Activity.Kind.TRAINING and activity.title == "一季度经济运行情况通报会"
    assert Invitation.objects.filter(activity=activity, member=p.member_wang_record).exists()
    materials.material_add(
        activity=activity,
        by=p.activity_staff,
        upload=SimpleUploadedFile("情况通报.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        title="一季度经济运行情况",
        confidential=False,
        withdraw_after=False,
    )
    # Once only.
    assert client.get(url).status_code == 302
    with pytest.raises(DomainError, match="已安排"):
        briefings.meeting_arrange(
            announcement=briefing,
            by=p.activity_staff,
            data=briefings.MeetingData(
                title="再来", starts_at=activity.starts_at, ends_at=activity.ends_at, place="会议室"
            ),
        )
    client.force_login(p.member_wang)
    page = client.get(detail).content.decode()
    assert 'data-testid="briefing-meeting"' in page and "一季度经济运行情况通报会" in page
    assert "通报一季度经济运行情况" in page and "一季度经济运行情况</li>" in page
    assert ">安排通报会</a>" not in page
    home = client.get("/").content.decode()
    assert "待回复的活动邀请" in home and "近期会议的会议材料" in home
    api: Any = client.get(f"/api/v1/notices/announcements/{briefing.pk}").json()
    assert api["meeting"]["activity_id"] == activity.pk
    assert api["meeting"]["materials"] == ["一季度经济运行情况"] and "委员提问" in api["meeting"]["agenda"]


def test_link_an_existing_activity_and_wrong_roles_and_kinds_are_refused(client: Client, p: Personas) -> None:
    briefing = publish(p, kind=Announcement.Kind.BRIEFING)
    notice = publish(p, title="关于端午放假的通知")
    start = timezone.now() + timedelta(days=5)
    planned = activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=Activity.Kind.TRAINING, title="政情通报会",
        starts_at=start, ends_at=start + timedelta(hours=2), place="会议室",
    )  # fmt: skip
    client.force_login(p.member_wang)
    assert client.get(f"/participation/briefings/{briefing.pk}/meeting/").status_code == 404
    with pytest.raises(NotAllowed):
        briefings.meeting_link(announcement=briefing, by=p.info_staff, activity_id=planned.pk)
    with pytest.raises(DomainError, match="只有知情明政通报"):
        briefings.meeting_link(announcement=notice, by=p.activity_staff, activity_id=planned.pk)
    client.force_login(p.activity_staff)
    assert client.get(f"/participation/briefings/{notice.pk}/meeting/").status_code == 404
    url = f"/participation/briefings/{briefing.pk}/meeting/"
    assert client.post(url, {"action": "link", "activity": "x"}).status_code == 400
    assert Announcement.objects.get(pk=briefing.pk).activity_id is None
    assert client.post(url, {"action": "link", "activity": planned.pk}).status_code == 302
    assert Announcement.objects.get(pk=briefing.pk).activity_id == planned.pk
    # Another committee's staff do not reach the briefing at all.
    client.force_login(p.county_b_staff)
    assert client.get(url).status_code == 404
