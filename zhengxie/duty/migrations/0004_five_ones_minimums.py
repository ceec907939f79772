"""The "五个一" minimum duties (seed 003: 撰写一份提案、反映一条社情民意信息、提一条合理化建议、
交一批朋友、办一件实事) and one speech. Two reportable rules are added to committee-years opened
before them — C04 结交界别群众朋友 (1 point, at most 5) and C05 提出合理化建议 (2 points, at most
10) — and the six items are appended to each committee-year whose minimums are still the earlier
default; a committee that set its own minimums keeps them. Ledger entries are not touched."""

from decimal import Decimal

from django.db import migrations

NEW_RULES = (
    ("C04", "结交界别群众朋友（经核实）", Decimal("1"), "次", Decimal("5")),
    ("C05", "提出合理化建议（经核实）", Decimal("2"), "次", Decimal("10")),
)

EARLIER_LABELS = [
    "出席全体会议",
    "至少1件立案提案或1篇社情民意被采用",
    "至少参加1次视察、调研或协商活动",
    "全年参加各类履职活动不少于3次",
    "常委提交年度履职报告",
]

FIVE_ONES = [
    {"label": "撰写一份提案", "codes": ["P01", "P02", "P03"], "count": 1},
    {"label": "反映一条社情民意信息", "codes": ["S01"], "count": 1},
    {"label": "至少1次会议发言或书面发言", "codes": ["M02", "M05", "M06", "A03"], "count": 1},
    {"label": "提一条合理化建议", "codes": ["W01", "C05"], "count": 1},
    {"label": "交一批朋友", "codes": ["C04"], "count": 1},
    {"label": "办一件实事", "codes": ["C02"], "count": 1},
]


def add_five_ones(apps, schema_editor):
    Rule = apps.get_model("duty", "Rule")
    YearSettings = apps.get_model("duty", "YearSettings")
    years = list(Rule.objects.values_list("committee_id", "year").distinct().order_by("committee_id", "year"))
    after = {
        (c, y): order for c, y, order in Rule.objects.filter(code="W01").values_list("committee_id", "year", "order")
    }
    for code, title, points, unit, cap in NEW_RULES:
        having = set(Rule.objects.filter(code=code).values_list("committee_id", "year"))
        Rule.objects.bulk_create(
            Rule(
                committee_id=committee_id,
                year=year,
                code=code,
                category="contact",
                title=title,
                points=points,
                unit=unit,
                cap=cap,
                split="full",
                variants={},
                needs_evidence=False,
                reportable=True,
                auto_fed=False,
                order=after.get((committee_id, year), 999),
            )
            for committee_id, year in years
            if (committee_id, year) not in having
        )
    for settings in YearSettings.objects.all():
        if [m.get("label") for m in settings.minimums] == EARLIER_LABELS:
            settings.minimums = [*settings.minimums, *FIVE_ONES]
            settings.save(update_fields=["minimums"])


class Migration(migrations.Migration):
    dependencies = [("duty", "0003_online_learning_rules")]
    operations = [migrations.RunPython(add_five_ones, migrations.RunPython.noop)]
