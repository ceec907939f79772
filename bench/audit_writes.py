#!/usr/bin/env python
"""Benchmark (not a test): audited writes per second at 1, 4, 16 and 64 clients on PostgreSQL,
gunicorn with 4 workers.

    python bench/audit_writes.py --seconds 10

Uses DATABASE_URL if it names a PostgreSQL database, else creates and migrates
postgres://postgres@127.0.0.1:5432/zx_audit_bench. Starts gunicorn on 127.0.0.1:8103 with
bench/audit_site.py (the platform's settings plus three POST views) and, for each number of
clients, sends POSTs for `--seconds` seconds to:

- `bare`: the same request and transaction without an audit event (the baseline);
- `commit only`: the same, made durable (COMMIT flushes the WAL) but still without an event, to
  tell the cost of any durable write from the audit log's own;
- `per committee`: one audited write for one of 150 committees drawn at random (chains per
  committee: only writers of the same committee wait for each other);
- `one chain`: every write on one chain, which is what every audited write in the deployment did
  before the log had a chain per committee.

While each audited level runs, a sampler reads pg_stat_activity every 100 ms and counts the lock
waits by what is waited for; the top three are printed with each line.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, bench_env, manage

PORT = 8103
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zx_audit_bench"
ENDPOINTS = [
    ("bare", "/bench/bare"),
    ("commit only", "/bench/commit"),
    ("per committee", "/bench/audit"),
    ("one chain", "/bench/audit-one-chain"),
]

LOCK_WAITS = """
SELECT coalesce(l.locktype, a.wait_event) AS waited, c.relname, left(a.query, 60)
FROM pg_stat_activity a
LEFT JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
LEFT JOIN pg_class c ON c.oid = l.relation
WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
"""


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    name = DEFAULT_URL.rsplit("/", 1)[1]
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", "template0", "-E", "UTF8",
         "--lc-collate=C.UTF-8", "--lc-ctype=C.UTF-8", name],
        capture_output=True,
    )  # fmt: skip
    return DEFAULT_URL


def start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "zhengxie.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "4",
         "--backlog", "256", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.audit_site"},
    )  # fmt: skip
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def run_level(path: str, clients: int, seconds: float) -> tuple[float, int, float]:
    """(writes/s, errors, p95 ms) of `clients` keep-alive clients POSTing for `seconds`."""
    stop = time.perf_counter() + seconds
    done: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine, failed = [], 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                connection.request("POST", path, body=b"", headers={"Content-Length": "0"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                ok = False
            if ok:
                mine.append((time.perf_counter() - start) * 1000)
            else:
                failed += 1
        connection.close()
        with lock:
            done.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    done.sort()
    p95 = done[int(len(done) * 0.95)] if done else 0.0
    return len(done) / elapsed, errors[0], p95


def sample_lock_waits(url: str, stop: threading.Event, counts: Counter[str]) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        while not stop.is_set():
            for waited, relation, query in connection.execute(LOCK_WAITS).fetchall():
                counts[f"{waited} {relation or ''} | {' '.join(query.split())}".strip()] += 1
            stop.wait(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint and number of clients")
    parser.add_argument("--clients", default="1,4,16,64")
    args = parser.parse_args()
    url = database_url()
    env = {**bench_env(), "DATABASE_URL": url}
    manage(env, "migrate", "--no-input", "-v0")
    server = start_server(env)
    try:
        for _, path in ENDPOINTS:  # warm every worker up
            run_level(path, 8, 1.0)
        print(
            f"{'clients':>7} {'endpoint':<14}{'writes/s':>9}{'ratio':>7}{'p95 ms':>8}{'errors':>7}  top lock waits"
        )
        for clients in [int(c) for c in args.clients.split(",")]:
            baseline = 0.0
            for label, path in ENDPOINTS:
                stop, counts = threading.Event(), Counter[str]()
                sampler = threading.Thread(target=sample_lock_waits, args=(url, stop, counts))
                sampler.start()
                rate, errors, p95 = run_level(path, clients, args.seconds)
                stop.set()
                sampler.join()
                baseline = baseline or rate
                top = "; ".join(f"{n}× {what}" for what, n in counts.most_common(3)) or "-"
                print(
                    f"{clients:>7} {label:<14}{rate:>9.0f}{rate / baseline:>7.2f}{p95:>8.1f}{errors:>7}  {top}"
                )
                sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
