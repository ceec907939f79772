"""Which chain an event joins, and taking that chain's head under lock.

Chains: `committee-<id>` for a committee's events, `system-<n>` (n < SYSTEM_CHAINS) for events
without a committee (logins, account changes, jobs), spread by login name so that logins do not
queue on one row, and `legacy` for events written before chains existed.

A transaction appends to exactly one chain: the chain of its first event. Later events of the same
transaction join it even when they belong to another committee (their `committee_id` still says
which). So a transaction holds at most one head lock, and two transactions can never deadlock on
heads taken in opposite orders.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from .models import AuditChainHead

GENESIS = "0" * 64
LEGACY = "legacy"
SYSTEM_CHAINS = 8
_blocks = itertools.count()


def chain_for(committee_id: int | None, actor_name: str) -> str:
    if committee_id is not None:
        return f"committee-{committee_id}"
    return f"system-{zlib.crc32(actor_name.encode()) % SYSTEM_CHAINS}"


class _ChainMark:
    """A no-op on-commit callback that remembers the chain of the transaction it was queued in.

    Django drops on-commit callbacks when their transaction (or savepoint) ends, and PostgreSQL
    releases the head lock at the same moment, so the mark lives exactly as long as the lock."""

    def __init__(self, chain: str, scope: str | None) -> None:
        self.chain = chain
        self.scope = scope

    def __call__(self) -> None:
        pass


def _scope(connection: Any) -> str | None:
    """The outermost transaction the application opened: None for a real transaction; under a
    test case (whose own atomic blocks never commit) the savepoint of the first block opened by the
    code under test, so each service call in a test behaves as in production."""
    for index, block in enumerate(connection.atomic_blocks):
        if block._from_testcase:
            continue
        if index == 0:
            return None
        sid: str | None = connection.savepoint_ids[index - 1]
        if sid is None:  # a block without a savepoint (record()'s own): name it
            sid = getattr(block, "_audit_scope", None) or f"block-{next(_blocks)}"
            block._audit_scope = sid
        return sid
    return None


def current_scope() -> str | None:
    """The scope (see `_scope`) of the transaction the caller is in."""
    return _scope(transaction.get_connection())


def chain_of_transaction(committee_id: int | None, actor_name: str) -> str:
    """The chain of the current transaction (call inside an atomic block)."""
    connection: Any = transaction.get_connection()  # carries the mark below as an attribute
    scope = _scope(connection)
    pending = connection.run_on_commit
    # The mark queued by this transaction's first event: usually where it was put (O(1) even for a
    # job that queues thousands of callbacks); after a savepoint rollback, search.
    remembered = getattr(connection, "_audit_mark", None)
    if remembered is not None:
        mark, index = remembered
        if mark.scope == scope and index < len(pending) and pending[index][1] is mark:
            return str(mark.chain)
    for _sids, func, _robust in pending:
        if isinstance(func, _ChainMark) and func.scope == scope:
            return func.chain
    chain = chain_for(committee_id, actor_name)
    mark = _ChainMark(chain, scope)
    transaction.on_commit(mark)
    connection._audit_mark = (mark, len(connection.run_on_commit) - 1)
    return chain


@dataclass(frozen=True)
class HeadState:
    """A chain's head as the current transaction last wrote it."""

    pk: int
    chain: str
    last_seq: int
    last_hash: str


class _HeadMark:
    """A no-op on-commit callback that carries the head this transaction's last event left. Django
    drops it when its savepoint or transaction rolls back — exactly when the head row's update (and,
    on PostgreSQL, a lock taken inside that savepoint) is undone — so a mark still queued is the
    head as the database holds it, under a lock this transaction holds."""

    def __init__(self, head: HeadState, scope: str | None) -> None:
        self.head = head
        self.scope = scope

    def __call__(self) -> None:
        pass


def head_for_append(chain: str) -> HeadState:
    """The head to append to: remembered from this transaction's previous event on the chain (one
    locking read fewer per event for a job that writes thousands), else read under lock."""
    connection: Any = transaction.get_connection()
    remembered = getattr(connection, "_audit_head", None)
    if remembered is not None:
        mark, index = remembered
        pending = connection.run_on_commit
        fresh = index < len(pending) and pending[index][1] is mark
        if fresh and mark.head.chain == chain and mark.scope == _scope(connection):
            return mark.head
    head = lock_head(chain)
    return HeadState(pk=head.pk, chain=head.chain, last_seq=head.last_seq, last_hash=head.last_hash)


def remember_head(head: HeadState) -> None:
    """Keep the head just written for the next event of this transaction (see `_HeadMark`)."""
    connection: Any = transaction.get_connection()
    mark = _HeadMark(head, _scope(connection))
    transaction.on_commit(mark)
    connection._audit_head = (mark, len(connection.run_on_commit) - 1)


def lock_head(chain: str) -> AuditChainHead:
    """The chain's head row, locked until the transaction ends; created on the chain's first event.

    Creation is safe under concurrency on both databases: INSERT … ON CONFLICT DO NOTHING (INSERT OR
    IGNORE on SQLite) waits for a concurrent creator on PostgreSQL, and the locking read that
    follows sees the committed row."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain, last_hash=GENESIS)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head
