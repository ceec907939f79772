#!/usr/bin/env python
"""Benchmark (not a test): the plenary peak — many members submitting proposals through the API at
once (a draft, then its submission), at a fixed offered rate, against gunicorn with production
settings.

    python bench/plenary.py --scale county --rate 50 --seconds 300 --workers 4 --members 400
    python bench/plenary.py --scale county --rate 50 --seconds 60 --workers 2 --sqlite-busy 3 --max-queue-ms 2000

Uses DATABASE_URL if set, else the SQLite file var/bench.sqlite3 (shared with the other
benchmarks), seeded on first use. Before the run it gives `--members` seeded members of the
seeded committee (SEED-<scale>) an account and an API token each (once; later runs reuse the
accounts and make new tokens). Then it offers `--rate` submissions a second for `--seconds`
seconds, open loop: a submission is started on schedule whether or not earlier ones have
finished, as members at a plenary do, each by a member drawn in turn, on keep-alive connections.

Every request's latency and status is kept. Afterwards the script compares what the clients were
told with the rows: a submission answered 2xx whose proposal is not submitted is *lost*; a
title stored more than once is *duplicated*. Before the load, in the same run, the bare baseline:
`/healthz` at the same rate. The last line is

    rate=… p95_ms=… errors=… lost=… duplicated=…

where rate is completed submissions a second and p95 the 95th percentile of every request.
Each request carries `X-Request-Start` as nginx would set it, so `--max-queue-ms` (the server's
ZHENGXIE_MAX_QUEUE_MS) sheds what waited too long with a 503 and `Retry-After`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import queue
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, free_port, manage, prepare

SETUP_SNIPPET = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from zhengxie.accounts.tokens import api_token_create
from zhengxie.org.models import Committee, Member, Person, RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.proposals.config import settings_for

committee = Committee.objects.get(code="SEED-{scale}")
users = get_user_model().objects
wanted = {members}
have = list(users.filter(username__startswith="plenary_").order_by("username"))
if len(have) < wanted:
    now = timezone.now()
    free = list(
        Member.objects.filter(committee=committee, is_active=True, person__user__isnull=True)
        .order_by("id").values_list("person_id", flat=True)[: wanted - len(have)]
    )
    for i, person_id in enumerate(free, start=len(have)):
        user = users.create(username=f"plenary_{{i:05d}}", display_name=f"大会委员{{i}}",
                            privacy_acknowledged_at=now, password_changed_at=now)
        user.set_unusable_password(); user.save(update_fields=["password"])
        Person.objects.filter(pk=person_id).update(user=user)
        RoleAssignment.objects.create(user=user, committee=committee, role=Role.MEMBER)
    have = list(users.filter(username__startswith="plenary_").order_by("username"))
print("CATEGORY", settings_for(committee.pk).categories[0])
print("COMMITTEE", committee.pk)
for user in have[:wanted]:
    print("TOKEN", api_token_create(user=user, name="plenary bench")[1])
"""

CHECK_SNIPPET = """
import json
from collections import Counter
from zhengxie.proposals.models import Proposal
rows = list(Proposal.objects.filter(title__contains="{marker}").values_list("id", "title", "state"))
counts = Counter(title for _id, title, _state in rows)
print("ROWS", len(rows))
print("DUPLICATED", sum(n - 1 for n in counts.values() if n > 1))
print("STATES", json.dumps({{pk: state for pk, _title, state in rows}}))
"""

TEXT = (
    "近年来，本地城乡居民对公共服务的需求持续增长，部分社区公共设施老化、配套不足，"
    "群众反映较为集中。经实地走访调研，问题主要集中在资金投入分散、管理责任不清、后续维护缺位等方面。"
)


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "zhengxie.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--backlog", "1024", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return process, port
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


