"""Realistic proposal bodies for the benchmark seed (800–3 000 characters), so that a full-text
index is measured on text of the length members write, not on one-line templates. On when
ZHENGXIE_SEED_LONG_BODIES=1 (bench/search.py sets it); the ordinary seed keeps its short bodies."""

from __future__ import annotations

import os
import random

LONG_BODIES = os.environ.get("ZHENGXIE_SEED_LONG_BODIES") == "1"

PLACES = (
    "城东片区",
    "城西新区",
    "北部山区",
    "南部沿江乡镇",
    "老城区",
    "高新区",
    "经济开发区",
    "县城周边",
    "中心城区",
    "库区移民村",
)
GROUPS = (
    "老年人",
    "小微企业",
    "农民工",
    "在校学生",
    "新市民",
    "残疾人",
    "个体工商户",
    "留守儿童",
    "退役军人",
    "社区居民",
)
NOUNS = (
    "资金保障", "审批流程", "考核机制", "信息平台", "专业人才", "基础设施", "服务网点", "监管执法", "标准规范",
    "财政补贴", "运营维护", "群众参与", "数据共享", "应急预案", "宣传引导", "试点示范", "绩效评价", "社会资本",
)  # fmt: skip
SITUATION = (
    "据调查，{place}共有相关服务对象约{n}万人，其中{group}占比接近{p}%，需求集中在{noun}方面。",
    "近三年来，全市围绕{topic}累计投入资金{n}亿元，建成项目{m}个，但{place}的覆盖率仍不足{p}%。",
    "我们走访了{place}的{m}个社区和村组，与{group}代表座谈{m2}次，收集意见建议{n}条。",
    "{group}普遍反映，{noun}不到位，办事要跑多个部门，平均耗时{m}个工作日。",
    "从统计数据看，{topic}相关投诉去年达到{n}千件，同比上升{p}%，其中涉及{noun}的占多数。",
    "{place}的情况具有代表性：设施建成{m}年以上的占{p}%，{noun}长期缺位，群众意见较大。",
    "部分地方在推进{topic}时重建设、轻管理，{noun}跟不上，项目建成后利用率不高。",
    "与周边城市相比，我市在{topic}方面起步较早，但近年来{noun}投入增长放缓，差距有所拉大。",
)
ANALYSIS = (
    "究其原因，一是{noun}缺乏统筹，部门之间各管一段；二是{noun2}不健全，基层执行有偏差。",
    "{place}人口流动大，{group}的需求变化快，现有{noun}难以及时调整。",
    "相关政策出台时间较早，对{noun}的规定比较原则，缺少可操作的细则。",
    "基层工作力量薄弱，{m}个乡镇（街道）中只有{m2}个配备了专职人员，{noun2}难以落实。",
    "社会力量参与渠道不畅，{noun}主要依靠财政，投入不可持续。",
    "对{topic}的考核偏重数量指标，{group}的实际感受和满意度没有得到充分体现。",
)
SUGGESTION = (
    "一是加强{noun}，由市政府牵头建立联席会议制度，每季度研究解决{topic}中的突出问题。",
    "二是完善{noun2}，制定{topic}工作细则，明确各部门职责分工和办理时限。",
    "三是加大投入，每年安排专项资金不少于{n}千万元，重点向{place}和{group}倾斜。",
    "四是创新方式，鼓励{noun}与社会资本合作，在{place}开展试点，形成可复制的经验。",
    "五是强化督促，将{topic}纳入年度绩效考核，定期公开进展，接受群众和社会监督。",
    "同时，建议建立{group}意见征集机制，通过座谈、问卷和线上平台听取意见，及时改进{noun2}。",
)


def _sentences(rng: random.Random, pool: tuple[str, ...], topic: str, length: int) -> str:
    out: list[str] = []
    size = 0
    while size < length:
        text = rng.choice(pool).format(
            topic=topic,
            place=rng.choice(PLACES),
            group=rng.choice(GROUPS),
            noun=rng.choice(NOUNS),
            noun2=rng.choice(NOUNS),
            n=rng.randint(2, 90),
            m=rng.randint(3, 40),
            m2=rng.randint(2, 20),
            p=rng.randint(5, 85),
        )
        out.append(text)
        size += len(text)
    return "".join(out)


def long_body(rng: random.Random, topic: str) -> tuple[str, str, str]:
    """情况、分析、建议 of 800–3 000 characters together."""
    total = rng.randint(800, 3000)
    return (
        _sentences(rng, SITUATION, topic, total * 2 // 5),
        _sentences(rng, ANALYSIS, topic, total // 4),
        _sentences(rng, SUGGESTION, topic, total // 3),
    )
