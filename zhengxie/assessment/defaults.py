"""The schemes a committee starts from (committees edit them): proposal handling on seed 003's
100-point scale, the committee's offices in the shape of seed 000 (8 first-level and 40
second-level indicators), and special committees (seed 002's 赛马比拼).

Each first-level indicator is (name, [(name, points, method, formula or rater weights, standard)]).
"""

from __future__ import annotations

from typing import Any

from .models import Method, SubjectKind

A, R, E = Method.AUTO, Method.RATING, Method.EVIDENCE

Row = tuple[str, float, str, Any, str]

PROPOSAL_HANDLING: list[tuple[str, list[Row]]] = [
    (
        "办理时效",
        [
            ("按期答复", 20, A, "reply_on_time", ""),
            (
                "答复件规范报送",
                5,
                E,
                None,
                "答复件格式规范、签发领导和联系人齐全、按时报送提案委，材料齐全得满分",
            ),
        ],
    ),
    (
        "沟通协商",
        [
            ("办前沟通", 10, A, "pre_contact_rate", ""),
            ("办理全程沟通", 10, A, "contact_rate", ""),
        ],
    ),
    (
        "答复质量",
        [
            (
                "答复内容质量",
                20,
                R,
                {"staff": 40, "leader": 30, "proposer": 30},
                "答复针对提案所提问题逐条回应，措施具体、时限明确、不敷衍",
            ),
        ],
    ),
    ("提案者满意度", [("满意度测评", 20, A, "satisfaction", "")]),
    (
        "落实成效",
        [
            ("答复承诺落实（回头看）", 10, A, "b_followup", ""),
            ("督办事项办理", 5, A, "supervision_no_red", ""),
        ],
    ),
]

_OFFICE_GROUPS = [
    ("政治建设", ["理论学习", "意识形态工作", "党组决策部署落实", "政治纪律和规矩", "主题教育"]),
    ("履职服务", ["协商活动服务", "委员服务管理", "会议服务保障", "提案工作服务", "社情民意服务"]),
    ("督查督办", ["年度重点任务落实", "督办事项按期办结", "领导批示落实", "会议议定事项落实", "督办通报"]),
    ("机关党建", ["基层组织建设", "党员教育管理", "党风廉政建设", "作风建设", "模范机关创建"]),
    ("机关效能", ["公文办理", "会议精简", "制度执行", "信息化应用", "保密工作"]),
    ("文明创建", ["文明单位创建", "志愿服务", "机关文化建设", "宣传报道", "服务对象满意度"]),
    ("队伍建设", ["干部教育培训", "年轻干部培养", "考勤管理", "人才队伍建设", "能力作风建设"]),
    ("综合评价", ["领导评价", "处室互评", "委员评价", "创新工作", "加减分事项"]),
]
_OFFICE_RATED = {
    "领导评价": {"leader": 100},
    "处室互评": {"staff": 100},
    "委员评价": {"member": 100},
    "服务对象满意度": {"member": 50, "external": 50},
}

OFFICES: list[tuple[str, list[Row]]] = [
    (
        group,
        [
            (name, 2.5, R, _OFFICE_RATED[name], "")
            if name in _OFFICE_RATED
            else (name, 2.5, E, None, "对照年度任务清单审核佐证材料，全部完成得满分，未完成的按比例扣分")
            for name in names
        ],
    )
    for group, names in _OFFICE_GROUPS
]

SPECIAL_COMMITTEES: list[tuple[str, list[Row]]] = [
    (
        "协商议政",
        [
            ("牵头履职活动", 20, A, "activities_held", ""),
            (
                "协商成果质量",
                20,
                R,
                {"leader": 40, "member": 30, "external": 30},
                "选题精准、调研深入、建议可行，成果获党政领导批示或采纳的加分",
            ),
        ],
    ),
    (
        "提案工作",
        [
            ("集体提案", 10, A, "collective_proposals", ""),
            ("重点提案督办", 10, E, None, "按分工牵头督办重点提案，有督办记录和成效"),
        ],
    ),
    (
        "委员服务",
        [
            ("联系服务委员", 10, E, None, "建立联系委员制度，组织本委员会委员参加活动"),
            ("委员评价", 10, R, {"member": 100}, ""),
        ],
    ),
    (
        "自身建设",
        [
            ("学习和制度建设", 10, E, None, "有年度学习计划和工作制度，执行有记录"),
            ("创新工作", 10, R, {"leader": 100}, "工作有创新、有特色，形成可推广的经验"),
        ],
    ),
]

DEFAULTS: dict[str, tuple[str, list[tuple[str, list[Row]]], bool]] = {
    SubjectKind.UNIT: ("承办单位提案办理工作考核", PROPOSAL_HANDLING, True),
    SubjectKind.OFFICE: ("机关处室绩效考评", OFFICES, False),
    SubjectKind.SPECIAL: ("专门委员会履职考评", SPECIAL_COMMITTEES, True),
}
