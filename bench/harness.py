"""What every benchmark shares: a throwaway database seeded at scale, a logged-in session of the
seeded staff account, gunicorn with production settings, and keep-alive clients that measure
latency and throughput (always printed next to a bare baseline view measured in the same run)."""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# A key for this benchmark's throwaway database only: seed and server must share it.
BENCH_DATA_KEY = "00000000000000000000000062656e63"

SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from zhengxie.org.models import Committee
user = get_user_model().objects.get(username="seed_seed-{scale}")
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "zhengxie.accounts.backends.UsernameOrPhoneBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print("SESSION", store.session_key, Committee.objects.get(code="SEED-{scale}").pk)
"""


def bench_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGXIE_")}
    env.update(
        ZHENGXIE_SECRET_KEY=secrets.token_urlsafe(50),
        ZHENGXIE_DATA_KEY=BENCH_DATA_KEY,
        ZHENGXIE_ALLOWED_HOSTS="127.0.0.1",
        ZHENGXIE_SSL_REDIRECT="0",
        ZHENGXIE_SECURE_COOKIES="0",
        ZHENGXIE_HSTS_SECONDS="0",
        ZHENGXIE_REQUIRE_2FA="0",
        ZHENGXIE_LOG_LEVEL="WARNING",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(port: int, path: str, cookie: str, total: int, concurrency: int) -> tuple[float, float, float]:
    """(p50 ms, p95 ms, requests/s) over `total` GETs from `concurrency` keep-alive clients."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = total // concurrency

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(per_client):
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    quantiles = statistics.quantiles(latencies, n=20)
    return statistics.median(latencies), quantiles[18], len(latencies) / elapsed


def prepare(scale: str) -> tuple[dict[str, str], str, str]:
    """Migrate, seed (first time only) and log in: (environment, session cookie, committee id)."""
    env = bench_env()
    (ROOT / "var").mkdir(exist_ok=True)
    manage(env, "migrate", "--no-input", "-v0")
    print(manage(env, "seed", "--scale", scale).strip().splitlines()[-1])
    manage(env, "collectstatic", "--no-input", "-v0")
    output = manage(env, "shell", "-c", SESSION_SNIPPET.format(scale=scale))
    _, session_key, committee_id = next(
        line for line in output.splitlines() if line.startswith("SESSION")
    ).split()
    return env, f"sessionid={session_key}", committee_id


WORKERS = 2


def _first_requests(port: int, workers: int) -> None:
    """One request per worker, with a long timeout, before anything is measured: a worker's
    first request imports every URL module, which takes seconds on a busy machine (tens of
    seconds where Python may not keep compiled files)."""

    def get() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        conn.close()

    threads = [threading.Thread(target=get) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@contextmanager
def server(env: dict[str, str]) -> Iterator[int]:
    """gunicorn with two workers on a free port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "zhengxie.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            # Not gunicorn's 30 s: a worker's first request may take longer (see _first_requests).
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        _first_requests(port, WORKERS)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a worker still busy with a slow page
            process.kill()
            process.wait()


def compare(
    port: int, cookie: str, endpoints: list[tuple[str, str]], requests: int, concurrency: int
) -> None:
    """Print p50/p95/throughput of each endpoint and its ratio to the first (the baseline)."""
    for _, path in endpoints:  # warm up every worker
        measure(port, path, cookie, concurrency * 5, concurrency)
    print(f"{'endpoint':<36}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}{'ratio':>8}")
    baseline = 0.0
    for label, path in endpoints:
        p50, p95, rps = measure(port, path, cookie, requests, concurrency)
        baseline = baseline or rps
        print(f"{label:<36}{p50:>9.1f}{p95:>9.1f}{rps:>9.0f}{rps / baseline:>8.2f}")


def arguments(doc: str | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["county", "city", "province"], default="city")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint (bounded)")
    parser.add_argument("--concurrency", type=int, default=4)
    return parser.parse_args()
