"""The home page (工作台): each app contributes the pending items of the user's roles.

The providers are listed here explicitly, one `<app>/workbench.py` per app, so a reader sees every source of
pending work in one place. A provider returns `PendingItem`s for the user in one committee and
must run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhengxie.lib.pending import PendingItem

Provider = Callable[[Any, int], list[PendingItem]]


def _providers() -> list[Provider]:
    from zhengxie.accounts import workbench as accounts
    from zhengxie.assessment import workbench as assessment
    from zhengxie.audit import workbench as audit
    from zhengxie.consultations import workbench as consultations
    from zhengxie.duty import workbench as duty
    from zhengxie.exchange import workbench as exchange
    from zhengxie.grassroots import workbench as grassroots
    from zhengxie.groups import workbench as groups
    from zhengxie.joint import workbench as joint
    from zhengxie.learning import workbench as learning
    from zhengxie.materials import workbench as materials
    from zhengxie.notices import workbench as notices
    from zhengxie.opinions import workbench as opinions
    from zhengxie.org import workbench as org
    from zhengxie.participation import workbench as participation
    from zhengxie.plenary import workbench as plenary
    from zhengxie.proposals import unit_workbench as proposal_handling
    from zhengxie.proposals import workbench as proposals
    from zhengxie.publications import workbench as publications
    from zhengxie.supervision import workbench as supervision
    from zhengxie.surveys import workbench as surveys
    from zhengxie.workplans import workbench as workplans

    return [
        notices.pending_items,
        org.pending_items,
        accounts.pending_items,
        audit.pending_items,
        supervision.pending_items,
        duty.pending_items,
        proposals.pending_items,
        proposal_handling.pending_items,
        opinions.pending_items,
        consultations.pending_items,
        learning.pending_items,
        participation.pending_items,
        joint.pending_items,
        grassroots.pending_items,
        workplans.pending_items,
        plenary.pending_items,
        publications.pending_items,
        assessment.pending_items,
        groups.pending_items,
        surveys.pending_items,
        materials.pending_items,
        exchange.pending_items,
    ]


def pending_items(user: Any, committee_id: int | None) -> list[PendingItem]:
    if committee_id is None:
        return []
    items: list[PendingItem] = []
    for provider in _providers():
        items.extend(provider(user, committee_id))
    return items


# Entry points per role, shown under the pending items. Later apps add theirs here.
SHORTCUTS: dict[str, list[tuple[str, str]]] = {
    "member": [
        ("我的会议活动", "consultations:my_activities"),
        ("会议材料", "materials:index"),
        ("网络议政", "consultations:deliberation_list"),
        ("我的大会发言", "plenary:my_speeches"),
        ("主题议政", "groups:index"),
        ("问卷调查", "surveys:index"),
        ("建言协商议题", "consultations:topic_suggest"),
        ("我的履职", "duty:my_record"),
        ("我联系的平台", "grassroots:index"),
        ("日历订阅", "schedule:subscription"),
        ("申报履职活动", "duty:report_create"),
        ("报送社情民意", "opinions:submit"),
        ("委员学习", "learning:mine"),
        ("书香政协", "learning:groups"),
        ("提微建议", "participation:micro_submit"),
        ("工作室接待", "participation:reception_mine"),
        ("建言征集", "participation:campaign_list"),
        ("通知公告", "notices:announcements"),
        ("我的信息", "accounts:profile"),
        ("要闻动态", "news:index"),
        ("政协知识", "news:knowledge"),
        ("组群交流", "exchange:index"),
        ("委员通讯录", "exchange:contacts"),
        ("联系机关", "exchange:office"),
        ("特约监督", "workplans:supervise"),
        ("提案选题", "proposals:topics"),
    ],
    "proposal_staff": [
        ("提案审查", "proposals:queue"),
        ("代录提案", "proposals:enter"),
        ("提案统计", "reports:proposals"),
        ("集体提案数量", "proposals:quota"),
        ("提案工作规则", "proposals:settings"),
        ("微建议", "participation:micro_office"),
        ("问卷调查", "surveys:index"),
        ("委员名录", "org:member_list"),
        ("承办单位", "org:unit_list"),
        ("考评", "assessment:index"),
        ("组群交流", "exchange:index"),
        ("提案选题", "proposals:topics"),
    ],
    "info_staff": [
        ("社情民意信息", "opinions:queue"),
        ("主题议政", "groups:index"),
        ("议政建议", "groups:suggestion_list"),
        ("问卷调查", "surveys:index"),
        ("刊物期号", "opinions:issues"),
        ("微建议", "participation:micro_office"),
        ("建言征集", "participation:campaign_list"),
        ("社情民意统计", "opinions:stats"),
        ("委员名录", "org:member_list"),
        ("要闻动态", "news:index"),
        ("组群交流", "exchange:index"),
    ],
    "supervision_staff": [
        ("督办台账", "supervision:board"),
        ("登记督办事项", "supervision:item_create"),
        ("批量导入督办事项", "supervision:import"),
        ("督办通报", "supervision:bulletin_list"),
        ("承办单位", "org:unit_list"),
        ("考评", "assessment:index"),
        ("组群交流", "exchange:index"),
    ],
    "activity_staff": [
        ("协商议政", "consultations:index"),
        ("主题议政", "groups:index"),
        ("问卷调查", "surveys:index"),
        ("年度协商计划", "consultations:plan_list"),
        ("视察调研和民主监督计划", "workplans:index"),
        ("会议活动", "consultations:activity_list"),
        ("全体会议", "plenary:plenary_list"),
        ("刊物", "publications:index"),
        ("制度库", "regulations:index"),
        ("统筹日历", "consultations:calendar"),
        ("委员工作室", "participation:studio_list"),
        ("通知公告", "notices:announcements"),
        ("工作预安排", "schedule:index"),
        ("联办活动", "joint:list"),
        ("基层协商平台", "grassroots:index"),
        ("委员名录", "org:member_list"),
        ("履职活动审核", "duty:review_queue"),
        ("出席登记", "duty:sheet_list"),
        ("履职积分排名", "duty:rankings"),
        ("基本履职要求", "duty:minimums"),
        ("积分规则", "duty:rule_list"),
        ("学习课程管理", "learning:manage"),
        ("年度学习计划", "learning:plans"),
        ("读书心得", "learning:notes"),
        ("委员讲坛", "learning:lectures"),
        ("学习统计", "learning:figures"),
        ("考评", "assessment:index"),
        ("要闻动态", "news:index"),
        ("政协知识", "news:knowledge"),
        ("组群交流", "exchange:index"),
    ],
    "unit_clerk": [
        ("督办事项", "supervision:inbox"),
        ("微建议办理", "participation:micro_unit"),
        ("民主监督意见", "workplans:findings"),
        ("本单位信息", "org:unit_list"),
        ("本单位考评结果", "assessment:my_results"),
        ("问卷调查", "surveys:index"),
    ],
    "unit_leader": [("督办事项", "supervision:inbox"), ("微建议办理", "participation:micro_unit")],
    "leader": [
        ("我督办的事项", "supervision:leader"),
        ("提案统计", "reports:proposals"),
        ("工作预安排", "schedule:index"),
        ("日历订阅", "schedule:subscription"),
        ("社情民意签发", "opinions:queue"),
        ("协商议政", "consultations:index"),
        ("督办台账", "supervision:board"),
        ("委员名录", "org:member_list"),
        ("承办单位", "org:unit_list"),
        ("履职积分排名", "duty:rankings"),
        ("学习统计", "learning:figures"),
        ("考评结果", "assessment:index"),
        ("组群交流", "exchange:index"),
        ("领导点题", "proposals:topics"),
    ],
    "external_rater": [("我的评议", "assessment:my_tasks")],
    "unit_liaison": [("联办活动", "joint:list")],
    "sysadmin": [
        ("账号与角色", "org:user_list"),
        ("批量导入", "org:import_index"),
        ("组织机构", "org:structure"),
        ("节假日安排", "org:holiday_list"),
    ],
    "convener": [("本组协商平台", "grassroots:index"), ("基层协商统计", "grassroots:stats")],
    "secadmin": [("安全管理", "accounts:security")],
    "auditadmin": [("审计日志", "audit:event_list")],
}


def shortcuts(roles: set[str]) -> list[tuple[str, str]]:
    """(label, url name) pairs for the roles, without repeats, in a stable order."""
    seen: dict[str, str] = {}
    for role in sorted(roles):
        for label, name in SHORTCUTS.get(role, []):
            seen.setdefault(name, label)
    return [(label, name) for name, label in seen.items()]
