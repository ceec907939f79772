"""Chinese names of grassroots audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "grassroots.steps.changed": "修改平台协商步骤",
        "grassroots.group.created": "新建乡镇活动小组",
        "grassroots.convener.appointed": "任命活动小组召集人",
        "grassroots.convener.released": "免去活动小组召集人",
        "grassroots.profile.saved": "登记平台“五有”情况",
        "grassroots.members.assigned": "安排委员联系平台",
        "grassroots.members.unassigned": "取消委员联系平台",
        "grassroots.record.opened": "开始平台协商",
        "grassroots.record.step_done": "完成平台协商步骤",
        "grassroots.problem.raised": "登记群众反映问题",
        "grassroots.problem.resolved": "办结群众反映问题",
        "grassroots.problem.drafted": "群众反映问题生成提案草稿",
        "grassroots.record.photos_added": "补充平台协商现场照片",
        "grassroots.visit.recorded": "登记委员走访",
    },
    group="基层协商",
)


def _platform_url(obj: object) -> str:
    return reverse("grassroots:platform", args=[obj.platform_id])  # type: ignore[attr-defined]


register_kind("grassroots.group", "乡镇活动小组")
register_kind("grassroots.convener", "活动小组召集人", title=lambda c: str(c.user), related=("user",))
register_kind("grassroots.record", "平台协商", url=lambda r: r.get_absolute_url())
register_kind("grassroots.problem", "群众反映问题", url=_platform_url)
register_kind("grassroots.visit", "委员走访", url=_platform_url)
