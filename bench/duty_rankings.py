#!/usr/bin/env python
"""Benchmark (not a test): recomputing duty rankings from the ledger at seeded scale.

    python bench/duty_rankings.py --scale province

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3 (shared with member_list.py).
Seeds the data on first use (`manage.py seed`: ten years of ledger entries, ≈1.5 million rows at
province scale). Times, for the most recent full year:
- one committee-year's standings (totals with caps, categories, scores, grades, four rankings),
  for the largest committee;
- the whole province: every committee's standings for the year in one call;
each against a bare baseline measured in the same run: the single GROUP BY that sums the same
year's entries per member (no caps, no categories, no ranks).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT)]

from harness import bench_env, manage  # noqa: E402


def timed(step: Callable[[], object], repeat: int) -> float:
    """Median wall time in ms over `repeat` runs, after one warm-up."""
    step()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["county", "city", "province"], default="province")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = bench_env()
    (ROOT / "var").mkdir(exist_ok=True)
    manage(env, "migrate", "--no-input", "-v0")
    seeded = time.perf_counter()
    print(manage(env, "seed", "--scale", args.scale).strip().splitlines()[-1])
    print(f"seed (or check) took {time.perf_counter() - seeded:.0f} s")
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengxie.settings")
    import django

    django.setup()
    import random

    from django.db.models import Count, Sum

    from zhengxie.duty.models import PointEntry
    from zhengxie.duty.seed import seed_points
    from zhengxie.duty.selectors import standings, standings_many
    from zhengxie.duty.services import this_year
    from zhengxie.org.models import Committee, Member
    from zhengxie.org.seed import SeedResult

    committees = list(Committee.objects.filter(code__startswith=f"SEED-{args.scale}").order_by("code"))
    ids = [c.pk for c in committees]
    if not PointEntry.objects.filter(committee_id__in=ids).exists():
        # A seed made before the duty app existed: add its ledger now.
        start = time.perf_counter()
        seed_points(
            SeedResult(scale=args.scale, committees=committees), random.Random(f"zhengxie-{args.scale}")
        )
        print(f"duty seed took {time.perf_counter() - start:.0f} s")
    year = this_year() - 1
    largest = (
        Member.objects.filter(committee_id__in=ids)
        .values("committee_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert largest is not None
    big = largest["committee_id"]
    rows = PointEntry.objects.filter(committee_id__in=ids).count()
    year_rows = PointEntry.objects.filter(committee_id__in=ids, year=year).count()
    members = Member.objects.filter(committee_id__in=ids).count()

    def bare(committee_ids: list[int]) -> Callable[[], object]:
        return lambda: list(
            PointEntry.objects.filter(committee_id__in=committee_ids, year=year)
            .values_list("member_id")
            .annotate(Sum("points"))
            .order_by()
        )

    figures = [
        (f"baseline: bare GROUP BY, 1 committee ({largest['n']} members)", timed(bare([big]), args.repeat)),
        ("standings of that committee-year", timed(lambda: standings(big, year), args.repeat)),
        (f"baseline: bare GROUP BY, {len(ids)} committees", timed(bare(ids), args.repeat)),
        (f"standings of all {len(ids)} committees", timed(lambda: standings_many(ids, year), args.repeat)),
    ]
    print(
        f"\nscale={args.scale} db={env['DATABASE_URL'].split(':')[0]} committees={len(ids)} members={members} "
        f"ledger rows={rows} rows in {year}={year_rows} repeat={args.repeat}"
    )
    print(f"{'step':<58}{'median ms':>11}{'ratio':>8}")
    for i, (label, ms) in enumerate(figures):
        ratio = ms / figures[i - i % 2][1]
        print(f"{label:<58}{ms:>11.1f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
