#!/usr/bin/env python
"""Benchmark (not a test): the proposal lists at seeded scale (≈1 000 000 proposals in the
province).

    python bench/proposals.py --scale province --requests 400

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3 (shared with the other benchmarks).
Seeds the data on first use (`manage.py seed`). Two parts:

1. In-process, the raw querysets the lists stand on, each with its query plan (EXPLAIN QUERY PLAN
   on SQLite, EXPLAIN on PostgreSQL) and its median time against a bare baseline measured in the
   same run (the 20 newest proposals by primary key):
   - the office queue: one committee, submitted onwards, newest first, 20 rows, and the next page
     by keyset (`id < x`); the same filtered by state;
   - a unit's inbox: its assignments in one state, newest first;
   - a member's list: his proposals, newest first; and the full visibility rule of a member.
2. Over HTTP (gunicorn, production settings, keep-alive clients, as bench/supervision.py), the
   pages `proposals:queue` (first page and filtered), `proposals:unit_inbox` (buckets) and
   `proposals:mine`, each logged in as the seeded account that sees most: the proposal staff of
   the largest committee, the clerk of its busiest unit, its most active member. A page that this
   build does not have yet is reported and skipped.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]

from harness import arguments, compare, manage, prepare, server  # noqa: E402

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Log in as a given seeded account: prints the session key.
LOGIN_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="{username}")
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "zhengxie.accounts.backends.UsernameOrPhoneBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print("SESSION", store.session_key)
"""


def timed(step: Callable[[], object], repeat: int) -> float:
    """Median wall time in ms over `repeat` runs, after one warm-up."""
    step()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def querysets(scale: str, repeat: int) -> dict[str, str]:
    """Time and explain the lists' querysets; return the URL paths of the pages that exist."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengxie.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from zhengxie.org.models import Committee
    from zhengxie.proposals.models import Assignment, Proposal
    from zhengxie.proposals.permissions import PRIVATE_STATES, proposals_visible

    top = Committee.objects.get(code=f"SEED-{scale}")
    if not Proposal.objects.filter(committee=top).exists():
        # A seed made before the proposals app existed: add its proposals now.
        import random

        from zhengxie.org.seed import SeedResult
        from zhengxie.proposals.seed import seed

        committees = list(Committee.objects.filter(code__startswith=top.code).order_by("code"))
        start = time.perf_counter()
        seed(SeedResult(scale=scale, committees=committees), random.Random(f"zhengxie-{scale}"))
        print(f"proposals seed took {time.perf_counter() - start:.0f} s")
    code = top.code.lower()
    users = get_user_model().objects
    member_user = users.get(username=f"seed_{code}_member")
    member_id = member_user.person.memberships.get(committee=top).pk
    unit_id = (
        Assignment.objects.filter(committee=top)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["unit_id"]
    )
    total = Proposal.objects.count()
    in_committee = Proposal.objects.filter(committee=top).count()
    newest = Proposal.objects.order_by("-id").values_list("id", flat=True)[0]

    def rows(qs: QuerySet[Any]) -> Callable[[], object]:
        return lambda: list(qs.all())  # a fresh queryset each run: no result cache

    queue = Proposal.objects.filter(committee=top).exclude(state__in=PRIVATE_STATES).order_by("-id")
    page_one = list(queue.values_list("id", flat=True)[:20])
    assigned = queue.filter(state=Proposal.State.ASSIGNED)
    inbox = Assignment.objects.filter(unit_id=unit_id).select_related("proposal").order_by("-id")
    mine = Proposal.objects.filter(proposer_id=member_id).order_by("-id")
    steps: list[tuple[str, QuerySet[Any]]] = [
        ("baseline: 20 newest proposals by id", Proposal.objects.filter(id__lte=newest).order_by("-id")[:20]),
        ("queue: committee, submitted on, page 1", queue[:20]),
        ("queue: the same, next page (id < x)", queue.filter(id__lt=page_one[-1])[:20]),
        ("queue: committee + state assigned", assigned[:20]),
        ("queue: committee + year + state", assigned.filter(year=time.localtime().tm_year)[:20]),
        ("inbox: unit + pending", inbox.filter(state=Assignment.State.PENDING)[:20]),
        ("inbox: unit + handling", inbox.filter(state=Assignment.State.HANDLING)[:20]),
        ("inbox: unit + replied", inbox.filter(state=Assignment.State.REPLIED)[:20]),
        ("mine: proposer, newest first", mine[:20]),
        # Matched on the member's ids, so every branch of the OR is an index lookup.
        ("mine: everything the member may see", proposals_visible(member_user).order_by("-id")[:20]),
    ]
    print(f"\nscale={scale} proposals={total} in the largest committee={in_committee} repeat={repeat}")
    print(f"{'queryset':<44}{'median ms':>11}{'ratio':>8}")
    baseline = 0.0
    plans = []
    for label, qs in steps:
        ms = timed(rows(qs), repeat)
        baseline = baseline or ms
        print(f"{label:<44}{ms:>11.2f}{ms / baseline:>8.1f}")
        plans.append((label, qs.explain()))
    print("\nquery plans:")
    for label, plan in plans:
        print(f"-- {label}\n{plan}")

    pages = {}
    for name, query in (
        ("proposals:queue", ""),
        ("proposals:queue", "?state=assigned"),
        ("proposals:unit_inbox", ""),
        ("proposals:unit_inbox", "?bucket=handling"),
        ("proposals:mine", ""),
    ):
        try:
            pages[f"{name}{query}"] = reverse(name) + query
        except NoReverseMatch:
            print(f"{name}: not in this build, skipped")
    return pages


def login(env: dict[str, str], username: str) -> str:
    output = manage(env, "shell", "-c", LOGIN_SNIPPET.format(username=username))
    return "sessionid=" + next(line for line in output.splitlines() if line.startswith("SESSION")).split()[1]


def main() -> None:
    args = arguments(__doc__)
    env, staff_cookie, _ = prepare(args.scale)
    os.environ.update(env)
    pages = querysets(args.scale, repeat=9)
    if not pages:
        return
    code = f"seed-{args.scale}"
    cookies = {
        "proposals:queue": staff_cookie,
        "proposals:unit_inbox": login(env, f"seed_{code}_unit"),
        "proposals:mine": login(env, f"seed_{code}_member"),
    }
    with server(env) as port:
        print(
            f"\nscale={args.scale} requests={args.requests} concurrency={args.concurrency} "
            f"db={env['DATABASE_URL'].split(':')[0]}"
        )
        # One table per account, each with the bare view measured under that account's session.
        for name, cookie in cookies.items():
            endpoints = [("baseline /healthz", "/healthz")] + [
                (label, path) for label, path in pages.items() if label.startswith(name)
            ]
            if len(endpoints) > 1:
                compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
