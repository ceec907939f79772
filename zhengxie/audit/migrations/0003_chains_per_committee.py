"""Chains per committee: every event gets its chain and its number in it; one head row per chain.

Events written before this migration stay as they are, as the chain "legacy" (no seq, unkeyed
SM3, linked in id order) that verify_audit checks as it always did: re-chaining them would rewrite
every stored hash (the very change the log exists to show) and hold one huge transaction. The
existing head row becomes that chain's head. Adding the columns with a constant default does not
rewrite the table on PostgreSQL.
"""

from django.db import migrations, models


def keep_legacy_head_only_with_events(apps, schema_editor):
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if not AuditEvent.objects.filter(chain="legacy").exists():
        # A fresh database: no legacy chain, only the empty head row of migration 0002.
        AuditChainHead.objects.filter(chain="legacy").delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_create_chain_head")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.CharField(default="legacy", max_length=40, unique=True),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="last_seq",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(default="legacy", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="audit_event_chain_seq_uniq"),
        ),
        migrations.RunPython(keep_legacy_head_only_with_events, migrations.RunPython.noop),
    ]
