#!/usr/bin/env python
"""Benchmark (not a test): the proposals' daily job (`proposals.tasks.close_due`) over a seeded
database, committing as it does in production.

    python bench/proposal_jobs.py --scale city [--workers 2]

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3 (shared with the other benchmarks).
Seeds the data on first use, then runs the job in a throwaway copy of the seeded database
(PostgreSQL: `CREATE DATABASE … TEMPLATE`; SQLite: `VACUUM INTO`), so that every item commits on
its own as in production and the seeded data stays as it was:

1. the first run after the seed, when every unit already late gets its 催办 item at once (the
   heaviest night the job will ever have);
2. a rerun the same day, which must open nothing;
3. a normal night: the next day, with only what fell due since.

With `--workers N` the first run is the scheduler's own: `close_due_fan_out` enqueues one
`close_due_for` job per committee with due work and N `manage.py worker --once --queue-only`
processes drain the queue side by side, as a deployment's workers do; the wall time from the
fan-out to the last worker's exit is the night's length.

Printed next to them, in the same run, the bare baseline: counting the late assignments, and
the number of statements sent to the database per row (the figure that does not depend on what
else the machine is doing). The notices each item sends at commit are part of the timed work.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, manage, prepare

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
print(f"BASELINE {baseline} {items} {events}")
"""

FIRST_SNIPPET = """
first, first_s = timed(tasks.close_due.call)
handled = sum(first.values())
print(f"first run {first_s:.1f} s {first}; {first_s / max(handled, 1) * 1000:.1f} ms per row handled;"
      f" ratio to the baseline {first_s / max(BASELINE, 1e-6):.0f}")
print(f"audit events written {AuditEvent.objects.count() - EVENTS}; {trips[0]} statements,"
      f" {trips[0] / max(handled, 1):.1f} per row handled")
"""

FAN_OUT_SNIPPET = """
fanned, fan_s = timed(tasks.close_due_fan_out.call)
print(f"FANNED {fanned['committees']} {fan_s}")
"""

AFTER_FAN_OUT_SNIPPET = """
from django_tasks_db.models import DBTaskResult
jobs = DBTaskResult.objects.filter(task_path="zhengxie.proposals.tasks.close_due_for")
done = {"submitted": 0, "closed": 0, "urged": 0, "reported": 0}
for result in jobs.filter(status="SUCCESSFUL"):
    for key, value in (result.return_value or {}).items():
        done[key] += value
failed = jobs.exclude(status="SUCCESSFUL").count()
handled = sum(done.values())
print(f"first run across {WORKERS} workers {WALL:.1f} s {done}; {WALL / max(handled, 1) * 1000:.1f} ms per row"
      f" handled; {jobs.count()} committee jobs, {failed} not successful; ratio to the baseline"
      f" {WALL / max(BASELINE, 1e-6):.0f}")
print(f"audit events written {AuditEvent.objects.count() - EVENTS};"
      f" supervision items opened {Item.objects.count() - ITEMS}")
"""

LATER_SNIPPET = """
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


def _shell(env: dict[str, str], *snippets: str, **values: object) -> str:
    preamble = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return manage(env, "shell", "-c", JOB_SNIPPET.split("late, baseline")[0] + preamble + "".join(snippets))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["county", "city", "province"], default="city")
    parser.add_argument(
        "--workers", type=int, default=0, help="share the first run across N worker processes"
    )
    args = parser.parse_args()
    env, _cookie, _committee_id = prepare(args.scale)
    print(f"scale={args.scale} db={env['DATABASE_URL'].split(':')[0]}")
    run_env, copy = _copy(env)
    try:
        out = manage(run_env, "shell", "-c", JOB_SNIPPET).strip()
        baseline_line = next(line for line in out.splitlines() if line.startswith("BASELINE"))
        print("\n".join(line for line in out.splitlines() if not line.startswith("BASELINE")))
        _, baseline, items, events = baseline_line.split()
        known = {"BASELINE": float(baseline), "ITEMS": int(items), "EVENTS": int(events)}
        if args.workers:
            start = time.perf_counter()
            fanned = _shell(run_env, FAN_OUT_SNIPPET, **known)
            committees = next(line for line in fanned.splitlines() if line.startswith("FANNED")).split()[1]
            workers = [
                subprocess.Popen(
                    [PYTHON, "manage.py", "worker", "--once", "--queue-only"], cwd=ROOT, env=run_env
                )
                for _ in range(args.workers)
            ]
            for worker in workers:
                worker.wait()
            wall = time.perf_counter() - start
            print(f"fan-out: {committees} committees with due work")
            print(_shell(run_env, AFTER_FAN_OUT_SNIPPET, WORKERS=args.workers, WALL=wall, **known).strip())
        else:
            print(_shell(run_env, FIRST_SNIPPET, **known).strip())
        print(_shell(run_env, LATER_SNIPPET, **known).strip())
    finally:
        _remove(env, copy)


if __name__ == "__main__":
    main()
