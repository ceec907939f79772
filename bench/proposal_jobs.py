#!/usr/bin/env python
"""Benchmark (not a test): the proposals' daily job (`proposals.tasks.close_due`) on its first run
over a seeded database, when every unit already late gets its 催办 supervision item at once.

    python bench/proposal_jobs.py --scale city

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3 (shared with the other benchmarks).
Seeds the data on first use. The job runs twice inside one transaction that is then rolled back,
so the seeded data stays as it was and the benchmark can be repeated: the first run opens the
items, the rerun must open none. Notifications wait for a commit, so their sending is not timed.
Printed next to it, in the same run, the bare baseline: counting the late assignments.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, manage, prepare

JOB_SNIPPET = """
import time
from django.db import transaction
from django.utils import timezone
from zhengxie.proposals import tasks
from zhengxie.proposals.services.item_sync import overdue_assignments
from zhengxie.supervision.models import Item

class Undo(Exception):
    pass

start = time.perf_counter()
late = overdue_assignments(timezone.localdate()).count()
baseline = time.perf_counter() - start
items = Item.objects.count()
try:
    with transaction.atomic():
        start = time.perf_counter()
        first = tasks.close_due.call()
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        again = tasks.close_due.call()
        again_s = time.perf_counter() - start
        raise Undo
except Undo:
    pass
print(f"late shares {late}, supervision items before {items}; baseline (count the late shares) {baseline * 1000:.0f} ms")
handled = sum(first.values())
print(f"first run {first_s:.1f} s {first}; {first_s / max(handled, 1) * 1000:.1f} ms per row handled")
print(f"rerun {again_s:.1f} s {again}; ratio of the first run to the baseline {first_s / max(baseline, 1e-6):.0f}")
"""


def main() -> None:
    args = arguments(__doc__)
    env, _cookie, _committee_id = prepare(args.scale)
    print(f"scale={args.scale} db={env['DATABASE_URL'].split(':')[0]}")
    print(manage(env, "shell", "-c", JOB_SNIPPET).strip())


if __name__ == "__main__":
    main()
