"""Chinese names of the participation app's audit actions and records (lib.labels)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import TABLE


def _micro_url(obj: Any) -> str:
    return reverse("participation:micro_detail", args=[obj.pk])


def _reception_url(obj: Any) -> str:
    return reverse("participation:reception_detail", args=[obj.pk])


def _campaign_url(obj: Any) -> str:
    return reverse("participation:campaign_detail", args=[obj.pk])


register_actions(
    {
        "participation.micro.submitted": "提出微建议",
        "participation.micro.routed": "交办微建议",
        "participation.micro.declined": "微建议不予交办",
        "participation.micro.answered": "答复微建议",
        "participation.micro.returned": "办理单位退回微建议",
        "participation.micro.rated": "评价微建议答复",
        "participation.micro.to_opinion": "微建议转社情民意",
        "participation.micro.to_proposal": "微建议转提案草稿",
        "participation.micro.chased": "催办逾期微建议",
        "participation.settings.changed": "修改微建议时限",
        "participation.studio.saved": "保存委员工作室",
        "participation.reception.recorded": "登记工作室接待",
        "participation.reception.solved": "接待问题当场解决",
        "participation.reception.to_micro": "接待问题转微建议",
        "participation.reception.to_opinion": "接待问题转社情民意",
        "participation.reception.to_proposal": "接待问题转提案草稿",
        "participation.reception.viewed": "查看来访人信息",
        "participation.campaign.opened": "发起建言征集",
        "participation.campaign.closed": "结束建言征集",
        "participation.campaign.to_opinion": "征集综述转社情民意",
        "participation.contribution.received": "收到建言",
        "participation.contribution.moderated": "审核建言",
        "participation.contribution.replied": "回复建言",
        "participation.contribution.viewed": "查看建言人信息",
        "participation.campaign.to_consultation": "征集综述送交协商",
        "participation.phone_code.sent": "发送公众建言短信验证码",
    },
    group="委员联系群众",
)
register_workflow(TABLE, group="委员联系群众")
register_kind("participation.microsuggestion", "微建议", url=_micro_url)
register_kind("participation.reception", "工作室接待记录", url=_reception_url)
register_kind("participation.studio", "委员工作室")
register_kind("participation.campaign", "建言征集", url=_campaign_url)
register_kind(
    "participation.contribution", "建言", url=lambda o: _campaign_url(o.campaign), related=("campaign",)
)
register_kind("participation.channelsettings", "微建议时限")
register_kind("participation.phonecode", "短信验证码")
