"""Checking the SM3 chain: every stored event must hash to its `hash`, and link to its predecessor."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AuditChainHead, AuditEvent
from .services import GENESIS, chain_hash


@dataclass
class ChainProblem:
    event_id: int
    reason: str


def verify_chain(batch: int = 5000) -> tuple[int, ChainProblem | None]:
    """Walk the chain in id order; return (events checked, first problem or None)."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        events = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not events:
            break
        for event in events:
            if event.prev_hash != prev:
                return checked, ChainProblem(event.pk, "与前一条事件的链接不符（事件被删除或插入）")
            if chain_hash(prev, event) != event.hash:
                return checked, ChainProblem(event.pk, "内容与其哈希不符（事件被修改）")
            prev = event.hash
            checked += 1
            last_id = event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return checked, (ChainProblem(0, "链尾记录缺失") if checked else None)
    if head.last_hash != prev:
        return checked, ChainProblem(head.last_event_id, "链尾与最新事件不符（末尾事件被删除）")
    return checked, None
