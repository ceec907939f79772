"""Chinese names of supervision's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import TABLE


def _item_url(item_id: int) -> str:
    return reverse("supervision:item_detail", args=[item_id])


register_actions(
    {
        "supervision.item.registered": "立项登记",
        "supervision.item.updated": "修改事项",
        "supervision.item.approved": "领导审核通过",
        "supervision.item.issued": "下发",
        "supervision.item.signed": "签收",
        "supervision.item.return_requested": "申请退办",
        "supervision.item.return_accepted": "同意退办",
        "supervision.item.return_refused": "不同意退办",
        "supervision.item.progress_reported": "报送进度",
        "supervision.item.completion_reported": "报送办结报告",
        "supervision.item.completion_returned": "办结报告退回",
        "supervision.item.accepted": "核实通过，办结",
        "supervision.item.closed": "销号归档",
        "supervision.item.cancelled": "撤销",
        "supervision.item.colour_changed": "预警变化",
        "supervision.item.reassigned_by_source": "来源调整承办单位",
        "supervision.item.co_unit_replaced_by_source": "来源调整协办单位",
        "supervision.item.settled_by_source": "来源事项已办结，督办完成",
        "supervision.extension.requested": "申请延期",
        "supervision.extension.approved": "同意延期",
        "supervision.extension.refused": "不同意延期",
        "supervision.extension.granted_by_source": "来源事项延期",
        "supervision.special_report.created": "编发督查专报",
        "supervision.bulletin.issued": "印发督办情况通报",
        "supervision.policy.changed": "修改预警规则",
        "supervision.source.added": "新增督办来源",
        "supervision.source.changed": "修改督办来源",
    },
    group="督查督办",
)
register_workflow(TABLE, group="督查督办")

register_kind("supervision.item", "督办事项", url=lambda i: _item_url(i.pk))
register_kind("supervision.itemsource", "督办来源")
register_kind("supervision.warningpolicy", "预警规则", title=lambda _: "")
register_kind(
    "supervision.progressreport",
    "督办进度",
    title=lambda r: f"{r.item}（{r.percent}%）",
    url=lambda r: _item_url(r.item_id),
    related=("item",),
)
register_kind(
    "supervision.extension",
    "督办延期申请",
    title=lambda e: str(e.item),
    url=lambda e: _item_url(e.item_id),
    related=("item",),
)
register_kind("supervision.bulletin", "督办情况通报")
register_kind("supervision.specialreport", "督查专报")
