"""/api/v1/notices/: announcements and briefings for members' phones — the list with what is
unread, one announcement (reading it records the read receipt) and its attachments' links."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

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


class AnnouncementDetailOut(AnnouncementOut):
    body: str
    files: list[dict[str, str]] = Field(description="附件：name、url")


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
    )
