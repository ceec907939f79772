"""The SQLite half of the database's refusal to change audit events (migration 0004).

SQLite triggers cannot tell a maintenance reset from tampering, so they ask the connection: the
function `zhengxie_audit_locked()` is 1 except inside `audit_maintenance()`, which only
`manage.py flush` uses (it empties every table, the log included, on purpose)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_maintenance: ContextVar[bool] = ContextVar("audit_maintenance", default=False)


def _locked() -> int:
    return 0 if _maintenance.get() else 1


def register_guard(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: give each SQLite connection the guard function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("zhengxie_audit_locked", 0, _locked)


@contextmanager
def audit_maintenance() -> Iterator[None]:
    token = _maintenance.set(True)
    try:
        yield
    finally:
        _maintenance.reset(token)
