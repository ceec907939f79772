#!/usr/bin/env python
"""Benchmark (not a test): the reports section as the seeded top committee's staff and leader —
the committee's reports page (every loop, this year beside last year), the subtree page (every
committee below with the totals), the leader's home page with the dashboard and the published
proposal statistics — computed cold (cache off) and served again with unchanged data (cache on),
each next to a bare baseline view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zx_reports_bench python bench/reports.py --scale city

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use.
Cold pages can take seconds each: `--cold-requests` (default 20) bounds their number.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, manage, prepare, server

# The seeded staff account also leads the top committee here (the dashboard is a leader's).
LEADER_SNIPPET = """
from django.contrib.auth import get_user_model
from zhengxie.org.models import Committee, RoleAssignment
from zhengxie.proposals.models import Proposal
top = Committee.objects.get(code="SEED-{scale}")
user = get_user_model().objects.get(username="seed_seed-{scale}")
RoleAssignment.objects.get_or_create(user=user, committee=top, role="leader")
year = Proposal.objects.filter(committee=top).order_by("-year").values_list("year", flat=True).first()
print("YEAR", year)
print("COMMITTEES", Committee.objects.filter(code__startswith=top.code).count())
print("PROPOSALS", Proposal.objects.count())
"""


def main() -> None:
    cold_requests = 20
    if "--cold-requests" in sys.argv:  # this script's own option, before the shared ones
        at = sys.argv.index("--cold-requests")
        cold_requests = int(sys.argv[at + 1])
        del sys.argv[at : at + 2]
    args = arguments(__doc__)
    env, cookie, committee_id = prepare(args.scale)
    output = manage(env, "shell", "-c", LEADER_SNIPPET.format(scale=args.scale))
    facts = dict(
        line.split()
        for line in output.splitlines()
        if line.split()[:1] in (["YEAR"], ["COMMITTEES"], ["PROPOSALS"])
    )
    year = facts["YEAR"]
    endpoints = [
        ("baseline /healthz", "/healthz"),
        ("committee reports, two years", f"/reports/?committee={committee_id}&year={year}"),
        ("subtree page, proposals", f"/reports/tree/?committee={committee_id}&year={year}"),
        (
            "subtree page, 社情民意",
            f"/reports/tree/?committee={committee_id}&year={year}&section={quote('社情民意')}",
        ),
        (
            "subtree page, 委员履职",
            f"/reports/tree/?committee={committee_id}&year={year}&section={quote('委员履职')}",
        ),
        ("leader's home with dashboard", "/"),
        ("proposal statistics (published)", f"/reports/proposals/?year={year}"),
    ]
    print(
        f"\nscale={args.scale} committees={facts['COMMITTEES']} proposals={facts['PROPOSALS']} year={year} "
        f"db={env['DATABASE_URL'].split(':')[0]}"
    )
    for label, seconds, requests in (
        ("cold: computed on every request", "0", cold_requests),
        ("unchanged data: served from the cache", "3600", args.requests),
    ):
        run_env = {**env, "ZHENGXIE_REPORTS_CACHE_SECONDS": seconds}
        with server(run_env) as port:
            print(f"\n{label} (requests={requests}, concurrency={args.concurrency})")
            compare(port, cookie, endpoints, requests, args.concurrency)


if __name__ == "__main__":
    main()
