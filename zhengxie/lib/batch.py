"""One transaction for many rows of a periodic job, with what the services may share inside it.

A nightly job that handles thousands of rows one transaction each pays, per row, the commit, the
audit chain's head lock and every lookup its services repeat (the committee's settings, the next
number of the year). `batch()` opens one transaction for a slice of rows and gives the services a
memo that lives exactly as long as it:

- `memo(key, compute)`: a value computed once per batch (a committee's warning policy, the source
  record of a kind of item);
- `before_commit(key, flush)`: work done once at the end of the batch, inside the transaction (the
  audit log writes the batch's events in one insert and moves its chain head once).

Outside a batch, `memo` computes every time and `current()` is None: the services behave exactly as
they do for a person's request. The rows are still claimed one by one by compare-and-set inside the
batch, so a rerun or a second worker moves nothing twice; a failure rolls the whole batch back and
the next run takes the same rows again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")


class Batch:
    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}
        self.flushes: dict[str, Callable[[], None]] = {}


_current: ContextVar[Batch | None] = ContextVar("zhengxie_batch", default=None)


def current() -> Batch | None:
    return _current.get()


@contextmanager
def batch() -> Iterator[Batch]:
    """One transaction for the block; the flushes registered inside run before it commits."""
    outer = _current.get()
    if outer is not None:  # nested: the outer batch commits
        yield outer
        return
    run = Batch()
    token = _current.set(run)
    try:
        with transaction.atomic():
            yield run
            flush(run)
    finally:
        _current.reset(token)


def flush(run: Batch) -> None:
    """Run the batch's pending end-of-batch work now (in order of registration)."""
    while run.flushes:
        key = next(iter(run.flushes))
        run.flushes.pop(key)()


def memo(key: Any, compute: Callable[[], T]) -> T:
    """`compute()` once per batch (every time outside one)."""
    run = _current.get()
    if run is None:
        return compute()
    if key not in run.values:
        run.values[key] = compute()
    return run.values[key]


def forget(key: Any) -> None:
    run = _current.get()
    if run is not None:
        run.values.pop(key, None)


def remember(key: Any, value: Any) -> None:
    run = _current.get()
    if run is not None:
        run.values[key] = value


def recall(key: Any) -> Any:
    run = _current.get()
    return None if run is None else run.values.get(key)


def before_commit(key: str, work: Callable[[], None]) -> bool:
    """Register `work` to run once at the end of the current batch; False outside a batch."""
    run = _current.get()
    if run is None:
        return False
    run.flushes.setdefault(key, work)
    return True
