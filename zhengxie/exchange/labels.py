"""Chinese names of group exchange's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "exchange.group.created": "建立交流群",
        "exchange.member.added": "添加交流群成员",
        "exchange.member.removed": "移出交流群成员",
        "exchange.member.left": "退出交流群",
        "exchange.message.posted": "在交流群发消息",
        "exchange.messages.purged": "清理超过保存期限的交流消息",
        "exchange.settings.updated": "修改组群交流设置",
        "exchange.office.opened": "委员给机关留言",
        "exchange.contact.card_updated": "修改通讯录公开设置",
        "exchange.contact.phone_viewed": "查看委员手机号码",
    },
    group="组群交流",
)

register_kind("exchange.group", "交流群", url=lambda obj: reverse("exchange:members", args=[obj.pk]))
register_kind("exchange.message", "交流消息", title=lambda obj: obj.body[:30] or "（附件）")
register_kind("exchange.exchangesettings", "组群交流设置")
register_kind("exchange.contactcard", "通讯录公开设置")
