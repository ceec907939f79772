"""Chinese names of the plenary's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import SPEECH_TABLE

register_actions(
    {
        "plenary.agenda.added": "添加全会议程",
        "plenary.agenda.removed": "删除全会议程",
        "plenary.group.created": "新建讨论组",
        "plenary.group.seated": "安排分组名单",
        "plenary.group.speech": "记录分组讨论发言",
        "plenary.call.opened": "发布大会发言征集",
        "plenary.speech.submitted": "提交大会发言",
        "plenary.speech.edited": "修改大会发言",
        "plenary.collection.printed": "印制大会发言汇编",
    },
    group="全体会议",
)
register_workflow(SPEECH_TABLE, group="全体会议")


def _own_url(obj: object) -> str:
    return obj.get_absolute_url()  # type: ignore[attr-defined]


register_kind(
    "plenary.agendaitem",
    "全会议程",
    url=lambda a: reverse("plenary:plenary_detail", args=[a.activity_id]),
)
register_kind(
    "plenary.discussiongroup",
    "讨论组",
    url=lambda g: reverse("plenary:plenary_detail", args=[g.activity_id]),
)
register_kind(
    "plenary.groupseat",
    "分组名单",
    title=lambda s: f"{s.group.name}（{s.member}）",
    url=lambda s: reverse("plenary:plenary_detail", args=[s.activity_id]),
    related=("group", "member__person"),
)
register_kind("plenary.speechcall", "大会发言征集", url=_own_url)
register_kind("plenary.speech", "大会发言", url=_own_url)
