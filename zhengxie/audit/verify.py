"""Checking the chains: every stored event must hash (HMAC-SM3 under the audit key) to its `hash`,
link to its predecessor, follow it in number, end at its chain's head, and match every anchor
written outside the database."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .anchors import Anchor, AnchorFileError, read_anchors
from .chains import GENESIS, LEGACY
from .models import AuditChainHead, AuditEvent
from .services import chain_hash


@dataclass
class ChainProblem:
    event_id: int
    reason: str
    chain: str = ""


@dataclass
class ChainSummary:
    chain: str
    events: int = 0
    last_seq: int = 0
    anchors: int = 0
    problem: ChainProblem | None = None


def chain_label(chain: str) -> str:
    """A chain's name as the pages and the command show it."""
    if chain == LEGACY:
        return "启用分链前的审计链"
    if chain == "anchors":
        return "库外锚点文件"
    if match := re.fullmatch(r"committee-(\d+)", chain):
        return f"委员会 #{match[1]} 的审计链"
    if match := re.fullmatch(r"system-(\d+)", chain):
        return f"系统审计链 {match[1]}（登录等无委员会事件）"
    return f"审计链 {chain}"


def _order(chain: str) -> tuple[int, int, str]:
    kind, _, number = chain.partition("-")
    rank = {LEGACY: 0, "system": 1, "committee": 2}.get(kind, 3)
    return rank, int(number) if number.isdigit() else 0, chain


def chain_names() -> list[str]:
    """Every chain that has a head or an event (a head without events means they were deleted)."""
    names = set(AuditChainHead.objects.values_list("chain", flat=True))
    names.update(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    return sorted(names, key=_order)


def _walk(summary: ChainSummary, anchors: dict[int, list[Anchor]], batch: int) -> tuple[str, int]:
    """Check the events of one chain in order; return (last hash, last event id)."""
    chain = summary.chain
    legacy = chain == LEGACY
    prev, last_id, position = GENESIS, 0, 0
    events = AuditEvent.objects.filter(chain=chain)
    while True:
        if legacy:
            page = list(events.filter(id__gt=last_id).order_by("id")[:batch])
        else:
            page = list(events.filter(seq__gt=position).order_by("seq")[:batch])
        if not page:
            return prev, last_id
        for event in page:
            position += 1
            problem = None
            if not legacy and event.seq != position:
                problem = f"之前的第 {position} 条事件缺失（事件被删除）"
            elif event.prev_hash != prev:
                problem = "与前一条事件的链接不符（事件被删除或插入）"
            elif chain_hash(prev, event) != event.hash:
                problem = "内容与其哈希不符（事件被修改，或审计密钥与写入时不同）"
            else:
                for anchor in anchors.pop(event.pk if legacy else position, []):
                    if anchor.hash != event.hash:
                        problem = f"与 {anchor.at} 写在库外的锚点不符（事件被替换）"
            if problem:
                summary.problem = ChainProblem(event.pk, problem, chain)
                return prev, last_id
            prev, last_id = event.hash, event.pk
            summary.events = position
            summary.last_seq = 0 if legacy else position


def verify_one(chain: str, anchors: Iterable[Anchor] = (), batch: int = 5000) -> ChainSummary:
    summary = ChainSummary(chain)
    pending: dict[int, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        pending[anchor.event if chain == LEGACY else anchor.seq or 0].append(anchor)
        summary.anchors += 1
    last_hash, last_id = _walk(summary, pending, batch)
    if summary.problem:
        return summary
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is None and not summary.events and pending:
        summary.problem = ChainProblem(0, "库外锚点记载的整条链已不在数据库中（链被删除）", chain)
    elif head is None:
        summary.problem = ChainProblem(last_id, "链尾记录缺失", chain)
    elif head.last_hash != last_hash or (chain != LEGACY and head.last_seq != summary.events):
        summary.problem = ChainProblem(head.last_event_id, "链尾与最新事件不符（末尾事件被删除）", chain)
    elif pending:
        beyond = max((a for group in pending.values() for a in group), key=lambda a: a.event)
        summary.problem = ChainProblem(
            beyond.event,
            f"库外锚点记载的事件（{beyond.at}，第 {beyond.seq or beyond.event} 条）已不在链中（链被截断）",
            chain,
        )
    return summary


def verify_all(on_chain: Callable[[ChainSummary], None] | None = None) -> list[ChainSummary]:
    """Verify every chain (and every anchor), stopping at the first problem; `on_chain` sees each
    chain's summary as soon as it is checked."""
    try:
        anchors = read_anchors()
    except AnchorFileError as exc:
        summary = ChainSummary("anchors", problem=ChainProblem(0, str(exc), "anchors"))
        if on_chain:
            on_chain(summary)
        return [summary]
    by_chain: dict[str, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        by_chain[anchor.chain].append(anchor)
    summaries = []
    for chain in sorted(set(chain_names()) | set(by_chain), key=_order):
        summary = verify_one(chain, by_chain.get(chain, ()))
        summaries.append(summary)
        if on_chain:
            on_chain(summary)
        if summary.problem:
            break
    return summaries


def verify_chain() -> tuple[int, ChainProblem | None]:
    """(events checked over all chains, first problem or None)."""
    summaries = verify_all()
    problem = next((s.problem for s in summaries if s.problem), None)
    return sum(s.events for s in summaries), problem
