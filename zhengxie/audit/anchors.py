"""Anchoring the chains' heads outside the database.

At intervals (the periodic job `audit.anchor_chain_heads`) and after each successful
`verify_audit`, the newest event of every chain that moved since its last anchor is written as one
JSON line, with an HMAC-SM3 under the audit key, to the append-only file
settings.AUDIT_ANCHOR_FILE and to the logger `zhengxie.audit.anchor` (ship it to an external
sink). Someone who can change the database cannot change these lines, so `verify_audit` notices a
chain cut short or deleted and regrown up to the newest anchor.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from zhengxie.lib.crypto import audit_key, hmac_sm3_hex

from .models import AuditChainHead, AuditEvent

logger = logging.getLogger("zhengxie.audit.anchor")


@dataclass(frozen=True)
class Anchor:
    """One anchored head: the chain's event number `seq` (None in the legacy chain, which is
    matched by event id) had this hash."""

    chain: str
    seq: int | None
    event: int
    hash: str
    at: str


class AnchorFileError(Exception):
    pass


def _mac(fields: dict[str, object]) -> str:
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac_sm3_hex(audit_key(), b"zhengxie audit anchor\n" + text.encode())


def anchor_path() -> Path | None:
    configured = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    return Path(configured) if configured else None


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """Every anchor in the file, in order; AnchorFileError names the first line that fails its
    HMAC (a line edited or forged without the key)."""
    path = path or anchor_path()
    if path is None or not path.exists():
        return []
    anchors = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                fields = json.loads(line)
                mac = fields.pop("mac")
                ok = mac == _mac(fields)
            except (ValueError, KeyError, TypeError, AttributeError):
                ok = False
            if not ok:
                raise AnchorFileError(f"锚点文件第 {number} 行无法通过校验（被修改或伪造）")
            anchors.append(
                Anchor(fields["chain"], fields["seq"], fields["event"], fields["hash"], fields["at"])
            )
    return anchors


def _latest(anchors: list[Anchor]) -> dict[str, Anchor]:
    return {anchor.chain: anchor for anchor in anchors}


def _current_heads() -> Iterator[Anchor]:
    """Each chain's newest event as stored (read from the event itself, not only its head row)."""
    heads = {head.last_event_id: head for head in AuditChainHead.objects.filter(last_event_id__gt=0)}
    events = AuditEvent.objects.filter(pk__in=list(heads)).values_list("pk", "chain", "seq", "hash")
    now = timezone.now().isoformat(timespec="seconds")
    for pk, chain, seq, hash_ in events:
        head = heads[pk]
        if head.chain != chain or head.last_hash != hash_:
            logger.error("审计链 %s 的链尾与其最新事件不符，未写锚点；请运行 verify_audit", head.chain)
            continue
        yield Anchor(chain, seq, pk, hash_, now)


def write_anchors() -> int:
    """Anchor every chain whose head moved since its last anchor; return how many were written."""
    path = anchor_path()
    previous: dict[str, Anchor] = {}
    if path is not None:
        try:
            previous = _latest(read_anchors(path))
        except AnchorFileError as exc:
            # Keep anchoring: the bad line stays as evidence and verify_audit reports it.
            logger.error("%s", exc)
    lines = []
    for anchor in _current_heads():
        before = previous.get(anchor.chain)
        if before is not None and (before.event, before.hash) == (anchor.event, anchor.hash):
            continue
        fields: dict[str, object] = {
            "chain": anchor.chain,
            "seq": anchor.seq,
            "event": anchor.event,
            "hash": anchor.hash,
            "at": anchor.at,
        }
        line = json.dumps({**fields, "mac": _mac(fields)}, sort_keys=True, ensure_ascii=False)
        logger.info("%s", line)
        lines.append(line + "\n")
    if path is not None and lines:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each write lands at the end even with two writers; one write per batch.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, "".join(lines).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    return len(lines)
