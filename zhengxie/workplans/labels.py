"""Chinese names of work plans' audit actions and records (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import YEAR_TABLE

register_actions(
    {
        "workplans.plan.created": "新建年度工作计划",
        "workplans.item.added": "添加计划项目",
        "workplans.item.removed": "删除计划项目",
        "workplans.item.arranged": "计划项目安排为活动",
        "workplans.supervisor.appointed": "聘任特约监督员",
        "workplans.finding.sent": "向部门送达民主监督意见",
        "workplans.finding.replied": "部门答复民主监督意见",
        "workplans.finding.rated": "评价部门答复",
        "workplans.finding.instructed": "民主监督意见转督办",
        "workplans.finding.implemented": "登记批示落实情况",
        "workplans.report.submitted": "报送特约监督员报告",
        "workplans.report.resubmitted": "重新报送特约监督员报告",
        "workplans.report.returned": "退回特约监督员报告",
        "workplans.report.forwarded": "特约监督员报告转送部门",
    },
    group="年度工作计划",
)
register_workflow(YEAR_TABLE, group="年度工作计划")
register_kind("workplans.yearplan", "年度工作计划", url=lambda o: o.get_absolute_url())
register_kind("workplans.item", "计划项目", url=lambda o: o.get_absolute_url())
register_kind(
    "workplans.supervisor", "特约监督员", title=lambda o: str(o.member), related=("member__person",)
)
register_kind("workplans.finding", "民主监督意见", url=lambda o: o.get_absolute_url())
register_kind("workplans.supervisorreport", "特约监督员报告", url=lambda o: o.get_absolute_url())
