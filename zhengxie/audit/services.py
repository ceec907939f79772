"""Writing to the audit log. `record()` joins the caller's transaction, so an event exists exactly
when the change it describes was committed."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from zhengxie.lib import batch
from zhengxie.lib.crypto import audit_key, hmac_sm3_hex, sm3_hex

from .chains import (
    GENESIS,
    HeadState,
    chain_of_transaction,
    current_scope,
    head_for_append,
    remember_head,
)
from .context import client_ip
from .models import AuditChainHead, AuditEvent

__all__ = ["GENESIS", "canonical", "chain_hash", "record"]


def canonical(event: AuditEvent) -> str:
    """The exact text that is hashed: every stored column except the id and the hashes (a legacy
    event, which has no `seq`, without its chain and seq, as it was hashed when written)."""
    created = event.created_at.astimezone(UTC) if event.created_at else None
    chained = {} if event.seq is None else {"chain": event.chain, "seq": event.seq}
    return json.dumps(
        {
            **chained,
            "at": created.isoformat() if created else None,
            "actor": event.actor_id,
            "actor_name": event.actor_name,
            "action": event.action,
            "committee": event.committee_id,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "data": event.data,
            "ip": event.ip,
            "success": event.success,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    text = (prev_hash + canonical(event)).encode()
    if event.seq is None:
        return sm3_hex(text)  # legacy events, written before the chain was keyed
    return hmac_sm3_hex(audit_key(), text)


def record(
    *,
    action: str,
    obj: Any = None,
    by: Any = None,
    data: dict[str, Any] | None = None,
    committee_id: int | None = None,
    success: bool = True,
    actor_name: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one event. `obj` may be any model instance (or None for events such as logins)."""
    # Round-trip through JSON now so the hash is computed over what the database will give back.
    clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    actor = by if getattr(by, "pk", None) else None
    if committee_id is None and obj is not None:
        committee_id = getattr(obj, "committee_id", None)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        action=action,
        committee_id=committee_id,
        object_type=obj._meta.label_lower if isinstance(obj, models.Model) else "",
        object_id=str(obj.pk) if isinstance(obj, models.Model) and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=clean_data,
        ip=ip or client_ip.get(),
        success=success,
    )
    if batch.current() is not None and transaction.get_connection().in_atomic_block:
        _hold(event, chain_of_transaction(committee_id, event.actor_name))
        return event
    # No savepoint (two round trips fewer per event): if writing the event fails, the caller's
    # whole transaction must fail with it, which it does.
    with transaction.atomic(savepoint=False):
        # Only this chain's head is locked: writers of other committees go on in parallel.
        head = head_for_append(chain_of_transaction(committee_id, event.actor_name))
        event.chain = head.chain
        event.seq = head.last_seq + 1
        event.prev_hash = head.last_hash
        event.hash = chain_hash(head.last_hash, event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head.pk).update(
            last_seq=event.seq, last_hash=event.hash, last_event_id=event.pk
        )
        remember_head(HeadState(pk=head.pk, chain=head.chain, last_seq=event.seq, last_hash=event.hash))
    return event


class _Held:
    """An event of a batch waiting for the batch's end, queued as a no-op on-commit callback so
    that Django drops it exactly when the savepoint or transaction that recorded it rolls back."""

    def __init__(self, event: AuditEvent, scope: str | None) -> None:
        self.event = event
        self.scope = scope

    def __call__(self) -> None:
        pass


HELD = "audit.held"


def _hold(event: AuditEvent, chain: str) -> None:
    """In a batch (`lib.batch`): keep the event; `_write_held` chains and inserts the batch's
    events at its end — one insert and one head update instead of two statements per event."""
    event.chain = chain
    mark = _Held(event, current_scope())
    transaction.on_commit(mark)
    held = batch.memo(HELD, list)
    held.append(mark)
    batch.before_commit(HELD, _write_held)


def _write_held() -> None:
    """Chain the batch's surviving events in the order they were recorded (seq, previous hash,
    hash exactly as `record` computes them one by one), insert them at once and move each chain's
    head once. Events of a rolled-back savepoint are gone from the on-commit queue: skipped."""
    held: list[_Held] = batch.recall(HELD) or []
    batch.forget(HELD)
    connection: Any = transaction.get_connection()
    alive = {id(func) for _sids, func, _robust in connection.run_on_commit}
    by_chain: dict[tuple[str, str | None], list[AuditEvent]] = {}
    for mark in held:
        if id(mark) in alive:
            by_chain.setdefault((mark.event.chain, mark.scope), []).append(mark.event)
    for (chain, _scope), events in by_chain.items():
        head = head_for_append(chain)
        seq, last = head.last_seq, head.last_hash
        for event in events:
            seq += 1
            event.seq, event.prev_hash = seq, last
            event.hash = last = chain_hash(last, event)
        AuditEvent.objects.bulk_create(events, batch_size=500)
        last_id = events[-1].pk
        if last_id is None:  # a database that does not return ids from a bulk insert
            last_id = AuditEvent.objects.filter(chain=chain, seq=seq).values_list("pk", flat=True).get()
        AuditChainHead.objects.filter(pk=head.pk).update(last_seq=seq, last_hash=last, last_event_id=last_id)
        remember_head(HeadState(pk=head.pk, chain=head.chain, last_seq=seq, last_hash=last))
