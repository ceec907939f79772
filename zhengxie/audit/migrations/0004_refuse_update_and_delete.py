"""The database itself refuses UPDATE and DELETE on audit events, whatever code sends them.

PostgreSQL: a row trigger for every role (the owner can still disable it, which the keyed chain and
the outside anchors then show). TRUNCATE fires no row trigger, so test flushes still work.

SQLite: two triggers that abort while `zhengxie_audit_locked()` is true. The application registers
that function on each connection (audit/guard.py); a connection without it (the sqlite3 shell)
fails with "no such function", which refuses as well. `manage.py flush` clears the log on purpose
and switches the guard off for itself. Django rebuilds an SQLite table for most column changes,
which drops its triggers: a later migration that alters audit_event must create them again.
"""

from django.db import migrations

MESSAGE = "审计事件只能追加，不能修改或删除"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""
SQLITE = [
    f"""CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event
        WHEN zhengxie_audit_locked() BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    for verb in ("UPDATE", "DELETE")
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_no_update", "DROP TRIGGER IF EXISTS audit_event_no_delete"]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chains_per_committee")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
