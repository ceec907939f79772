"""A speech at a 常委会议 and one at a consultation meeting get rules of their own — M07 常委会议发言
(4 points, at most 12) and M08 协商会议发言 (3 points, at most 12) — instead of M05, which is the
plenary's oral speech (大会发言). Both rules are added to every committee-year that has rules,
beside M06; the minimum duties still at the default take them: "至少1次会议发言或书面发言" and the
yearly count of duties. Ledger entries are moved to the new rules by the consultations migration
that follows (consultations 0008), which knows which meeting an entry came from."""

from decimal import Decimal

from django.db import migrations

NEW_RULES = (
    ("M07", "常委会议发言", Decimal("4"), "次", Decimal("12")),
    ("M08", "协商会议发言（专题协商、双周协商、对口协商等）", Decimal("3"), "次", Decimal("12")),
)

SPEECH_LABEL = "至少1次会议发言或书面发言"
SPEECH_BEFORE = ["M02", "M05", "M06", "A03"]
SPEECH_AFTER = ["M02", "M05", "M06", "M07", "M08", "A03"]
DUTIES_LABEL = "全年参加各类履职活动不少于3次"
DUTIES_BEFORE = ["M02", "M03", "M04", "M05", "P07", "A01", "A02", "A03", "A04", "L01", "C01", "C02", "C03"]
DUTIES_AFTER = [
    "M02", "M03", "M04", "M05", "M07", "M08", "P07", "A01", "A02", "A03", "A04", "L01", "C01", "C02", "C03"
]  # fmt: skip


def add_speech_rules(apps, schema_editor):
    Rule = apps.get_model("duty", "Rule")
    YearSettings = apps.get_model("duty", "YearSettings")
    years = list(Rule.objects.values_list("committee_id", "year").distinct().order_by("committee_id", "year"))
    beside = {
        (c, y): order for c, y, order in Rule.objects.filter(code="M06").values_list("committee_id", "year", "order")
    }
    for code, title, points, unit, cap in NEW_RULES:
        having = set(Rule.objects.filter(code=code).values_list("committee_id", "year"))
        Rule.objects.bulk_create(
            Rule(
                committee_id=committee_id,
                year=year,
                code=code,
                category="meeting",
                title=title,
                points=points,
                unit=unit,
                cap=cap,
                split="full",
                variants={},
                needs_evidence=False,
                reportable=False,
                auto_fed=True,
                order=beside.get((committee_id, year), 999),
            )
            for committee_id, year in years
            if (committee_id, year) not in having
        )
    # A committee that changed an item's codes keeps its own list.
    for settings in YearSettings.objects.all().iterator():
        changed = False
        minimums = []
        for item in settings.minimums:
            item = dict(item)
            if item.get("label") == SPEECH_LABEL and item.get("codes") == SPEECH_BEFORE:
                item["codes"], changed = list(SPEECH_AFTER), True
            elif item.get("label") == DUTIES_LABEL and item.get("codes") == DUTIES_BEFORE:
                item["codes"], changed = list(DUTIES_AFTER), True
            minimums.append(item)
        if changed:
            settings.minimums = minimums
            settings.save(update_fields=["minimums"])


class Migration(migrations.Migration):
    dependencies = [("duty", "0004_five_ones_minimums")]
    operations = [migrations.RunPython(add_speech_rules, migrations.RunPython.noop)]
