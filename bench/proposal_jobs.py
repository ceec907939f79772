#!/usr/bin/env python
"""Benchmark (not a test): the proposals' daily job (`proposals.tasks.close_due`) over a seeded
database, committing as it does in production.

    python bench/proposal_jobs.py --scale city

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3 (shared with the other benchmarks).
Seeds the data on first use, then runs the job in a throwaway copy of the seeded database
(PostgreSQL: `CREATE DATABASE … TEMPLATE`; SQLite: `VACUUM INTO`), so that every item commits on
its own as in production and the seeded data stays as it was:

1. the first run after the seed, when every unit already late gets its 催办 item at once (the
   heaviest night the job will ever have);
2. a rerun the same day, which must open nothing;
3. a normal night: the next day, with only what fell due since.

Printed next to them, in the same run, the bare baseline: counting the late assignments, and
the number of statements sent to the database per row (the figure that does not depend on what
else the machine is doing). The notices each item sends at commit are part of the timed work.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, manage, prepare

JOB_SNIPPET = """
import time
from datetime import timedelta
import time_machine
from django.db import connection
from django.utils import timezone
from zhengxie.proposals import tasks
from zhengxie.proposals.services.item_sync import overdue_assignments
from zhengxie.supervision.models import Item
from zhengxie.audit.models import AuditEvent

trips = [0]

def count(execute, sql, params, many, context):
    trips[0] += 1
    return execute(sql, params, many, context)

def timed(fn):
    trips[0] = 0
    start = time.perf_counter()
    with connection.execute_wrapper(count):
        result = fn()
    return result, time.perf_counter() - start

late, baseline = timed(lambda: overdue_assignments(timezone.localdate()).count())
items, events = Item.objects.count(), AuditEvent.objects.count()
print(f"late shares {late}, supervision items before {items}; baseline (count the late shares) {baseline * 1000:.0f} ms")
first, first_s = timed(tasks.close_due.call)
handled = sum(first.values())
print(f"first run {first_s:.1f} s {first}; {first_s / max(handled, 1) * 1000:.1f} ms per row handled;"
      f" ratio to the baseline {first_s / max(baseline, 1e-6):.0f}")
print(f"audit events written {AuditEvent.objects.count() - events}; {trips[0]} statements,"
      f" {trips[0] / max(handled, 1):.1f} per row handled")
again, again_s = timed(tasks.close_due.call)
print(f"rerun {again_s:.1f} s {again}")
with time_machine.travel(timezone.now() + timedelta(days=1)):
    night, night_s = timed(tasks.close_due.call)
print(f"next night {night_s:.1f} s {night}")
"""


def _copy(env: dict[str, str]) -> tuple[dict[str, str], str]:
    """A copy of the seeded database to run the job in, and what to remove afterwards."""
    url = env["DATABASE_URL"]
    parts = urlsplit(url)
    if parts.scheme.startswith("postgres"):
        name = parts.path.lstrip("/")
        copy = f"{name}_jobrun"
        admin = urlunsplit(parts._replace(path="/postgres"))
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{copy}"'], check=True)
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{copy}" TEMPLATE "{name}"'], check=True)
        return {**env, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{copy}"))}, copy
    source = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
    target = source.with_name(source.stem + "-jobrun.sqlite3")
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as db:
        db.execute("VACUUM INTO ?", (str(target),))
    return {**env, "DATABASE_URL": f"sqlite:///{target}"}, str(target)


def _remove(env: dict[str, str], copy: str) -> None:
    parts = urlsplit(env["DATABASE_URL"])
    if parts.scheme.startswith("postgres"):
        admin = urlunsplit(parts._replace(path="/postgres"))
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{copy}"'], check=True)
    else:
        Path(copy).unlink(missing_ok=True)


def main() -> None:
    args = arguments(__doc__)
    env, _cookie, _committee_id = prepare(args.scale)
    print(f"scale={args.scale} db={env['DATABASE_URL'].split(':')[0]}")
    run_env, copy = _copy(env)
    try:
        print(manage(run_env, "shell", "-c", JOB_SNIPPET).strip())
    finally:
        _remove(env, copy)


if __name__ == "__main__":
    main()
