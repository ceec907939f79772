#!/usr/bin/env python
"""Benchmark (not a test): the information centre's queue, an item's page with every level's
status, the year's statistics and the queue API against a bare baseline view, as the information
centre of the seeded top committee.

    python bench/opinions.py --scale province --requests 400

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, manage, prepare, server

ITEM_SNIPPET = """
from zhengxie.opinions.models import Opinion
item = Opinion.objects.filter(committee_id={committee_id}, origin__isnull=False).order_by("id").first()
print("ITEM", item.pk if item else Opinion.objects.filter(committee_id={committee_id}).order_by("id").first().pk)
print("COUNT", Opinion.objects.count())
"""


def main() -> None:
    args = arguments(__doc__)
    env, cookie, committee_id = prepare(args.scale)
    output = manage(env, "shell", "-c", ITEM_SNIPPET.format(committee_id=committee_id))
    lines = dict(line.split() for line in output.splitlines() if line.startswith(("ITEM", "COUNT")))
    with server(env) as port:
        print(
            f"\nscale={args.scale} items={lines['COUNT']} requests={args.requests} "
            f"concurrency={args.concurrency} db={env['DATABASE_URL'].split(':')[0]}"
        )
        endpoints = [
            ("baseline /healthz", "/healthz"),
            ("queue, first page", "/opinions/queue/"),
            ("queue, incoming from lower committees", "/opinions/queue/?state=received&channel=lower"),
            ("item page with its chain", f"/opinions/{lines['ITEM']}/"),
            ("statistics of the year", "/opinions/stats/"),
            ("queue API, 20 rows", f"/api/v1/opinions/queue?committee={committee_id}"),
        ]
        compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
