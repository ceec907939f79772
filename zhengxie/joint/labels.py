"""Chinese names of joint activities' audit actions and records (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import CO_ORGANISER_TABLE

register_actions(
    {
        "joint.co_organiser.added": "添加联办单位",
        "joint.co_organiser.invited": "邀请其他政协联办",
        "joint.co_organiser.withdrawn": "撤回联办邀请",
        "joint.co_organiser.venue_set": "设置分会场",
        "joint.members.invited": "联办单位邀请本会委员",
        "joint.attendance.set": "联办单位登记本会委员出席",
        "joint.venue.signed_in": "分会场扫码签到",
        "joint.unit_members.invited": "党派团体邀请本党派团体委员",
        "joint.unit_attendance.set": "党派团体登记本党派团体委员出席",
    },
    group="联办活动",
)
register_workflow(CO_ORGANISER_TABLE, group="联办活动")
register_kind(
    "joint.coorganiser",
    "联办单位",
    title=lambda o: f"{o.activity.title}（{o.name}）",
    url=lambda o: o.get_absolute_url(),
    related=("activity", "partner", "unit"),
)
