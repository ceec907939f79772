"""Seed and demo data: the index is filled from what the other loaders wrote (they write through
bulk inserts, not services), by the same rebuild as `manage.py search_rebuild`."""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from .index import rebuild


def seed(result: Any, rng: random.Random) -> None:
    start = time.perf_counter()
    total = rebuild(committee_ids=[c.pk for c in result.committees])
    print(f"  search index: {total:,} documents ({time.perf_counter() - start:.0f} s)", file=sys.stderr)


def load() -> None:
    rebuild()
