"""Chinese names of 社情民意's audit actions and records (lib.labels). Adoptions and instructions
are shown with the item's title and open the authors' original item, where the whole chain is."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import TABLE


def _origin_url(obj: Any) -> str:
    return reverse("opinions:detail", args=[obj.origin_id])


register_actions(
    {
        "opinions.opinion.created": "撰写社情民意信息",
        "opinions.opinion.edited": "编辑社情民意信息",
        "opinions.opinion.merged_created": "合并形成新信息",
        "opinions.opinion.arrived": "下级政协报送到达",
        "opinions.opinion.referred": "由提案转来",
        "opinions.opinion.from_group": "由主题议政建议转来",
        "opinions.attachment.added": "上传附件",
        "opinions.issue.published": "编发刊物",
        "opinions.report.sent": "报送",
        "opinions.report.decided": "登记报送反馈",
        "opinions.report.status_changed": "上级处理情况反馈",
        "opinions.adoption.recorded": "登记采用情况",
        "opinions.instruction.recorded": "登记领导批示",
        "opinions.instruction.feedback": "登记批示落实情况",
        "opinions.tally.recorded": "记录单位积分",
        "opinions.tally.changed": "调整单位积分",
        "opinions.correspondent.added": "新增信息员或联络员",
        "opinions.correspondent.changed": "修改信息员或联络员",
    },
    group="社情民意",
)
register_workflow(TABLE, group="社情民意")

register_kind("opinions.correspondent", "信息员")
register_kind("opinions.issue", "社情民意刊物")
register_kind("opinions.opinion", "社情民意信息", url=lambda o: reverse("opinions:detail", args=[o.root_id]))
register_kind(
    "opinions.report",
    "社情民意报送",
    title=lambda r: f"《{r.opinion.title}》报{r.target_name}",
    url=lambda r: reverse("opinions:detail", args=[r.opinion_id]),
    related=("opinion",),
)
register_kind(
    "opinions.adoption",
    "社情民意采用",
    title=lambda a: f"《{a.opinion.title}》{a.recipient}{a.get_kind_display()}",
    url=_origin_url,
    related=("opinion",),
)
register_kind(
    "opinions.instruction",
    "领导批示",
    title=lambda i: f"《{i.opinion.title}》{i.leader_name}批示",
    url=_origin_url,
    related=("opinion",),
)
register_kind(
    "opinions.unittally",
    "单位积分",
    title=lambda t: f"{t.year}年 {t.points}分",
)
