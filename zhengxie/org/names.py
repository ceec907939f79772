"""Fictional but realistic names and vocabulary for demo and synthetic data. Deterministic for a
given random.Random, so every demo instance looks the same."""

from __future__ import annotations

import random

from zhengxie.lib.personal import id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = (
    "建国华明芳秀英丽军伟敏静强磊洋艳勇杰娟涛超霞平刚桂兰志红玉海燕波辉林鹏飞斌宇浩凯晨雪琳颖慧佳欣婷雯睿博文彬"
    "振宏嘉立卫东春梅晓红国庆永胜德才学思卓越鑫源瑞祥正清淑芬继承新民益民"
)
SECTORS = (
    "中国共产党", "中国国民党革命委员会", "中国民主同盟", "中国民主建国会", "中国民主促进会", "中国农工民主党",
    "中国致公党", "九三学社", "台湾民主自治同盟", "无党派人士", "中国共产主义青年团", "中华全国总工会",
    "中华全国妇女联合会", "中华全国青年联合会", "中华全国工商业联合会", "中国科学技术协会",
    "中华全国台湾同胞联谊会", "中华全国归国华侨联合会", "文化艺术界", "科学技术界", "社会科学界", "经济界",
    "农业界", "教育界", "体育界", "新闻出版界", "医药卫生界", "对外友好界", "社会福利和社会保障界",
    "少数民族界", "宗教界", "特邀人士",
)  # fmt: skip
SPECIAL_COMMITTEES = (
    "提案委员会", "经济委员会", "农业和农村委员会", "人口资源环境委员会", "教科卫体委员会", "社会和法制委员会",
    "民族和宗教委员会", "港澳台侨和外事委员会", "文化文史和学习委员会",
)  # fmt: skip
PARTIES = (
    ("民革", "party"), ("民盟", "party"), ("民建", "party"), ("民进", "party"), ("农工党", "party"),
    ("致公党", "party"), ("九三学社", "party"), ("台盟", "party"), ("工商联", "peoples_org"),
    ("总工会", "peoples_org"), ("共青团", "peoples_org"), ("妇联", "peoples_org"), ("科协", "peoples_org"),
    ("侨联", "peoples_org"), ("无党派人士", "non_party"),
)  # fmt: skip
# The sector (界别) whose seats each participating unit nominates: its own members.
PARTY_SECTORS = {
    "民革": "中国国民党革命委员会", "民盟": "中国民主同盟", "民建": "中国民主建国会", "民进": "中国民主促进会",
    "农工党": "中国农工民主党", "致公党": "中国致公党", "九三学社": "九三学社", "台盟": "台湾民主自治同盟",
    "工商联": "中华全国工商业联合会", "总工会": "中华全国总工会", "共青团": "中国共产主义青年团",
    "妇联": "中华全国妇女联合会", "科协": "中国科学技术协会", "侨联": "中华全国归国华侨联合会",
    "无党派人士": "无党派人士",
}  # fmt: skip
# (department, kind) — a city government's usual handling units (承办单位).
UNITS = (
    ("发展和改革委员会", "government"), ("教育局", "government"), ("科学技术局", "government"),
    ("工业和信息化局", "government"), ("公安局", "government"), ("民政局", "government"), ("司法局", "government"),
    ("财政局", "government"), ("人力资源和社会保障局", "government"), ("自然资源和规划局", "government"),
    ("生态环境局", "government"), ("住房和城乡建设局", "government"), ("交通运输局", "government"),
    ("水利局", "government"), ("农业农村局", "government"), ("商务局", "government"),
    ("文化广电和旅游局", "government"), ("卫生健康委员会", "government"), ("退役军人事务局", "government"),
    ("应急管理局", "government"), ("审计局", "government"), ("市场监督管理局", "government"),
    ("统计局", "government"), ("医疗保障局", "government"), ("城市管理局", "government"),
    ("体育局", "government"), ("数据局", "government"), ("林业局", "government"), ("信访局", "government"),
    ("税务局", "government"), ("供电公司", "enterprise"), ("自来水公司", "enterprise"),
    ("中级人民法院", "judicial"), ("人民检察院", "judicial"), ("委组织部", "party_organ"),
    ("委宣传部", "party_organ"), ("委统战部", "party_organ"), ("委政法委", "party_organ"),
    ("总工会", "peoples_org"), ("妇联", "peoples_org"), ("残疾人联合会", "peoples_org"),
)  # fmt: skip
EMPLOYERS = (
    "人民医院", "第一中学", "实验小学", "职业技术学院", "农业科学研究所", "建设投资集团", "农村商业银行", "律师事务所",
    "电子科技有限公司", "食品有限公司", "文化馆", "图书馆", "社会科学院", "中医院", "日报社", "供销合作社",
    "新材料股份有限公司", "物流有限公司", "会计师事务所", "现代农业合作社",
)  # fmt: skip
TITLES = (
    "院长", "副院长", "校长", "主任医师", "教授", "副教授", "高级教师", "董事长", "总经理", "副总经理", "主任",
    "副主任", "研究员", "律师", "会计师", "社长", "馆长", "理事长", "高级工程师", "合作社理事长",
)  # fmt: skip
ETHNICITIES = ("汉族",) * 17 + ("回族", "满族", "蒙古族")
AREA_CODES = ("370102", "370103", "370211", "370302", "370402", "370502", "370602", "370702")


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.75 else "")
    return rng.choice(SURNAMES) + given


def phone(rng: random.Random, used: set[str]) -> str:
    while True:
        number = rng.choice(("139", "138", "137", "135", "158", "186", "188")) + f"{rng.randrange(10**8):08d}"
        if number not in used:
            used.add(number)
            return number


def id_number(rng: random.Random, gender: str, used: set[str], areas: tuple[str, ...] = AREA_CODES) -> str:
    while True:
        birth = f"{rng.randint(1955, 1990)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        seq = rng.randrange(0, 99) * 10 + (
            rng.choice((1, 3, 5, 7, 9)) if gender == "M" else rng.choice((0, 2, 4, 6, 8))
        )
        first17 = rng.choice(areas) + birth + f"{seq:03d}"
        number = first17 + id_check_digit(first17)
        if number not in used:
            used.add(number)
            return number
