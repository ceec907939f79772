"""/api/v1/notices/: announcements and briefings for members' phones — the list with what is
unread, one announcement (reading it records the read receipt) and its attachments' links."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from zhengxie.consultations.models import Activity
from zhengxie.materials.models import Agenda, Material
from zhengxie.notices import announcements as svc
from zhengxie.notices.models import Announcement, Receipt

from .paging import keyset

router = Router(tags=["通知公告"])


class AnnouncementOut(Schema):
    id: int
    committee_id: int
    kind: str = Field(description="notice（通知公告）/briefing（知情明政通报）")
    kind_label: str
    title: str
    required: bool = Field(description="须阅知")
    published_at: datetime
    read_at: datetime | None = Field(description="本人阅读时间，未读为空")


class BriefingMeetingOut(Schema):
    activity_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    state_label: str
    agenda: str = Field(description="会议议程")
    materials: list[str] = Field(description="会议材料名称；文件见会议材料接口")
    materials_url: str = Field(description="会议材料接口地址")


class AnnouncementDetailOut(AnnouncementOut):
    body: str
    files: list[dict[str, str]] = Field(description="附件：name、url")
    meeting: BriefingMeetingOut | None = Field(None, description="知情明政通报会（已安排时）")


def _meeting(a: Announcement) -> BriefingMeetingOut | None:
    activity = Activity.objects.filter(pk=a.activity_id).first() if a.activity_id else None
    if activity is None:
        return None
    agenda = Agenda.objects.filter(activity=activity).first()
    return BriefingMeetingOut(
        activity_id=activity.pk,
        title=activity.title,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
        state_label=activity.get_state_display(),
        agenda=agenda.text if agenda else "",
        materials=list(
            Material.objects.filter(activity=activity).order_by("id").values_list("title", flat=True)
        ),
        materials_url=f"/api/v1/consultations/materials/activities/{activity.pk}",
    )


class AnnouncementPage(Schema):
    items: list[AnnouncementOut]
    next_after: int | None


class AnnouncementQuery(Schema):
    committee: int
    unread: bool = False
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


def _out(a: Announcement, read_at: datetime | None) -> AnnouncementOut:
    return AnnouncementOut(
        id=a.pk,
        committee_id=a.committee_id,
        kind=a.kind,
        kind_label=a.get_kind_display(),
        title=a.title,
        required=a.required,
        published_at=a.published_at,
        read_at=read_at,
    )


@router.get("announcements", response=AnnouncementPage, summary="我收到的通知公告和通报")
def announcement_list(request: HttpRequest, q: Query[AnnouncementQuery]) -> AnnouncementPage:
    rows = svc.unread(request.user, q.committee) if q.unread else svc.received(request.user, q.committee)
    page, next_after = keyset(rows, q.after, q.limit)
    return AnnouncementPage(items=[_out(r.announcement, r.read_at) for r in page], next_after=next_after)


@router.get(
    "announcements/{announcement_id}", response=AnnouncementDetailOut, summary="通知公告详情（记为已读）"
)
def announcement_detail(request: HttpRequest, announcement_id: int) -> AnnouncementDetailOut:
    a = svc.get_for_user(request.user, announcement_id)
    svc.receipt_read(announcement=a, user=request.user)
    receipt = Receipt.objects.filter(announcement=a, user_id=request.user.pk or 0).first()
    return AnnouncementDetailOut(
        **_out(a, receipt.read_at if receipt else None).model_dump(),
        body=a.body,
        files=[
            {"name": f.name, "url": reverse("notices:announcement_file", args=[f.pk])} for f in a.files.all()
        ],
        meeting=_meeting(a),
    )
