"""Writing the index. Apps call `index_document` / `remove_document` (or `reindex`, which asks the
app's provider for the record's current document) in the same transaction as their write, and
`rebuild` fills the index from every provider (`manage.py search_rebuild`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from zhengxie.lib import batch as job_batch

from .models import Document
from .text import token_text

BATCH = 500


@dataclass
class Doc:
    """What an app hands to the index for one record."""

    kind: str
    object_id: int
    committee_id: int
    title: str
    body: str
    year: int
    url: str
    state: str = ""
    category: str = ""
    office_open: bool = True


def _fields(doc: Doc) -> dict[str, Any]:
    return {
        "committee_id": doc.committee_id,
        "title": doc.title[:300],
        "body": doc.body,
        "year": doc.year,
        "state": doc.state[:40],
        "category": doc.category[:40],
        "url": doc.url,
        "office_open": doc.office_open,
        "title_terms": token_text(doc.title),
        "body_terms": token_text(doc.body),
    }


def index_document(doc: Doc) -> None:
    """Add or replace one record's document."""
    Document.objects.update_or_create(kind=doc.kind, object_id=doc.object_id, defaults=_fields(doc))


def remove_document(*, kind: str, object_id: int) -> None:
    Document.objects.filter(kind=kind, object_id=object_id).delete()


@cache
def providers() -> dict[str, ModuleType]:
    return {kind: import_module(path) for kind, path in settings.SEARCH_PROVIDERS.items()}


def kind_label(kind: str) -> str:
    provider = providers().get(kind)
    return str(getattr(provider, "LABEL", "")) if provider else ""


def reindex(kind: str, *object_ids: int) -> None:
    """Rewrite the documents of these records from their app's provider (the record as it is now);
    a record the provider no longer yields leaves the index. Inside a job's batch (`lib.batch`)
    the records are indexed once, at the end of the batch and still in its transaction, however
    often the batch changed them (an item registered and issued at once is indexed once)."""
    if job_batch.current() is not None and transaction.get_connection().in_atomic_block:
        pending: dict[str, set[int]] = job_batch.memo(PENDING, dict)
        pending.setdefault(kind, set()).update(object_ids)
        job_batch.before_commit(PENDING, _reindex_pending)
        return
    _reindex(kind, *object_ids)


PENDING = "search.pending"


def _reindex_pending() -> None:
    pending: dict[str, set[int]] = job_batch.recall(PENDING) or {}
    job_batch.forget(PENDING)
    for kind, ids in pending.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), BATCH):
            _reindex(kind, *ordered[start : start + BATCH])


def _reindex(kind: str, *object_ids: int) -> None:
    found = set()
    for doc in providers()[kind].documents(pks=list(object_ids)):
        index_document(doc)
        found.add(doc.object_id)
    gone = set(object_ids) - found
    if gone:
        Document.objects.filter(kind=kind, object_id__in=gone).delete()


def _batches(docs: Iterable[Doc]) -> Iterator[list[Doc]]:
    batch: list[Doc] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild(
    *, committee_ids: Iterable[int] | None = None, progress: Callable[[str, int], None] | None = None
) -> int:
    """Replace the documents of these committees (all when None) with what the providers yield
    now, kind by kind, in batches of one transaction each. Returns the number of documents."""
    total = 0
    scope = None if committee_ids is None else list(committee_ids)
    for kind, provider in providers().items():
        with transaction.atomic():
            gone = Document.objects.filter(kind=kind)
            if scope is not None:
                gone = gone.filter(committee_id__in=scope)
            gone.delete()
        done = 0
        for batch in _batches(provider.documents(committee_ids=scope)):
            with transaction.atomic():
                Document.objects.bulk_create(
                    [Document(kind=d.kind, object_id=d.object_id, **_fields(d)) for d in batch]
                )
            done += len(batch)
            if progress:
                progress(kind, done)
        total += done
    if connection.vendor == "sqlite":
        # Deleting and re-adding every document leaves the FTS5 index in many segments full of
        # deleted entries that every query reads through; merge them (at city scale 13 s, and a
        # query measured 0.6–1.0 s before, 0.15–0.65 s after, on a loaded machine).
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    return total


@cache
def _kinds_by_model() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kind, provider in providers().items():
        for label in getattr(provider, "MODELS", ()):
            found.setdefault(label, []).append(kind)
    return found


def reindex_object(obj: Any) -> None:
    """Reindex the record `obj` if a provider declares its model (after a workflow transition)."""
    for kind in _kinds_by_model().get(obj._meta.label_lower, ()):
        reindex(kind, obj.pk)


def chunks(qs: Any, size: int = BATCH) -> Iterator[list[Any]]:
    """A queryset in primary-key order, `size` rows at a time, without OFFSET."""
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
