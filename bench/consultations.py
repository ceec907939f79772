#!/usr/bin/env python
"""Benchmark (not a test): the activity list, the coordination calendar, members' yearly load,
the consultation list and the staff attendance API against a bare baseline view, as the seeded
province committee's activity staff.

    python bench/consultations.py --scale province --requests 400

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3. Seeds the data on first use.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, compare, manage, prepare, server

BUSIEST_SNIPPET = """
from django.db.models import Count
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.org.models import Committee
committee = Committee.objects.get(code="SEED-{scale}")
activity = Activity.objects.filter(committee=committee).annotate(n=Count("invitations")).order_by("-n", "id").first()
month = activity.starts_at
total = Invitation.objects.count()
print("BUSIEST", activity.pk, month.year, month.month, total)
"""


def main() -> None:
    args = arguments(__doc__)
    env, cookie, _committee_id = prepare(args.scale)
    line = next(
        row
        for row in manage(env, "shell", "-c", BUSIEST_SNIPPET.format(scale=args.scale)).splitlines()
        if row.startswith("BUSIEST")
    )
    _, activity_id, year, month, invitations = line.split()
    with server(env) as port:
        print(
            f"\nscale={args.scale} requests={args.requests} concurrency={args.concurrency} "
            f"db={env['DATABASE_URL'].split(':')[0]} invitations={invitations}"
        )
        endpoints = [
            ("baseline /healthz", "/healthz"),
            ("consultations, first page", "/consultations/"),
            ("consultations, overdue", "/consultations/?state=overdue"),
            ("activities, first page", "/consultations/activities/"),
            ("calendar, one month", f"/consultations/calendar/?year={year}&month={month}"),
            ("members' yearly load", f"/consultations/load/?year={year}"),
            ("activity page with invitations", f"/consultations/activities/{activity_id}/"),
            ("attendance API, 20 rows", f"/api/v1/consultations/activities/{activity_id}/attendance"),
        ]
        compare(port, cookie, endpoints, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