class Load:
    """Open-loop load: `start` is called on schedule; a pool of threads, each with its own
    keep-alive connection, does the work. Latencies and statuses of every request are kept."""

    def __init__(self, port: int, threads: int) -> None:
        self.port = port
        self.jobs: queue.Queue[tuple[object, ...] | None] = queue.Queue()
        self.latencies: list[float] = []
        self.statuses: list[int] = []
        self.lock = threading.Lock()
        self.pool = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self.pool:
            thread.start()

    def request(
        self, conn: http.client.HTTPConnection, method: str, path: str, token: str, body: object = None
    ) -> tuple[int, dict[str, object]]:
        # As nginx would (`proxy_set_header X-Request-Start "t=${msec}"`): for ZHENGXIE_MAX_QUEUE_MS.
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "X-Request-Start": f"t={time.time():.3f}",
        }
        start = time.perf_counter()
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            status, raw = 599, b"{}"
        with self.lock:
            self.latencies.append((time.perf_counter() - start) * 1000)
            self.statuses.append(status)
        try:
            return status, json.loads(raw or b"{}")
        except ValueError:
            return status, {}

    def _work(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while (job := self.jobs.get()) is not None:
            kind = job[0]
            if kind == "healthz":
                start = time.perf_counter()
                try:
                    conn.request("GET", "/healthz")
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    conn.close()
                    status = 599
                with self.lock:
                    self.latencies.append((time.perf_counter() - start) * 1000)
                    self.statuses.append(status)
            else:
                _, token, committee, category, title, done = job
                status, draft = self.request(
                    conn, "POST", "/api/v1/proposals/", str(token),
                    {"committee": committee, "title": title, "situation": TEXT, "analysis": TEXT,
                     "suggestion": TEXT, "category": category},
                )  # fmt: skip
                if status == 201:
                    status, _ = self.request(
                        conn, "POST", f"/api/v1/proposals/{draft['id']}/submit", str(token)
                    )
                    if 200 <= status < 300:
                        with self.lock:
                            done.append(draft["id"])  # type: ignore[attr-defined]
            self.jobs.task_done()

    def offer(self, make_job: object, rate: float, seconds: float) -> float:
        """Start `make_job(i)` `rate` times a second for `seconds`; the elapsed time until all
        have finished."""
        start = time.perf_counter()
        total = int(rate * seconds)
        for i in range(total):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            self.jobs.put(make_job(i))  # type: ignore[operator]
        self.jobs.join()
        return time.perf_counter() - start

    def reset(self) -> None:
        self.latencies, self.statuses = [], []

    def stop(self) -> None:
        for _ in self.pool:
            self.jobs.put(None)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else (values[0] if values else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["county", "city", "province"], default="county")
    parser.add_argument("--rate", type=float, default=50, help="submissions offered per second")
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--members", type=int, default=400, help="member accounts submitting")
    parser.add_argument("--threads", type=int, default=128, help="client threads (open connections)")
    parser.add_argument(
        "--sqlite-busy", type=int, default=0, help="ZHENGXIE_SQLITE_BUSY_SECONDS for the server"
    )
    parser.add_argument("--max-queue-ms", type=int, default=0, help="ZHENGXIE_MAX_QUEUE_MS for the server")
    args = parser.parse_args()

    env, _cookie, _committee = prepare(args.scale)
    env = {**env, "ZHENGXIE_LOCKOUT_IP_FAILURES": "1000000"}  # one client address for everyone
    setup = manage(env, "shell", "-c", SETUP_SNIPPET.format(scale=args.scale, members=args.members))
    tokens = [line.split()[1] for line in setup.splitlines() if line.startswith("TOKEN")]
    category = next(line.split(maxsplit=1)[1] for line in setup.splitlines() if line.startswith("CATEGORY"))
    committee = int(next(line.split()[1] for line in setup.splitlines() if line.startswith("COMMITTEE")))
    marker = f"大会压测{secrets.token_hex(3)}"
    db = env["DATABASE_URL"].split(":")[0]
    print(
        f"scale={args.scale} db={db} workers={args.workers} members={len(tokens)} offered={args.rate}/s for {args.seconds:.0f} s"
    )

    server_env = {**env, "ZHENGXIE_MAX_QUEUE_MS": str(args.max_queue_ms)}
    if args.sqlite_busy:
        server_env["ZHENGXIE_SQLITE_BUSY_SECONDS"] = str(args.sqlite_busy)
    server, port = start_server(server_env, args.workers)
    load = Load(port, args.threads)
    try:
        load.offer(lambda i: ("healthz",), args.rate * 2, 3)  # warm every worker up, not counted
        load.reset()
        load.offer(lambda i: ("healthz",), args.rate * 2, min(args.seconds, 20))
        base_p50, base_p95 = statistics.median(load.latencies), p95(load.latencies)
        print(f"baseline /healthz at {args.rate * 2:.0f}/s: p50 {base_p50:.1f} ms, p95 {base_p95:.1f} ms")
        load.reset()
        done: list[int] = []
        elapsed = load.offer(
            lambda i: ("submit", tokens[i % len(tokens)], committee, category,
                       f"关于{marker}第{i}号的建议", done),
            args.rate,
            args.seconds,
        )  # fmt: skip
    finally:
        load.stop()
        server.terminate()
        server.wait(timeout=30)

    check = manage(env, "shell", "-c", CHECK_SNIPPET.format(marker=marker))
    duplicated = int(next(line.split()[1] for line in check.splitlines() if line.startswith("DUPLICATED")))
    states = json.loads(
        next(line.split(maxsplit=1)[1] for line in check.splitlines() if line.startswith("STATES"))
    )
    lost = sum(1 for pk in done if states.get(str(pk)) in (None, "draft"))
    errors = sum(1 for s in load.statuses if s >= 500)
    shed = sum(1 for s in load.statuses if s == 503)
    refused = sum(1 for s in load.statuses if 400 <= s < 500)
    rate = len(done) / elapsed
    p50_ms, p95_ms = statistics.median(load.latencies), p95(load.latencies)
    print(
        f"requests {len(load.statuses)}, 5xx {errors} (of them 503 {shed}), 4xx {refused},"
        f" submissions answered 2xx {len(done)}"
        f" in {elapsed:.0f} s; p50 {p50_ms:.0f} ms; p95 to baseline p95 {p95_ms / max(base_p95, 1e-6):.0f}x"
    )
    print(f"rate={rate:.1f} p95_ms={p95_ms:.0f} errors={errors} lost={lost} duplicated={duplicated}")


if __name__ == "__main__":
    main()
