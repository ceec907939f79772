"""Writers of different committees do not wait for each other (PostgreSQL: SQLite has one writer)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, connections, transaction

from zhengxie.audit.models import AuditEvent
from zhengxie.audit.services import record
from zhengxie.audit.verify import verify_chain

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")


def _in_thread(work: Callable[[], object], box: dict[str, object], key: str) -> threading.Thread:
    def run() -> None:
        try:
            box[key] = work()
        except Exception as exc:
            box[key] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _record_with_lock_timeout(committee_id: int) -> str:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
        return record(action="test.other", committee_id=committee_id).chain


def test_a_committees_open_transaction_blocks_only_its_own_chain(transactional_db):
    holding, release = threading.Event(), threading.Event()
    box: dict[str, object] = {}

    def hold() -> None:
        with transaction.atomic():
            record(action="test.slow", committee_id=1)
            holding.set()
            release.wait(10)

    holder = _in_thread(hold, box, "holder")
    assert holding.wait(10)
    try:
        other = _in_thread(lambda: _record_with_lock_timeout(2), box, "other")
        other.join()
        same = _in_thread(lambda: _record_with_lock_timeout(1), box, "same")
        same.join()
    finally:
        release.set()
        holder.join()
    assert box["other"] == "committee-2"
    assert isinstance(box["same"], OperationalError)  # waited on committee 1's head: lock timeout


def test_writers_racing_to_open_a_new_chain_all_get_numbers(transactional_db):
    barrier = threading.Barrier(6)
    box: dict[str, object] = {}

    def write(n: int) -> int | None:
        barrier.wait()
        return record(action=f"test.race{n}", committee_id=99).seq

    threads = [_in_thread(functools.partial(write, n), box, str(n)) for n in range(6)]
    for thread in threads:
        thread.join()
    assert sorted(box.values()) == [1, 2, 3, 4, 5, 6]  # type: ignore[type-var]
    assert AuditEvent.objects.filter(chain="committee-99").count() == 6
    assert verify_chain()[1] is None
