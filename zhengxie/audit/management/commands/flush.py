"""Django's flush, allowed to empty the audit log on SQLite (whose triggers otherwise refuse).

A flush resets the whole database, the log included, as PostgreSQL's TRUNCATE does; test cases
that flush between tests rely on it."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from zhengxie.audit.guard import audit_maintenance


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with audit_maintenance():
            super().handle(**options)
