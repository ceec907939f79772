#!/usr/bin/env python
"""Benchmark (not a test): the member directory and the member API against a bare baseline view,
at seeded scale, served by gunicorn with production settings on this machine.

    python bench/member_list.py --scale province --requests 400

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use.
Prints p50/p95 latency, requests per second and the ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, prepare, server


def main() -> None:
    args = arguments(__doc__)
    env, cookie, committee_id = prepare(args.scale)
    with server(env) as port:
        print(
            f"\nscale={args.scale} requests={args.requests} concurrency={args.concurrency} db={env['DATABASE_URL'].split(':')[0]}"
        )
        endpoints = [
            ("baseline /healthz", "/healthz"),
            ("member directory, first page", "/org/members/"),
            ("member directory, name filter", "/org/members/?q=%E7%8E%8B"),
            ("member API, 20 rows", f"/api/v1/org/members?committee={committee_id}"),
        ]
        compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
