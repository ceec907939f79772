#!/usr/bin/env python
"""Benchmark (not a test): the supervision board, its filters and the items API against a bare
baseline view, and one run of the warning job over every open item of the seeded province.

    python bench/supervision.py --scale province --requests 400

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, manage, prepare, server

REFRESH_SNIPPET = """
import time
from django.db import connection
from zhengxie.supervision import warnings
from zhengxie.supervision.models import Item
open_items = Item.objects.filter(state__in=warnings.WATCHED).count()
start = time.perf_counter()
changes = warnings.refresh()
first = time.perf_counter() - start
start = time.perf_counter()
again = warnings.refresh()
second = time.perf_counter() - start
print(f"warning job: {open_items} open items; first run {first:.1f} s ({len(changes)} changes), rerun {second:.1f} s ({len(again)} changes)")
"""


def main() -> None:
    args = arguments(__doc__)
    env, cookie, committee_id = prepare(args.scale)
    print(manage(env, "shell", "-c", REFRESH_SNIPPET).strip().splitlines()[-1])
    with server(env) as port:
        print(
            f"\nscale={args.scale} requests={args.requests} concurrency={args.concurrency} db={env['DATABASE_URL'].split(':')[0]}"
        )
        endpoints = [
            ("baseline /healthz", "/healthz"),
            ("board, first page", "/supervision/"),
            ("board, red items", "/supervision/?colour=red"),
            (
                "board, state + due window",
                "/supervision/?state=in_progress&due_from=2026-01-01&due_to=2027-12-31",
            ),
            ("items API, 20 rows", f"/api/v1/supervision/items?committee={committee_id}"),
        ]
        compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
