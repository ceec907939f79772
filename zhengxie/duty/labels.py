"""Chinese names of duty records' audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import TABLE

register_actions(
    {
        "duty.report.submitted": "提交履职活动申报",
        "duty.report.approved": "履职活动申报审核通过",
        "duty.report.returned": "履职活动申报退回修改",
        "duty.report.resubmitted": "重新提交履职活动申报",
        "duty.report.withdrawn": "撤回履职活动申报",
        "duty.points.recorded": "记录履职积分",
        "duty.points.reversed": "冲正履职积分",
        "duty.points.rescored": "按新规则重算积分",
        "duty.rule.created": "新增积分规则",
        "duty.rule.updated": "修改积分规则",
        "duty.settings.updated": "修改年度履职设置",
        "duty.year.opened": "开启履职年度",
        "duty.attendance.recorded": "登记出席情况",
        "duty.attendance.sheet_created": "新建出席登记表",
        "duty.interview.recorded": "记录约谈",
        "duty.standing_report.replaced": "重新提交常委履职报告",
    },
    group="委员履职",
)
register_workflow(TABLE, group="委员履职")

register_kind("duty.yearsettings", "年度履职设置")
register_kind("duty.rule", "积分规则")
register_kind(
    "duty.pointentry",
    "履职积分",
    title=lambda e: f"{e.year}年 {e.rule.code} {e.rule.title} {e.points:+}分",
    related=("rule",),
)
register_kind(
    "duty.activityreport",
    "履职活动申报",
    title=lambda r: r.title,
    url=lambda r: reverse("duty:report_detail", args=[r.pk]),
)
register_kind(
    "duty.attendancesheet",
    "出席登记",
    title=lambda s: f"{s.get_kind_display()}：{s.title}（{s.held_on:%Y-%m-%d}）",
    url=lambda s: reverse("duty:sheet_detail", args=[s.pk]),
    staff_only=True,
)
register_kind(
    "duty.attendanceline",
    "出席情况",
    title=lambda line: f"{line.member}（{line.get_status_display()}）",
    related=("member__person",),
)
register_kind(
    "duty.standingreport",
    "常委年度履职报告",
    title=lambda r: f"{r.year}年度",
    url=lambda r: reverse("duty:standing_report"),
)
register_kind("duty.interview", "约谈")
