"""Leaders' instructions on an outcome become rows of their own (one per instruction, each with
its supervision item) instead of two fields on the outcome that a second instruction overwrote.

Every supervision item that followed up an outcome was opened by one instruction, so each becomes
an instruction row (its text from the item, the leader from the item's title) and is relinked to
that row; an outcome with instruction text but no item keeps it as a row without an item. Items
already accepted carry their completion report over as the implementation result."""

import re
from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

# outcome_instruction titled its items “落实{leader}对《{outcome}》的批示”.
LEADER_IN_TITLE = re.compile(r"^落实(.+?)对《")
ACCEPTED = ("done", "closed")


def _day(moment):
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


def instructions_to_rows(apps, schema_editor):
    Outcome = apps.get_model("consultations", "Outcome")
    Instruction = apps.get_model("consultations", "Instruction")
    Item = apps.get_model("supervision", "Item")
    ContentType = apps.get_model("contenttypes", "ContentType")
    outcome_type = ContentType.objects.filter(app_label="consultations", model="outcome").first()
    items = defaultdict(list)
    if outcome_type is not None:
        for item in Item.objects.filter(link_type=outcome_type).order_by("id"):
            items[item.link_id].append(item)
    if not items and not Outcome.objects.exclude(instruction="").exists():
        return
    instruction_type, _ = ContentType.objects.get_or_create(app_label="consultations", model="instruction")
    for outcome in Outcome.objects.order_by("id").iterator():
        followed = items.get(outcome.pk, [])
        for item in followed:
            found = LEADER_IN_TITLE.match(item.title)
            leader = found.group(1) if found else outcome.instructed_by
            done = item.state in ACCEPTED
            row = Instruction.objects.create(
                committee_id=outcome.committee_id,
                outcome_id=outcome.pk,
                leader_name=(leader or "领导")[:50],
                text=item.content or outcome.instruction,
                given_on=_day(item.created_at),
                item_id=item.pk,
                result=item.completion_text if done else "",
                result_at=item.done_at if done else None,
                recorded_by_id=item.created_by_id,
            )
            Item.objects.filter(pk=item.pk).update(link_type=instruction_type, link_id=row.pk)
        if not followed and outcome.instruction:
            Instruction.objects.create(
                committee_id=outcome.committee_id,
                outcome_id=outcome.pk,
                leader_name=(outcome.instructed_by or "领导")[:50],
                text=outcome.instruction,
                given_on=_day(outcome.submitted_at or outcome.created_at),
                recorded_by_id=outcome.created_by_id,
            )


def rows_to_instructions(apps, schema_editor):
    """Back to one instruction per outcome (the latest), its items relinked to the outcome."""
    Outcome = apps.get_model("consultations", "Outcome")
    Instruction = apps.get_model("consultations", "Instruction")
    Item = apps.get_model("supervision", "Item")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = list(Instruction.objects.order_by("given_on", "id"))
    if not rows:
        return
    outcome_type, _ = ContentType.objects.get_or_create(app_label="consultations", model="outcome")
    for row in rows:
        Outcome.objects.filter(pk=row.outcome_id).update(instruction=row.text, instructed_by=row.leader_name)
        if row.item_id is not None:
            Item.objects.filter(pk=row.item_id).update(link_type=outcome_type, link_id=row.outcome_id)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_document_attachment"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0002_unit_leader_role"),
        ("supervision", "0001_supervision_items_reports_bulletins"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Instruction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("leader_name", models.CharField(max_length=50, verbose_name="批示领导")),
                ("text", models.TextField(verbose_name="批示内容")),
                ("given_on", models.DateField(verbose_name="批示日期")),
                ("result", models.TextField(blank=True, verbose_name="落实情况")),
                ("result_at", models.DateTimeField(blank=True, null=True, verbose_name="落实反馈时间")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.committee"
                    ),
                ),
                (
                    "item",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="supervision.item",
                        verbose_name="督办事项",
                    ),
                ),
                (
                    "outcome",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="instructions",
                        to="consultations.outcome",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "协商成果批示",
                "db_table": "consultations_instruction",
                "ordering": ["given_on", "id"],
            },
        ),
        migrations.RunPython(instructions_to_rows, rows_to_instructions),
        migrations.RemoveField(model_name="outcome", name="instructed_by"),
        migrations.RemoveField(model_name="outcome", name="instruction"),
    ]
