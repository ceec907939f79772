"""Bring committee-years opened before these rules existed up to the default table: S05 gains a
principal leader's (主要领导) variant per level at 1.5 times that level's points, as the
committee has set them, and S06 (批示落实情况已反馈, 2 points) is added. Later years copy the
previous year's table, so they inherit both. Entries already in the ledger are not touched."""

from decimal import Decimal

from django.db import migrations

FACTOR = Decimal("1.5")
SUFFIX = "主要领导"


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f")


def add_principal_variants_and_feedback_rule(apps, schema_editor):
    Rule = apps.get_model("duty", "Rule")
    for rule in Rule.objects.filter(code="S05"):
        variants = dict(rule.variants)
        for label, points in rule.variants.items():
            if not label.endswith(SUFFIX):
                variants.setdefault(f"{label}{SUFFIX}", _points(Decimal(str(points)) * FACTOR))
        if variants != rule.variants:
            rule.variants = variants
            rule.save(update_fields=["variants"])
    having = set(Rule.objects.filter(code="S06").values_list("committee_id", "year"))
    years = Rule.objects.values_list("committee_id", "year").distinct().order_by("committee_id", "year")
    after = dict(
        ((c, y), order)
        for c, y, order in Rule.objects.filter(code="S05").values_list("committee_id", "year", "order")
    )
    Rule.objects.bulk_create(
        Rule(
            committee_id=committee_id,
            year=year,
            code="S06",
            category="opinion",
            title="领导批示落实情况已反馈",
            points=Decimal("2"),
            unit="篇",
            cap=None,
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
    dependencies = [("duty", "0001_duty_ledger_and_rules")]
    operations = [migrations.RunPython(add_principal_variants_and_feedback_rule, migrations.RunPython.noop)]
