"""The default duty-points table and yearly settings (domain reference §3.3), loaded for a
committee-year that has no rules of its own and no previous year to copy from.

Data, not code: staff change points, caps and flags per committee and year on the rules page.
Each row: code, category, title, points, unit, yearly cap (None = no cap), split among co-authors,
needs evidence, needs approval (members may report it), fed automatically by another module,
variants (label -> points, for items whose value depends on level or role).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class DefaultRule:
    code: str
    category: str
    title: str
    points: str
    unit: str
    cap: int | None
    split: str = "full"
    evidence: bool = False
    reportable: bool = False
    auto: bool = False
    variants: dict[str, str] = field(default_factory=dict)

    @property
    def points_decimal(self) -> Decimal:
        return Decimal(self.points)


# A principal leader's (主要领导) instruction scores 1.5 times its level (domain reference §2.4).
# The products are stored as the rule's own variants ("市级主要领导"), so a committee changes them
# on the rules page like any other points.
PRINCIPAL_FACTOR = Decimal("1.5")
PRINCIPAL_SUFFIX = "主要领导"


def instruction_variants(by_level: dict[str, str]) -> dict[str, str]:
    """S05's variants: the points per leader level, then the principal leader's per level."""
    principal = {
        f"{level}{PRINCIPAL_SUFFIX}": format((Decimal(points) * PRINCIPAL_FACTOR).normalize(), "f")
        for level, points in by_level.items()
    }
    return {**by_level, **principal}


R = DefaultRule
RULES: tuple[DefaultRule, ...] = (
    R("M01", "meeting", "出席全体会议（全程）", "20", "次", 20, auto=True),
    R("M02", "meeting", "全体会议分组讨论发言", "2", "次", 6, auto=True),
    R("M03", "meeting", "常委出席常委会议", "5", "次", 20, auto=True),
    R("M04", "meeting", "出席专题议政性常委会、专题协商会、双周协商、对口协商等", "4", "次", 16, auto=True),
    R("M05", "meeting", "大会发言（口头）", "8", "次", 16, auto=True),
    R("M06", "meeting", "书面发言被大会或常委会采用", "4", "篇", 12, auto=True),
    # A speech at a 常委会议 or at a consultation meeting (专题协商会、双周协商、对口协商、远程协商)
    # is worth less than a plenary speech (M05) and more than one in a group discussion (M02).
    R("M07", "meeting", "常委会议发言", "4", "次", 12, auto=True),
    R("M08", "meeting", "协商会议发言（专题协商、双周协商、对口协商等）", "3", "次", 12, auto=True),
    R("D01", "deduction", "全体会议无故缺席", "-20", "次", None, auto=True),
    R("D02", "deduction", "全体会议请假缺席", "-5", "次", None, auto=True),
    R(
        "D03",
        "deduction",
        "常委会议缺席",
        "-5",
        "次",
        None,
        auto=True,
        variants={"无故缺席": "-5", "请假缺席": "-2"},
    ),
    R("D04", "deduction", "其他活动报名后无故缺席", "-2", "次", None, auto=True),
    R("P01", "proposal", "提交提案并立案（个人或第一提案人）", "10", "件", 30, auto=True),
    R("P02", "proposal", "联名提案（其他联名人）", "3", "件", 9, auto=True),
    R("P03", "proposal", "集体提案主笔人（党派、界别、专委会）", "8", "件", 24, split="equal", auto=True),
    R("P04", "proposal", "未立案但转社情民意或转参考", "3", "件", 6, auto=True),
    R(
        "P05",
        "proposal",
        "列为重点提案",
        "10",
        "件",
        None,
        auto=True,
        variants={"第一提案人": "10", "联名人": "3"},
    ),
    R(
        "P06",
        "proposal",
        "评为优秀提案",
        "10",
        "件",
        None,
        auto=True,
        variants={"第一提案人": "10", "联名人": "2"},
    ),
    R("P07", "proposal", "参加提案办理协商（面商、督办调研）", "2", "次", 6, auto=True),
    # 双向评议 (seed 004): the handling units' rating of the proposal's quality, by its grade
    # (assessment/services/two_way.py: 优秀 ≥90%, 良好 ≥75%, 合格 ≥60% of the committee's scale).
    R(
        "P08",
        "proposal",
        "提案质量获承办单位好评（双向评议）",
        "3",
        "件",
        15,
        auto=True,
        variants={"优秀": "5", "良好": "3", "合格": "1"},
    ),
    R("S01", "opinion", "报送社情民意信息", "1", "篇", 10, auto=True),
    R("S02", "opinion", "社情民意被本级采用编发", "4", "篇", None, auto=True),
    R(
        "S03",
        "opinion",
        "社情民意被上级政协采用",
        "8",
        "篇",
        None,
        auto=True,
        variants={"市级": "8", "省级": "12"},
    ),
    R(
        "S04",
        "opinion",
        "社情民意被全国政协转送或单篇采用",
        "15",
        "篇",
        None,
        auto=True,
        variants={"转送": "15", "单篇采用": "25"},
    ),
    R(
        "S05",
        "opinion",
        "社情民意获领导批示",
        "4",
        "篇",
        None,
        auto=True,
        variants=instruction_variants({"县级": "4", "市级": "8", "省级": "12", "中央": "25"}),
    ),
    R("S06", "opinion", "领导批示落实情况已反馈", "2", "篇", None, auto=True),
    R("A01", "activity", "视察、调研、考察（全程）", "4", "次", 20, reportable=True),
    R("A02", "activity", "民主监督（民主评议、专项监督、特约监督员）", "4", "次", 12, reportable=True),
    R("A03", "activity", "网络议政、远程协商有效发言", "2", "次", 10, auto=True),
    R("A04", "activity", "基层协商（有事好商量、协商议事室）", "3", "次", 12, reportable=True, auto=True),
    R(
        "A05",
        "activity",
        "调研报告或协商成果执笔",
        "6",
        "篇",
        12,
        split="equal",
        evidence=True,
        reportable=True,
    ),
    R(
        "L01",
        "study",
        "学习培训、读书活动（集中，全程）",
        "3",
        "半天",
        15,
        reportable=True,
        variants={"集中学习": "3", "外出集中培训": "6"},
    ),
    R("L02", "study", "理论研究文章、文史资料", "3", "篇", 9, evidence=True, reportable=True),
    # 委员学习: a finished online course earns its 学时; an outstanding reading note (优秀读书心得).
    R("L03", "study", "网络学习培训（完成课程，按学时计）", "1", "学时", 10, auto=True),
    R("L04", "study", "读书心得被评为优秀", "2", "篇", 6, auto=True),
    R(
        "C01",
        "contact",
        "委员工作室、联络站接待，走访界别群众",
        "2",
        "次",
        12,
        evidence=True,
        reportable=True,
    ),
    R("W01", "contact", "提出微建议并被交办", "1", "件", 10, auto=True),
    # 五个一: 交一批朋友 and 提一条合理化建议 have no record elsewhere, so the member reports them.
    R("C04", "contact", "结交界别群众朋友（经核实）", "1", "次", 5, reportable=True),
    R("C05", "contact", "提出合理化建议（经核实）", "2", "次", 10, reportable=True),
    R("C02", "service", "为民办实事项目（经核实）", "5", "项", 15, evidence=True, reportable=True),
    R("C03", "charity", "以委员身份参加公益、扶贫、应急活动", "2", "次", 10, evidence=True, reportable=True),
    R("R01", "standing", "常委提交年度履职报告", "5", "年", 5, auto=True),
    R(
        "B01",
        "award",
        "受表彰",
        "4",
        "项",
        10,
        evidence=True,
        reportable=True,
        variants={"国家级": "10", "省级": "8", "市级": "6", "县级": "4"},
    ),
)

# The "五个一" and speech items, added to committee-years whose minimums were still the earlier
# default by migration 0004 (the speech item took M07 and M08 in migration 0005).
FIVE_ONES: list[dict[str, Any]] = [
    {"label": "撰写一份提案", "codes": ["P01", "P02", "P03"], "count": 1},
    {"label": "反映一条社情民意信息", "codes": ["S01"], "count": 1},
    {"label": "至少1次会议发言或书面发言", "codes": ["M02", "M05", "M06", "M07", "M08", "A03"], "count": 1},
    {"label": "提一条合理化建议", "codes": ["W01", "C05"], "count": 1},
    {"label": "交一批朋友", "codes": ["C04"], "count": 1},
    {"label": "办一件实事", "codes": ["C02"], "count": 1},
]

# Minimum duties as data: label, rule codes, how many. 济南's "三个一" and 闵行's activity count,
# with the "五个一" of seed 003 (一份提案、一条社情民意、一条合理化建议、交一批朋友、办一件实事)
# and at least one speech. Each item counts rules fed automatically where another module keeps
# the record (proposals, 社情民意, speeches, micro-suggestions) and reportable rules where none
# does (friends made, reasonable suggestions, practical deeds), which the member reports and
# staff confirm.
MINIMUMS: list[dict[str, Any]] = [
    {"label": "出席全体会议", "codes": ["M01"], "count": 1},
    {
        "label": "至少1件立案提案或1篇社情民意被采用",
        "codes": ["P01", "P02", "P03", "S02", "S03", "S04"],
        "count": 1,
    },
    {"label": "至少参加1次视察、调研或协商活动", "codes": ["A01", "A02", "A04", "M04", "P07"], "count": 1},
    {
        "label": "全年参加各类履职活动不少于3次",
        "codes": [
            "M02",
            "M03",
            "M04",
            "M05",
            "M07",
            "M08",
            "P07",
            "A01",
            "A02",
            "A03",
            "A04",
            "L01",
            "C01",
            "C02",
            "C03",
        ],
        "count": 3,
    },
    {"label": "常委提交年度履职报告", "codes": ["R01"], "count": 1, "standing_only": True},
    *FIVE_ONES,
]

# 安庆's bands on the 100-point normalised score: the lowest score of each grade, best first.
GRADE_BANDS: list[dict[str, Any]] = [
    {"label": "优秀", "min": 90},
    {"label": "良好", "min": 80},
    {"label": "称职", "min": 60},
    {"label": "不称职", "min": 0},
]


def settings_defaults(year: int) -> dict[str, Any]:
    """Column values of a new committee-year settings row (see YearSettings)."""
    return {
        "full_score": Decimal("100"),
        "grade_bands": GRADE_BANDS,
        "minimums": MINIMUMS,
        "publish_ranks": False,
        # 威海 / 山东: 3 plenary absences in a term; a 常委 3 absences in a year or 7 in a term.
        "plenary_absences_per_term": 3,
        "standing_absences_per_year": 3,
        "standing_absences_per_term": 7,
        "standing_report_due": date(year, 12, 15),
        "reminder_days": 14,
    }
