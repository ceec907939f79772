"""What someone holding the database owner's rights (but not the audit key) can do to the log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def as_database_owner() -> Iterator[None]:
    """Switch the append-only trigger off (PostgreSQL: ALTER TABLE, allowed to the owner; SQLite:
    anyone who can open the file can drop a trigger) for the block."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
        return
    from zhengxie.audit.guard import audit_maintenance

    with audit_maintenance():
        yield


def sql(statement: str, params: list[int | str] | None = None) -> None:
    with as_database_owner(), connection.cursor() as cursor:
        cursor.execute(statement, params or [])
