"""/api/v1/consultations/materials/: 会议材料 for the members' app — my coming meetings with
materials, one activity's packet (agenda, my seat and group, documents) and a document's file
(confidential ones audited, withdrawn ones 404). Scoped like the activity pages."""

from __future__ import annotations

from datetime import datetime

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from zhengxie.consultations.permissions import get_activity_for_user, is_staff
from zhengxie.materials import selectors, services
from zhengxie.materials.views import open_material

from .paging import keyset

router = Router(tags=["会议材料"])


class MeetingOut(Schema):
    id: int
    title: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime
    place: str


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_after: int | None


class MeetingPageQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


class MaterialOut(Schema):
    id: int
    title: str
    name: str
    size: int
    confidential: bool
    withdraw_after: bool
    available: bool = Field(description="会后收回的材料在会议结束后为 false")
    url: str | None = Field(description="文件地址（/api/v1/consultations/materials/files/{id}）")


class PacketOut(MeetingOut):
    agenda: str
    seat: str
    group: str
    materials: list[MaterialOut]


def _meeting(a: object) -> MeetingOut:
    return MeetingOut(
        id=a.pk,  # type: ignore[attr-defined]
        title=a.title,  # type: ignore[attr-defined]
        kind_label=a.get_kind_display(),  # type: ignore[attr-defined]
        starts_at=a.starts_at,  # type: ignore[attr-defined]
        ends_at=a.ends_at,  # type: ignore[attr-defined]
        place=a.place,  # type: ignore[attr-defined]
    )


@router.get("upcoming", response=MeetingPage, summary="近期会议（带议程或材料）")
def upcoming(request: HttpRequest, q: Query[MeetingPageQuery]) -> MeetingPage:
    rows, after = keyset(selectors.upcoming(request.user, q.committee), q.after, q.limit)
    return MeetingPage(items=[_meeting(a) for a in rows], next_after=after)


@router.get("activities/{int:activity_id}", response=PacketOut, summary="一次会议的议程、座位和材料")
def packet(request: HttpRequest, activity_id: int) -> PacketOut:
    a = get_activity_for_user(request.user, activity_id)
    p = selectors.packet(a, request.user, staff=is_staff(request.user, a.committee_id))
    materials = []
    for m in p.materials:
        available = services.is_available(m)
        materials.append(
            MaterialOut(
                id=m.pk,
                title=m.title,
                name=m.name,
                size=m.size,
                confidential=m.confidential,
                withdraw_after=m.withdraw_after,
                available=available,
                url=reverse("api:material_file", args=[m.pk]) if available else None,
            )
        )
    return PacketOut(
        **_meeting(a).model_dump(),
        agenda=p.agenda.text if p.agenda else "",
        seat=p.seat.seat if p.seat else "",
        group=p.seat.group if p.seat else "",
        materials=materials,
    )


@router.get("files/{int:material_id}", url_name="material_file", summary="材料文件（内部材料查阅留痕）")
def material_file(request: HttpRequest, material_id: int) -> FileResponse:
    return open_material(request, material_id)
