"""Chinese names of topic groups' audit actions and records (lib.labels)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "groups.group.created": "开设主题议政群",
        "groups.group.closed": "关闭主题议政群",
        "groups.post.created": "在主题议政群发言",
        "groups.post.hidden": "隐藏议政群帖子",
        "groups.suggestion.created": "整理议政建议",
        "groups.suggestion.sent": "议政建议转社情民意",
        "groups.suggestion.sent_as_proposal": "议政建议转提案草稿",
        "groups.suggestion.sent_to_consultation": "议政建议送交协商",
    },
    group="主题议政",
)


def _group_url(obj: Any) -> str:
    return reverse("groups:detail", args=[obj.group_id])


register_kind("groups.topicgroup", "主题议政群", url=lambda obj: reverse("groups:detail", args=[obj.pk]))
register_kind("groups.post", "议政群帖子", title=lambda obj: obj.body[:30], url=_group_url)
register_kind("groups.suggestion", "议政建议", url=lambda obj: reverse("groups:suggestion", args=[obj.pk]))
