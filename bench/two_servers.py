#!/usr/bin/env python
"""Benchmark (not a test): the platform past one server — two application servers and two
workers on one PostgreSQL primary, with a streaming replica for the reads that may go there.

    python bench/two_servers.py --scale county

Starts its own private PostgreSQL cluster (initdb into var/two-servers/, as the `postgres` user
when run as root) on two free ports: a primary, seeded with `manage.py seed`, and a replica made
with `pg_basebackup -R` that streams from it. Then, all with production settings:

- two gunicorn servers (2 workers each), both with `DATABASE_URL` on the primary,
  `DATABASE_REPLICA_URL` on the replica and the shared database cache (`ZHENGXIE_CACHE_URL=db://`,
  sessions `cached_db`);
- two `manage.py worker` processes with their schedulers.

It measures, next to the bare baseline (`/healthz`) in the same run:

1. one session, made once, used on both servers (nothing sticky): the proposal queue, the
   proposal statistics (read from the replica) and the duty rankings (replica), on each server,
   with the replica lag each replica page shows;
2. 400 probe jobs enqueued at once and run by the two workers: each must run exactly once;
3. two schedulers ticking at the same moment with every periodic job due: each slot claimed by
   exactly one of them.

Everything it started is stopped and removed at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, SESSION_SNIPPET, bench_env, free_port, manage, measure

WORK = ROOT / "var" / "two-servers"
PROBE_FILE = WORK / "probe-runs.txt"

ENQUEUE_SNIPPET = """
from bench.two_servers_probe import mark
for n in range({count}):
    mark.enqueue(n, "{path}")
print("ENQUEUED")
"""

# Both schedulers tick at the same future moment, when every periodic job is due: each slot must
# be claimed by exactly one of them.
RACE_SNIPPET = """
from datetime import datetime
from zhengxie.lib.scheduler import run_due
print("CLAIMED", " ".join(run_due(now=datetime.fromisoformat("{at}"))))
"""


def pg_bin(name: str) -> str:
    bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    candidates = [Path(bindir) / name, *installed]
    for path in candidates:
        if path.exists():
            return str(path)
    raise SystemExit(f"{name} not found: install PostgreSQL's server package")


def as_postgres(*args: str) -> list[str]:
    """initdb and the server refuse to run as root: run them as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


def run(*args: str) -> None:
    subprocess.run(as_postgres(*args), check=True, capture_output=True)


