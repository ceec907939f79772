#!/usr/bin/env python
"""Benchmark (not a test): a survey with 30 000 anonymous answers — the results page (figures and
charts), the results API and the survey list against a bare baseline view, as the seeded top
committee's staff — and the time to build its Excel export (the long task's work).

    python bench/surveys.py --scale county --requests 200

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use and
adds the big survey once.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, manage, prepare, server

RESPONSES = 30000
BIG_SNIPPET = """
import random, time
from types import SimpleNamespace
from zhengxie.org.models import Committee
from zhengxie.surveys import seed
from zhengxie.surveys.models import Survey
committee = Committee.objects.get(pk={committee_id})
big = Survey.objects.filter(committee=committee, response_count={responses}).first()
if big is None:
    before = set(Survey.objects.filter(committee=committee).values_list("id", flat=True))
    result = SimpleNamespace(committees=[committee], staff_usernames=["seed_" + committee.code.lower()])
    seed.seed(result, random.Random(1), responses={responses})
    big = Survey.objects.filter(committee=committee).exclude(id__in=before).get()
from zhengxie.lib.models import LongTask
from zhengxie.surveys.exports import results_workbook_job
task = LongTask(committee_id=committee.pk, params={{"survey": big.pk}}, total=0, done=0)
class P:
    def set_total(self, n): pass
    def advance(self, n=1): pass
started = time.monotonic()
outcome = results_workbook_job(task, P())
print("BIG", big.pk, big.response_count, round(time.monotonic() - started, 1), len(outcome.file[1]))
"""


def main() -> None:
    args = arguments(__doc__)
    env, cookie, committee_id = prepare(args.scale)
    output = manage(env, "shell", "-c", BIG_SNIPPET.format(committee_id=committee_id, responses=RESPONSES))
    _, survey, count, seconds, size = next(
        line for line in output.splitlines() if line.startswith("BIG")
    ).split()
    print(f"\nExcel export of {count} responses: {seconds} s, {int(size) // 1024} KB")
    with server(env) as port:
        print(
            f"scale={args.scale} responses={count} requests={args.requests} "
            f"concurrency={args.concurrency} db={env['DATABASE_URL'].split(':')[0]}"
        )
        endpoints = [
            ("baseline /healthz", "/healthz"),
            ("survey list", "/surveys/"),
            ("results page (figures, 3 charts, text sample)", f"/surveys/{survey}/results/"),
            ("results API (JSON)", f"/api/v1/surveys/{survey}/results"),
        ]
        compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
