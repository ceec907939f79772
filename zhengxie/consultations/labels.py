"""Chinese names of consultations' audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import ACTIVITY_TABLE, PLAN_TABLE, STEP_TABLE

register_actions(
    {
        "consultations.consultation.opened": "立项（确定议题）",
        "consultations.consultation.scheduled": "确定会议日期",
        "consultations.plan.created": "新建年度协商计划",
        "consultations.topic.suggested": "建言协商议题",
        "consultations.topic.decided": "确定协商议题",
        "consultations.document.added": "添加协商材料",
        "consultations.document.input_received": "收到意见建议素材",
        "consultations.activity.created": "新建会议活动",
        "consultations.activity.invited": "邀请参加会议活动",
        "consultations.invitation.registered": "报名参加",
        "consultations.invitation.leave_requested": "请假",
        "consultations.invitation.leave_decided": "审批请假",
        "consultations.invitation.signed_in": "签到",
        "consultations.invitation.attendance_set": "登记出席情况",
        "consultations.invitation.speech": "记录发言",
        "consultations.deliberation.opened": "发布网络议政",
        "consultations.deliberation.summarised": "形成网络议政意见综述",
        "consultations.comment.posted": "发表议政意见",
        "consultations.comment.moderated": "屏蔽议政意见",
        "consultations.comment.useful": "标记有效发言",
        "consultations.outcome.created": "形成协商成果",
        "consultations.outcome.submitted": "报送协商成果",
        "consultations.outcome.instructed": "记录领导批示",
        "consultations.outcome.feedback": "记录采纳反馈",
        "consultations.instruction.implemented": "批示落实情况反馈",
        "consultations.rating.saved": "协商质量评价",
        "consultations.platform.created": "新建基层协商平台",
        "consultations.platform.activity_recorded": "记录基层协商活动",
        "consultations.platform.members_added": "添加参加委员",
        "consultations.platform.member_removed": "移出参加委员",
        "consultations.form.added": "新增协商形式",
        "consultations.form.changed": "修改协商形式",
        "consultations.steps.changed": "修改步骤时限",
        "consultations.rubric.changed": "修改质量评价细则",
        "consultations.review.requested": "送评审",
        "consultations.review.decided": "提交评审意见",
        "consultations.requirement.changed": "修改协商年度要求",
        "consultations.trip_report.opened": "视察调研报告待提交",
        "consultations.trip_report.submitted": "提交视察调研报告",
        "consultations.case.selected": "选为协商案例",
        "consultations.case.changed": "修改协商案例",
    },
    group="协商议政",
)
register_workflow(PLAN_TABLE, STEP_TABLE, ACTIVITY_TABLE, group="协商议政")


def _own_url(obj: object) -> str:
    return obj.get_absolute_url()  # type: ignore[attr-defined]


register_kind("consultations.consultationform", "协商形式")
register_kind("consultations.steprule", "步骤时限")
register_kind("consultations.plan", "年度协商计划")
register_kind("consultations.topic", "协商议题")
register_kind("consultations.consultation", "协商", url=_own_url)
register_kind("consultations.document", "协商材料")
register_kind("consultations.outcome", "协商成果", url=_own_url)
register_kind("consultations.instruction", "协商成果批示", url=_own_url)
register_kind("consultations.activity", "会议活动", url=_own_url)
register_kind(
    "consultations.invitation",
    "活动邀请",
    title=lambda i: f"{i.activity.title}（{i.member}）",
    url=lambda i: reverse("consultations:activity_detail", args=[i.activity_id]),
    related=("activity", "member__person"),
)
register_kind("consultations.deliberation", "网络议政", url=_own_url)
register_kind("consultations.comment", "网络议政发言", url=_own_url)
register_kind("consultations.rubricitem", "质量评价细则")
register_kind("consultations.rating", "协商质量评价", title=lambda r: "")
register_kind("consultations.platform", "基层协商平台")
register_kind(
    "consultations.platformactivity",
    "基层协商活动",
    url=lambda a: reverse("consultations:platform_detail", args=[a.platform_id]),
    staff_only=True,
)
register_kind("consultations.review", "协商评审", title=lambda r: r.get_kind_display(), url=_own_url)
register_kind("consultations.requirement", "协商年度要求")
register_kind("consultations.tripreport", "视察调研报告", url=_own_url)
register_kind("consultations.case", "协商案例", url=_own_url)
