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
    },
    group="年度工作计划",
)
register_workflow(YEAR_TABLE, group="年度工作计划")
register_kind("workplans.yearplan", "年度工作计划", url=lambda o: o.get_absolute_url())
register_kind("workplans.item", "计划项目", url=lambda o: o.get_absolute_url())
