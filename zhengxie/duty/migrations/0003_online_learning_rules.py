"""Online learning (委员学习) scores through two new default rules: L03 网络学习培训 (1 point per
学时 of a finished course, at most 10 a year) and L04 读书心得被评为优秀 (2 points a note, at most
6). Committee-years opened before them get both; later years copy the previous year's table.
The points unit gains 学时. Entries already in the ledger are not touched."""

from decimal import Decimal

from django.db import migrations, models

NEW_RULES = (
    ("L03", "网络学习培训（完成课程，按学时计）", Decimal("1"), "学时", Decimal("10")),
    ("L04", "读书心得被评为优秀", Decimal("2"), "篇", Decimal("6")),
)


def add_learning_rules(apps, schema_editor):
    Rule = apps.get_model("duty", "Rule")
    years = list(Rule.objects.values_list("committee_id", "year").distinct().order_by("committee_id", "year"))
    after = {
        (c, y): order for c, y, order in Rule.objects.filter(code="L02").values_list("committee_id", "year", "order")
    }
    for code, title, points, unit, cap in NEW_RULES:
        having = set(Rule.objects.filter(code=code).values_list("committee_id", "year"))
        Rule.objects.bulk_create(
            Rule(
                committee_id=committee_id,
                year=year,
                code=code,
                category="study",
                title=title,
                points=points,
                unit=unit,
                cap=cap,
                split="full",
                variants={},
                needs_evidence=False,
                reportable=False,
                auto_fed=True,
                order=after.get((committee_id, year), 999),
            )
            for committee_id, year in years
            if (committee_id, year) not in having
        )


class Migration(migrations.Migration):
    dependencies = [("duty", "0002_principal_instruction_and_feedback_rules")]
    operations = [
        migrations.AlterField(
            model_name="rule",
            name="unit",
            field=models.CharField(
                choices=[("次", "次"), ("件", "件"), ("篇", "篇"), ("半天", "半天"), ("学时", "学时"), ("项", "项"), ("年", "年")],
                default="次",
                max_length=4,
                verbose_name="计分单位",
            ),
        ),
        migrations.RunPython(add_learning_rules, migrations.RunPython.noop),
    ]
