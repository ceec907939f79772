"""Rewriting personal data under the current key (`manage.py rotate_data_key`, docs/deploy.md).

Every model's EncryptedTextField columns are found by type, each with its `<name>_hash` search
column when the model has one. Rows are read in primary-key batches; a batch is locked, and each
row whose ciphertext is not under the current key version, or whose search hash is not the
current key's hash of its value, is rewritten in the same short transaction. A row already right
is left alone, so a second run changes nothing and a run that died half-way simply starts again
and skips what was done (`start_after` lets it skip the scan too). The platform keeps running:
it reads both key versions and looks hashes up under all of them meanwhile (lib/crypto.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from .crypto import EncryptedTextField, current_key_version, key_version_of, search_hash

BATCH = 500


@dataclass(frozen=True)
class Target:
    """One model's encrypted columns, each with its search-hash column or ''."""

    model: type[models.Model]
    columns: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class Progress:
    label: str
    scanned: int = 0
    rewritten: int = 0
    last_pk: Any = None


def targets() -> list[Target]:
    """Every concrete model with an encrypted column, in a stable order."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or model._meta.abstract:
            continue
        own = {f.name for f in model._meta.concrete_fields}
        columns = tuple(
            (f.name, f"{f.name}_hash" if f"{f.name}_hash" in own else "")
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedTextField)
        )
        if columns:
            found.append(Target(model, columns))
    return sorted(found, key=lambda t: t.label)


def _stale(row: Any, target: Target, version: int) -> bool:
    for name, hash_name in target.columns:
        raw = getattr(row, f"_raw_{name}")
        if raw and key_version_of(raw) != version:
            return True
        value = getattr(row, name)
        if hash_name and value and getattr(row, hash_name) != search_hash(value):
            return True
    return False


def _batches(target: Target, start_after: Any, size: int) -> Iterator[list[Any]]:
    manager = target.model._base_manager
    names = [n for pair in target.columns for n in pair if n]
    raw = {f"_raw_{n}": Cast(n, models.TextField()) for n, _ in target.columns}
    last = start_after
    while True:
        with transaction.atomic():
            qs = manager.select_for_update().only("pk", *names).annotate(**raw).order_by("pk")
            if last is not None:
                qs = qs.filter(pk__gt=last)
            rows = list(qs[:size])
            if not rows:
                return
            yield rows  # the caller rewrites inside this transaction, while the rows are locked
        last = rows[-1].pk


def rotate_model(
    target: Target,
    *,
    batch_size: int = BATCH,
    start_after: Any = None,
    on_batch: Callable[[Progress], None] | None = None,
) -> Progress:
    version = current_key_version()
    progress = Progress(target.label, last_pk=start_after)
    update_fields = [n for pair in target.columns for n in pair if n]
    for rows in _batches(target, start_after, batch_size):
        stale = [r for r in rows if _stale(r, target, version)]
        for row in stale:
            for name, hash_name in target.columns:
                value = getattr(row, name)
                if hash_name and value:
                    setattr(row, hash_name, search_hash(value))
        if stale:
            # Saving the decrypted values encrypts them again, under the current key.
            target.model._base_manager.bulk_update(stale, update_fields)
        progress.scanned += len(rows)
        progress.rewritten += len(stale)
        progress.last_pk = rows[-1].pk
        if on_batch is not None:
            on_batch(progress)
    return progress
