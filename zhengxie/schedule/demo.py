"""Demo forward schedule for 青州市政协: this week's and next week's leaders' meetings, a trip and
a publication beside the activities, with the leader booked twice on one day (a clash to see)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.demo import DEMO_CODE
from zhengxie.org.models import Committee

from . import services


def load() -> None:
    city = Committee.objects.get(code=f"{DEMO_CODE}-01")
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_leader"], field_name="username")
    staff, leader = users["demo_activity_staff"], users["demo_leader"]
    today = timezone.localdate()

    def at(days: int, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))

    for days, hour, kind, title, place, leaders in (
        (1, 9, "meeting", "秘书长办公会", "政协四楼会议室", [leader]),
        (1, 15, "meeting", "主席会议", "政协四楼会议室", [leader]),
        (3, 8, "trip", "赴省政协汇报三级联动工作", "省政协", [leader]),
        (5, 9, "publication", "《青州政协》第6期付印", "", []),
        (8, 9, "meeting", "专委会主任会议", "政协三楼会议室", []),
    ):
        services.entry_create(
            committee_id=city.pk, by=staff, kind=kind, title=title, starts_at=at(days, hour),
            ends_at=at(days, hour) + timedelta(hours=2), place=place, organiser="办公室", leaders=leaders,
        )  # fmt: skip
