"""The reports' cache: a page's figures are computed once and served again until the data behind
them changes. The key holds the data's last change — the newest audit event of the committees
concerned, their ancestors (a city's write can change a county's figures, e.g. an adoption of a
county's item) and the system's jobs — read from the audit chains' heads: one small indexed
query. Every write of the loops is audited (DESIGN §4), so a change of the records is a new
event, and a new key. The key also holds today's date, since "late" and "coming" move with it.

`REPORTS_CACHE_SECONDS` (0 switches it off) bounds how long an unchanged result is kept."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Q
from django.utils import timezone

from zhengxie.audit.models import AuditChainHead
from zhengxie.org.models import Committee

T = TypeVar("T")


def _with_ancestors(ids: Iterable[int]) -> set[int]:
    parents = dict(Committee.objects.values_list("id", "parent_id"))
    found: set[int] = set()
    for pk in ids:
        node: int | None = pk
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return found


def last_change(committee_ids: Iterable[int]) -> int:
    """The id of the newest audit event that can have changed these committees' figures."""
    chains = [f"committee-{pk}" for pk in sorted(_with_ancestors(committee_ids))]
    newest = AuditChainHead.objects.filter(Q(chain__in=chains) | Q(chain__startswith="system-")).aggregate(
        m=Max("last_event_id")
    )["m"]
    return int(newest or 0)


def cached(
    name: str, committee_ids: Iterable[int], parts: tuple[Any, ...], compute: Callable[[], T]
) -> tuple[T, datetime]:
    """(the value, when it was computed): from the cache while the data is unchanged."""
    seconds = getattr(settings, "REPORTS_CACHE_SECONDS", 0)
    if not seconds:
        return compute(), timezone.now()
    ids = sorted(set(committee_ids))
    marker = last_change(ids)
    raw = repr((name, ids, parts, marker, timezone.localdate().isoformat()))
    key = "reports:" + hashlib.sha256(raw.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        value, at = hit
        return value, at
    value = compute()
    at = timezone.now()
    # Kept only if nothing changed while it was computed (a computation may itself open a year's
    # duty settings, which is audited): otherwise the next request computes it again.
    if last_change(ids) == marker:
        cache.set(key, (value, at), seconds)
    return value, at
