"""Chinese names of the schedule's audit actions and records (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "schedule.entry.created": "登记工作预安排",
        "schedule.entry.deleted": "删除工作预安排",
        "schedule.feed.issued": "生成日历订阅地址",
        "schedule.feed.revoked": "停用日历订阅地址",
        "schedule.activity.leaders": "安排活动参加领导",
    },
    group="工作预安排",
)
register_kind("schedule.entry", "工作预安排")
