"""Demo meeting materials for 青州市政协: the next planned activity demo_member is invited to gets
its agenda, a programme (PDF), an internal briefing marked confidential and to be withdrawn after
the meeting, and seats and groups for everyone invited — so the member's home page shows
近期会议的会议材料."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhengxie.consultations.models import Activity, Invitation
from zhengxie.org.models import Committee, Member

from . import services

CITY_CODE = "DEMO-01"


def pdf(text: str) -> bytes:
    """A small valid PDF (demo content only)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + text.encode("ascii", "ignore") + b"\n%%EOF\n"
    )


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_member"], field_name="username")
    staff, me = users["demo_activity_staff"], users["demo_member"]
    member = Member.objects.get(committee=city, person__user=me)
    activity = (
        Activity.objects.filter(
            committee=city,
            state=Activity.State.PLANNED,
            starts_at__gt=timezone.now(),
            invitations__member=member,
        )
        .order_by("starts_at")
        .first()
    )
    if activity is None:
        return
    services.agenda_save(
        activity=activity,
        by=staff,
        text="一、主持人介绍议题和与会人员\n二、有关部门通报情况\n三、委员发言（每人不超过8分钟）\n四、政协领导讲话",
    )
    services.material_add(
        activity=activity,
        by=staff,
        upload=SimpleUploadedFile("会议日程.pdf", pdf("programme"), content_type="application/pdf"),
        title="会议日程",
        confidential=False,
        withdraw_after=False,
    )
    services.material_add(
        activity=activity,
        by=staff,
        upload=SimpleUploadedFile("情况通报.pdf", pdf("briefing"), content_type="application/pdf"),
        title="有关部门情况通报（内部材料）",
        confidential=True,
        withdraw_after=True,
    )
    names = list(
        Invitation.objects.filter(activity=activity)
        .order_by("id")
        .values_list("member__person__name", flat=True)
    )
    unique = [n for n in names if names.count(n) == 1]
    lines = [f"{name} {n // 10 + 1}排{n % 10 + 1}座 第{n % 3 + 1}组" for n, name in enumerate(unique)]
    if lines:
        services.seats_assign(activity=activity, by=staff, text="\n".join(lines))
