"""Chinese names of the notices app's audit actions and records (lib.labels)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind


def _url(obj: Any) -> str:
    return reverse("notices:announcement_detail", args=[obj.pk])


register_actions(
    {
        "notices.announcement.published": "发布通知公告或通报",
        "notices.announcement.reminded": "提醒未读委员阅读",
        "notices.announcement.meeting_linked": "为通报安排通报会",
    },
    group="通知公告",
)
register_kind("notices.announcement", "通知公告", url=_url)
