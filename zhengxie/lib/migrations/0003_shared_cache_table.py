"""The table of the database cache (ZHENGXIE_CACHE_URL=db://), created whatever the cache setting,
so switching to the shared database cache later needs no `createcachetable`."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "zhengxie_cache"


def create(apps: Any, schema_editor: Any) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    # Skips the table when it exists already (e.g. made by createcachetable beforehand).
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("lib", "0002_worker_heartbeat_and_long_task")]
    operations = [migrations.RunPython(create, drop)]
