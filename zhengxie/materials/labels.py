"""Chinese names of meeting materials' audit actions and records (lib.labels)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "materials.agenda.saved": "保存会议议程",
        "materials.material.added": "上传会议材料",
        "materials.material.downloaded": "查阅涉密会议材料",
        "materials.material.withdrawn": "会后收回会议材料",
        "materials.seats.assigned": "安排座位和分组",
    },
    group="会议材料",
)


def _activity_url(obj: Any) -> str:
    return reverse("materials:activity", args=[obj.activity_id])


register_kind("materials.material", "会议材料", title=lambda obj: obj.title, url=_activity_url)
