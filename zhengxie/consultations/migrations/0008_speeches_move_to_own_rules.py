"""Speeches recorded at a 常委会议 (rule M07) or a consultation meeting (M08, also 远程协商) were
scored by M05, the plenary's oral speech (大会发言). This year's and later entries move to the rule
of their meeting: each standing M05 entry whose source is such an activity is reversed and recorded
again under the new rule at its points × the same number of speeches, both audited like any
ledger correction. Past years stay as they were: their rules and results are archived (duty
`_editable`), and their annual reports were made from them."""

from django.db import migrations
from django.utils import timezone

RULE_OF_KIND = {"standing": "M07", "consultation": "M08", "remote": "M08"}
REASON = "发言改按本会议的积分项目计分：{title}"


def move_speeches(apps, schema_editor):
    from zhengxie.audit.services import record

    ContentType = apps.get_model("contenttypes", "ContentType")
    PointEntry = apps.get_model("duty", "PointEntry")
    Rule = apps.get_model("duty", "Rule")
    Activity = apps.get_model("consultations", "Activity")
    activity_type = ContentType.objects.filter(app_label="consultations", model="activity").first()
    if activity_type is None:
        return
    entries = list(
        PointEntry.objects.filter(
            rule__code="M05",
            source_type=activity_type,
            year__gte=timezone.localdate().year,
            reverses__isnull=True,
            reversed_by__isnull=True,
        ).order_by("id")
    )
    if not entries:
        return
    kinds = dict(
        Activity.objects.filter(pk__in={e.source_id for e in entries}).values_list("pk", "kind")
    )
    rules = {}
    now = timezone.now()
    for entry in entries:
        code = RULE_OF_KIND.get(kinds.get(entry.source_id, ""))
        if code is None:
            continue
        key = (entry.committee_id, entry.year, code)
        if key not in rules:
            rules[key] = Rule.objects.filter(committee_id=entry.committee_id, year=entry.year, code=code).first()
        rule = rules[key]
        if rule is None:
            continue
        reason = REASON.format(title=rule.title)
        reversal = PointEntry.objects.create(
            committee_id=entry.committee_id,
            member_id=entry.member_id,
            rule_id=entry.rule_id,
            year=entry.year,
            points=-entry.points,
            quantity=-entry.quantity,
            variant=entry.variant,
            source_type_id=entry.source_type_id,
            source_id=entry.source_id,
            seq=entry.seq,
            note=reason[:300],
            recorded_at=now,
            reverses=entry,
        )
        record(
            action="duty.points.reversed",
            obj=reversal,
            data={"entry": entry.pk, "member": entry.member_id, "points": str(entry.points), "reason": reason},
            committee_id=entry.committee_id,
        )
        moved = PointEntry.objects.create(
            committee_id=entry.committee_id,
            member_id=entry.member_id,
            rule=rule,
            year=entry.year,
            points=rule.points * entry.quantity,
            quantity=entry.quantity,
            source_type_id=entry.source_type_id,
            source_id=entry.source_id,
            seq=0,
            note=entry.note,
            recorded_at=now,
        )
        record(
            action="duty.points.recorded",
            obj=moved,
            data={
                "member": entry.member_id,
                "code": code,
                "year": entry.year,
                "points": str(moved.points),
                "source": f"activity:{entry.source_id}",
                "moved_from": entry.pk,
            },
            committee_id=entry.committee_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_quality_gates_cases_trip_reports"),
        ("duty", "0005_standing_and_consultation_speech_rules"),
        ("audit", "0004_refuse_update_and_delete"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(move_speeches, migrations.RunPython.noop)]
