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


# Entry points per role, shown under the pending items in a few groups, so that a member on a
# phone first sees a handful of group names rather than thirty buttons. Later apps add theirs here.
Shortcut = tuple[str, str]  # (label, url name)
ShortcutGroup = tuple[str, list[Shortcut]]  # (group title, its shortcuts)

PROPOSALS = "提案与建言"
MEETINGS = "会议活动"
SUPERVISION = "督查督办"
LEARNING = "学习与交流"
MY_DUTY = "我的履职"
DUTY = "履职与考评"
RECORDS = "名录与统计"
SYSTEM = "常用功能"
# The order the groups stand in on the home page (a user with several roles sees them merged).
GROUP_ORDER = [PROPOSALS, MEETINGS, SUPERVISION, LEARNING, MY_DUTY, DUTY, RECORDS, SYSTEM]

SHORTCUTS: dict[str, list[ShortcutGroup]] = {
    "member": [
        (
            PROPOSALS,
            [
                ("提微建议", "participation:micro_submit"),
                ("报送社情民意", "opinions:submit"),
                ("提案选题", "proposals:topics"),
                ("建言征集", "participation:campaign_list"),
                ("建言协商议题", "consultations:topic_suggest"),
                ("主题议政", "groups:index"),
                ("问卷调查", "surveys:index"),
                ("特约监督", "workplans:supervise"),
            ],
        ),
        (
            MEETINGS,
            [
                ("我的会议活动", "consultations:my_activities"),
                ("会议材料", "materials:index"),
                ("网络议政", "consultations:deliberation_list"),
                ("我的大会发言", "plenary:my_speeches"),
                ("工作室接待", "participation:reception_mine"),
                ("我联系的平台", "grassroots:index"),
                ("日历订阅", "schedule:subscription"),
            ],
        ),
        (
            LEARNING,
            [
                ("委员学习", "learning:mine"),
                ("书香政协", "learning:groups"),
                ("要闻动态", "news:index"),
                ("政协知识", "news:knowledge"),
                ("通知公告", "notices:announcements"),
                ("组群交流", "exchange:index"),
                ("委员通讯录", "exchange:contacts"),
                ("联系机关", "exchange:office"),
            ],
        ),
        (
            MY_DUTY,
            [
                ("我的履职", "duty:my_record"),
                ("申报履职活动", "duty:report_create"),
                ("我的信息", "accounts:profile"),
            ],
        ),
    ],
    "proposal_staff": [
        (
            PROPOSALS,
            [
                ("提案审查", "proposals:queue"),
                ("代录提案", "proposals:enter"),
                ("提案选题", "proposals:topics"),
                ("集体提案数量", "proposals:quota"),
                ("提案工作规则", "proposals:settings"),
                ("微建议", "participation:micro_office"),
                ("问卷调查", "surveys:index"),
            ],
        ),
        (LEARNING, [("组群交流", "exchange:index")]),
        (DUTY, [("考评", "assessment:index")]),
        (
            RECORDS,
            [
                ("提案统计", "reports:proposals"),
                ("委员名录", "org:member_list"),
                ("承办单位", "org:unit_list"),
            ],
        ),
    ],
    "info_staff": [
        (
            PROPOSALS,
            [
                ("社情民意信息", "opinions:queue"),
                ("刊物期号", "opinions:issues"),
                ("主题议政", "groups:index"),
                ("议政建议", "groups:suggestion_list"),
                ("微建议", "participation:micro_office"),
                ("建言征集", "participation:campaign_list"),
                ("问卷调查", "surveys:index"),
            ],
        ),
        (LEARNING, [("要闻动态", "news:index"), ("组群交流", "exchange:index")]),
        (RECORDS, [("社情民意统计", "opinions:stats"), ("委员名录", "org:member_list")]),
    ],
    "supervision_staff": [
        (
            SUPERVISION,
            [
                ("督办台账", "supervision:board"),
                ("登记督办事项", "supervision:item_create"),
                ("批量导入督办事项", "supervision:import"),
                ("督办通报", "supervision:bulletin_list"),
            ],
        ),
        (LEARNING, [("组群交流", "exchange:index")]),
        (DUTY, [("考评", "assessment:index")]),
        (RECORDS, [("承办单位", "org:unit_list")]),
    ],
    "activity_staff": [
        (PROPOSALS, [("主题议政", "groups:index"), ("问卷调查", "surveys:index")]),
        (
            MEETINGS,
            [
                ("协商议政", "consultations:index"),
                ("会议活动", "consultations:activity_list"),
                ("年度协商计划", "consultations:plan_list"),
                ("视察调研和民主监督计划", "workplans:index"),
                ("全体会议", "plenary:plenary_list"),
                ("统筹日历", "consultations:calendar"),
                ("工作预安排", "schedule:index"),
                ("联办活动", "joint:list"),
                ("基层协商平台", "grassroots:index"),
                ("委员工作室", "participation:studio_list"),
            ],
        ),
        (
            LEARNING,
            [
                ("学习课程管理", "learning:manage"),
                ("年度学习计划", "learning:plans"),
                ("读书心得", "learning:notes"),
                ("委员讲坛", "learning:lectures"),
                ("要闻动态", "news:index"),
                ("政协知识", "news:knowledge"),
                ("通知公告", "notices:announcements"),
                ("刊物", "publications:index"),
                ("制度库", "regulations:index"),
                ("组群交流", "exchange:index"),
            ],
        ),
        (
            DUTY,
            [
                ("履职活动审核", "duty:review_queue"),
                ("出席登记", "duty:sheet_list"),
                ("履职积分排名", "duty:rankings"),
                ("基本履职要求", "duty:minimums"),
                ("积分规则", "duty:rule_list"),
                ("考评", "assessment:index"),
            ],
        ),
        (RECORDS, [("委员名录", "org:member_list"), ("学习统计", "learning:figures")]),
    ],
    "unit_clerk": [
        (
            SYSTEM,
            [
                ("督办事项", "supervision:inbox"),
                ("微建议办理", "participation:micro_unit"),
                ("民主监督意见", "workplans:findings"),
                ("本单位信息", "org:unit_list"),
                ("本单位考评结果", "assessment:my_results"),
                ("问卷调查", "surveys:index"),
            ],
        )
    ],
    "unit_leader": [
        (SYSTEM, [("督办事项", "supervision:inbox"), ("微建议办理", "participation:micro_unit")])
    ],
    "leader": [
        (PROPOSALS, [("领导点题", "proposals:topics"), ("社情民意签发", "opinions:queue")]),
        (
            MEETINGS,
            [
                ("协商议政", "consultations:index"),
                ("工作预安排", "schedule:index"),
                ("日历订阅", "schedule:subscription"),
            ],
        ),
        (SUPERVISION, [("我督办的事项", "supervision:leader"), ("督办台账", "supervision:board")]),
        (LEARNING, [("组群交流", "exchange:index")]),
        (DUTY, [("履职积分排名", "duty:rankings"), ("考评结果", "assessment:index")]),
        (
            RECORDS,
            [
                ("提案统计", "reports:proposals"),
                ("学习统计", "learning:figures"),
                ("委员名录", "org:member_list"),
                ("承办单位", "org:unit_list"),
            ],
        ),
    ],
    "external_rater": [(SYSTEM, [("我的评议", "assessment:my_tasks")])],
    "unit_liaison": [(MEETINGS, [("联办活动", "joint:list")])],
    "sysadmin": [
        (
            SYSTEM,
            [
                ("账号与角色", "org:user_list"),
                ("批量导入", "org:import_index"),
                ("组织机构", "org:structure"),
                ("节假日安排", "org:holiday_list"),
            ],
        )
    ],
    "convener": [(SYSTEM, [("本组协商平台", "grassroots:index"), ("基层协商统计", "grassroots:stats")])],
    "secadmin": [(SYSTEM, [("安全管理", "accounts:security")])],
    "auditadmin": [(SYSTEM, [("审计日志", "audit:event_list")])],
}


def shortcuts(roles: set[str]) -> list[ShortcutGroup]:
    """The roles' shortcuts in their groups, in GROUP_ORDER, each shortcut once (in the first group
    that has it) and no empty group."""
    groups: dict[str, list[Shortcut]] = {title: [] for title in GROUP_ORDER}
    seen: set[str] = set()
    for title in GROUP_ORDER:
        for role in sorted(roles):
            for group_title, entries in SHORTCUTS.get(role, []):
                if group_title != title:
                    continue
                for label, name in entries:
                    if name not in seen:
                        seen.add(name)
                        groups[title].append((label, name))
    return [(title, entries) for title, entries in groups.items() if entries]
