"""`lib.batch`: one transaction for a slice of a job's rows; lookups shared inside it only; the
end-of-batch work runs once, inside the transaction, and not at all when the batch fails."""

from __future__ import annotations

import pytest
from django.db import transaction

from zhengxie.lib import batch


class Boom(Exception):
    pass


def test_memo_computes_once_inside_a_batch_and_every_time_outside(db) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert batch.memo("k", compute) == 1 and batch.memo("k", compute) == 2
    with batch.batch():
        assert batch.memo("k", compute) == 3 and batch.memo("k", compute) == 3
    assert batch.current() is None


def test_the_end_of_batch_work_runs_once_in_the_transaction(db) -> None:
    seen: list[bool] = []
    with batch.batch():
        for _ in range(3):
            batch.before_commit("once", lambda: seen.append(transaction.get_connection().in_atomic_block))
    assert seen == [True]
    assert batch.before_commit("outside", lambda: None) is False


def test_a_failed_batch_runs_no_end_of_batch_work(db) -> None:
    seen: list[int] = []
    with pytest.raises(Boom), batch.batch():
        batch.before_commit("once", lambda: seen.append(1))
        raise Boom
    assert seen == [] and batch.current() is None
