"""Reads of reports and statistics from a streaming replica (DATABASE_REPLICA_URL).

Nothing goes to the replica unless the code asks for it: a request must see its own writes, and
the replica lags the primary. Code that reads large aggregates which may be a few seconds old
wraps them in `from_replica()` (a context manager and decorator); with no replica configured it
does nothing. Writes and migrations always go to the primary ("default").
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections

REPLICA = "replica"
LAG_CACHE_SECONDS = 10

_reading_replica: ContextVar[bool] = ContextVar("zx_reading_replica", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_alias() -> str:
    """The alias for `.using()` on a read that may be a few seconds old."""
    return REPLICA if replica_configured() else "default"


@contextmanager
def _replica_block() -> Iterator[None]:
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def from_replica(func: F | None = None) -> Any:
    """`with from_replica(): ...` or `@from_replica`: the ORM reads inside go to the replica."""
    if func is None:
        return _replica_block()

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _replica_block():
            return func(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Django database router: see the module docstring."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading_replica.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Same data on both: an object read from the replica may be linked to one from default.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == "default"


def replica_lag_seconds() -> int | None:
    """How far the replica is behind, in whole seconds (None with no replica). PostgreSQL's
    replay timestamp, cached for a few seconds so pages do not each ask. An idle primary makes
    the figure grow although nothing is missing; it is an upper bound."""
    if not replica_configured():
        return None
    key = "zx:replica_lag"
    lag: int | None = cache.get(key)
    if lag is None:
        lag = 0
        connection = connections[REPLICA]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
                )
                lag = max(0, int(cursor.fetchone()[0]))
        cache.set(key, lag, LAG_CACHE_SECONDS)
    return lag
