"""Chinese names of proposals' audit actions and records (lib.labels). Every record of a
proposal's handling is shown with the proposal's title and opens the proposal's page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import ASSIGNMENT_TABLE, REPLY_TABLE, TABLE


def _proposal_url(obj: Any) -> str:
    return reverse("proposals:detail", args=[obj.proposal_id])


def _of_proposal(obj: Any) -> str:
    return f"《{obj.proposal.title}》"


register_actions(
    {
        "proposals.proposal.drafted": "起草提案",
        "proposals.proposal.drafted_for_member": "为委员生成提案草稿",
        "proposals.proposal.entered_on_behalf": "代录提案",
        "proposals.destination.added": "增加不予立案去向",
        "proposals.destination.changed": "调整不予立案去向",
        "proposals.proposal.edited": "修改提案",
        "proposals.proposal.convener_confirmed": "召集人确认",
        "proposals.proposal.categorised": "调整提案类别",
        "proposals.proposal.key_selected": "确定为重点提案",
        "proposals.proposal.merge_moved": "并入其他提案",
        "proposals.proposal.merge_received": "合并其他提案",
        "proposals.proposal.referred": "转为社情民意信息",
        "proposals.attachment.added": "上传附件",
        "proposals.cosigner.answered": "联名人答复",
        "proposals.assignment.reassigned": "调整承办单位",
        "proposals.contact.recorded": "记录办理沟通",
        "proposals.proposer_contacts.viewed": "查看提案人完整联系电话",
        "proposals.extension.requested": "申请延期答复",
        "proposals.extension.approved": "同意延期答复",
        "proposals.extension.refused": "不同意延期答复",
        "proposals.reply.saved": "保存答复",
        "proposals.reply.cosigned": "会签答复",
        "proposals.rating.submitted": "评价办理情况",
        "proposals.rating.recorded_on_paper": "录入纸质评价表",
        "proposals.followup.recorded": "记录回头看结果",
        "proposals.proof.started": "校对提案文字",
        "proposals.assist.requested": "申请协助审查修改提案",
        "proposals.assist.answered": "反馈提案审查修改意见",
        "proposals.inspection.group_created": "成立三办督导组",
        "proposals.inspection.member_added": "添加督导组成员",
        "proposals.inspection.visit_planned": "安排督导承办单位",
        "proposals.inspection.proposals_picked": "选择督导查看的提案",
        "proposals.inspection.findings_recorded": "记录督导意见",
        "proposals.inspection.replied": "承办单位回复督导意见",
        "proposals.claims.window_set": "安排重点提案认领时间",
        "proposals.proposal.key_offered": "列为待认领的重点提案",
        "proposals.proposal.key_claimed": "领导认领督办重点提案",
        "proposals.proof.confirmed": "提案者确认校对稿",
        "proposals.topic.added": "提出提案选题",
        "proposals.topic.published": "发布提案选题",
        "proposals.topic.withdrawn": "撤回提案选题",
        "proposals.topic.taken": "委员领题",
        "proposals.proof.commented": "提案者对校对稿提出意见",
        "proposals.commendation.proposal": "评为优秀提案",
        "proposals.commendation.proposal_withdrawn": "撤销优秀提案",
        "proposals.commendation.unit": "评为先进承办单位",
        "proposals.commendation.unit_withdrawn": "撤销先进承办单位",
        "proposals.export.with_phones": "导出含联系电话的提案清单",
        "proposals.settings.changed": "修改提案工作规则",
    },
    group="提案",
)
register_workflow(TABLE, ASSIGNMENT_TABLE, REPLY_TABLE, group="提案")

register_kind("proposals.proposalsettings", "提案工作规则", title=lambda _: "")
register_kind("proposals.notfileddestination", "不予立案去向", title=lambda d: d.name)
register_kind(
    "proposals.assistrequest",
    "协助审查修改",
    title=lambda r: r.title,
    url=lambda r: reverse("proposals:assist_detail", args=[r.pk]),
)
register_kind(
    "proposals.claimwindow",
    "重点提案认领安排",
    title=lambda w: f"{w.year}年",
    url=lambda w: reverse("proposals:claims") + f"?year={w.year}",
)
register_kind(
    "proposals.suggestedtopic",
    "提案选题",
    title=lambda t: t.title,
    url=lambda t: reverse("proposals:topic_detail", args=[t.pk]),
)
register_kind(
    "proposals.proposal",
    "提案",
    title=lambda p: f"{p.number} {p.title}" if p.number else p.title,
    url=lambda p: reverse("proposals:detail", args=[p.pk]),
)
for object_type, name in (
    ("proposals.cosigner", "联名"),
    ("proposals.reviewnote", "审查意见"),
    ("proposals.assignment", "提案交办"),
    ("proposals.contact", "办理沟通"),
    ("proposals.coopinion", "会办意见"),
    ("proposals.reply", "提案答复"),
    ("proposals.rating", "办理评价"),
):
    register_kind(object_type, name, title=_of_proposal, url=_proposal_url, related=("proposal",))
register_kind(
    "proposals.objection",
    "改办申请",
    title=lambda o: f"《{o.assignment.proposal.title}》",
    url=lambda o: reverse("proposals:detail", args=[o.assignment.proposal_id]),
    related=("assignment__proposal",),
)
register_kind(
    "proposals.extension",
    "提案延期申请",
    title=lambda e: f"《{e.assignment.proposal.title}》",
    url=lambda e: reverse("proposals:detail", args=[e.assignment.proposal_id]),
    related=("assignment__proposal",),
)
register_kind(
    "proposals.commendation",
    "表彰",
    title=lambda c: (
        f"{c.year}年{c.get_kind_display()}" + (f"《{c.proposal.title}》" if c.proposal_id else "")
    ),
    url=lambda c: reverse("proposals:detail", args=[c.proposal_id]) if c.proposal_id else "",
    related=("proposal",),
)
register_kind("proposals.inspectiongroup", "三办督导组", title=lambda g: f"{g.year}年{g.name}")
register_kind(
    "proposals.inspectionvisit",
    "三办督导",
    title=lambda v: f"督导{v.unit.name}",
    url=lambda v: reverse("proposals:inspection_visit", args=[v.pk]),
    related=("unit",),
)