def start_cluster(datadir: Path, port: int, *, replica_of: int | None = None) -> None:
    if replica_of is None:
        run(
            pg_bin("initdb"),
            "-D",
            str(datadir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
    else:
        run(pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(replica_of), "-U", "postgres",
            "-D", str(datadir), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
    with (datadir / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{datadir}'\n"
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = on\n"
        )
    run(pg_bin("pg_ctl"), "-D", str(datadir), "-l", str(datadir / "server.log"), "-w", "start")


def stop_cluster(datadir: Path) -> None:
    subprocess.run(
        as_postgres(pg_bin("pg_ctl"), "-D", str(datadir), "-m", "fast", "-w", "stop"), capture_output=True
    )


def start(command: list[str], env: dict[str, str], stack: ExitStack) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    stack.callback(stop)
    return process


def wait_for_http(port: int) -> None:
    import http.client

    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not start")


def first_request(port: int, path: str, cookie: str) -> str:
    import http.client

    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return f"{response.status} in {(time.perf_counter() - start) * 1000:.0f} ms"


def lag_shown(port: int, path: str, cookie: str) -> str:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie})
    body = conn.getresponse().read().decode()
    found = re.search(r"数据可能有\s*(\d+)\s*秒延迟", body)
    return f"{found.group(1)} s" if found else "no note"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["county", "city"], default="county")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=400)
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(WORK, "postgres")
    primary_port, replica_port = free_port(), free_port()
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, WORK, True)
        start_cluster(WORK / "primary", primary_port)
        stack.callback(stop_cluster, WORK / "primary")
        run(pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres", "zhengxie")
        env = bench_env()
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{primary_port}/zhengxie",
            ZHENGXIE_CACHE_URL="db://",
        )
        start_at = time.perf_counter()
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "seed", "--scale", args.scale)
        manage(env, "collectstatic", "--no-input", "-v0")
        print(f"primary seeded at {args.scale} scale in {time.perf_counter() - start_at:.0f} s")
        start_cluster(WORK / "replica", replica_port, replica_of=primary_port)
        stack.callback(stop_cluster, WORK / "replica")
        env["DATABASE_REPLICA_URL"] = f"postgres://postgres@127.0.0.1:{replica_port}/zhengxie"

        output = manage(env, "shell", "-c", SESSION_SNIPPET.format(scale=args.scale))
        _, session_key, _committee = next(
            line for line in output.splitlines() if line.startswith("SESSION")
        ).split()
        cookie = f"sessionid={session_key}"

        ports = [free_port(), free_port()]
        for port in ports:
            start([PYTHON, "-m", "gunicorn", "zhengxie.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
                   "--log-level", "warning"], env, stack)  # fmt: skip
        for port in ports:
            wait_for_http(port)
        PROBE_FILE.write_text("")
        for _ in range(2):
            start([PYTHON, "manage.py", "worker", "--interval", "0.5"], env, stack)

        pages = [
            ("baseline /healthz", "/healthz"),
            ("proposal queue (primary)", "/proposals/queue/"),
            ("proposal statistics (replica)", "/proposals/stats/"),
            ("duty rankings (replica)", "/duty/rankings/"),
        ]
        for label, path in pages:  # one request each first: a page that fails stops the run here
            for port in ports:
                print(f"first request: {label} on {port}: {first_request(port, path, cookie)}", flush=True)
        print(f"\nscale={args.scale} requests={args.requests} concurrency={args.concurrency} per server")
        print(f"{'endpoint':<34}{'server':>8}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}{'ratio':>7}")
        for _label, path in pages:
            for port in ports:
                measure(port, path, cookie, args.concurrency * 5, args.concurrency)  # warm up
        baseline: dict[str, float] = {}
        for label, path in pages:
            for name, port in zip(("app1", "app2"), ports, strict=True):
                p50, p95, rps = measure(port, path, cookie, args.requests, args.concurrency)
                baseline.setdefault(name, rps)
                print(f"{label:<34}{name:>8}{p50:>9.1f}{p95:>9.1f}{rps:>8.0f}{rps / baseline[name]:>7.2f}")
        for label, path in pages[2:]:
            print(f"{label}: the page shows the replica's lag as {lag_shown(ports[1], path, cookie)}")

        start_at = time.perf_counter()
        manage(env, "shell", "-c", ENQUEUE_SNIPPET.format(count=args.jobs, path=PROBE_FILE))
        runs: list[str] = []
        for _ in range(600):
            runs = PROBE_FILE.read_text().split()
            if len(set(runs)) >= args.jobs:
                break
            time.sleep(0.5)
        time.sleep(2)  # let a second run of any job, if there were one, show up
        runs = PROBE_FILE.read_text().split()
        numbers = [line.split(":")[0] for line in runs]
        workers = {line.split(":")[1] for line in runs}
        print(
            f"\njobs: {args.jobs} enqueued, {len(set(numbers))} run, {len(numbers) - len(set(numbers))} run twice,"
            f" by {len(workers)} worker processes, in {time.perf_counter() - start_at:.1f} s"
        )
        at = (datetime.now(UTC) + timedelta(days=400)).isoformat()
        racers = [
            subprocess.Popen(
                [PYTHON, "manage.py", "shell", "-c", RACE_SNIPPET.format(at=at)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        claimed = [
            next(line for line in racer.communicate()[0].splitlines() if line.startswith("CLAIMED")).split()[
                1:
            ]
            for racer in racers
        ]
        both = set(claimed[0]) & set(claimed[1])
        print(
            f"periodic slots, two schedulers ticking at once with all {len(set(claimed[0]) | set(claimed[1]))}"
            f" due: claimed {len(claimed[0])} + {len(claimed[1])}, by both {len(both)}"
        )


if __name__ == "__main__":
    main()
