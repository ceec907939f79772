"""`manage.py worker`: runs queued jobs (django-tasks database backend) and ticks the periodic
scheduler. Run one or more per deployment; on PostgreSQL they claim jobs safely on any machine.

The worker keeps going through database trouble: an OperationalError or InterfaceError (SQLite's
"database is locked" behind a long write, a PostgreSQL restart) in the scheduler tick, the claim
or the bookkeeping is logged and retried after an exponential, capped pause; one job's failure is
that job's (django-tasks records it). A heartbeat thread says the worker is alive, and every loop
requeues the jobs of workers that died (lib.jobs). `--supervise` runs the worker as a child process
and starts it again if it dies (what `make run` uses); Ctrl-C or SIGTERM stops both.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import sys
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from zhengxie.lib.jobs import beat, forget, new_worker_id, reclaim_own, reclaim_stale
from zhengxie.lib.scheduler import run_due

logger = logging.getLogger("zhengxie.worker")
BACKOFF_START = 1.0
BACKOFF_CAP = 60.0
RESTART_PAUSE = 2.0


def backoff(failures: int) -> float:
    """Seconds to wait after `failures` database errors in a row: 1, 2, 4 … capped at a minute."""
    return float(min(BACKOFF_CAP, BACKOFF_START * 2 ** max(0, failures - 1)))


class Command(BaseCommand):
    help = "Run background jobs and the periodic scheduler (--once: what is due now, then exit)."
    queue_only = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run the due periodic jobs and the queue, then exit"
        )
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls when idle")
        parser.add_argument(
            "--queue-only", action="store_true", help="run queued jobs only, without the periodic scheduler"
        )
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="run the worker in a child process, restarting it if it dies",
        )

    def handle(
        self,
        *args: Any,
        once: bool = False,
        interval: float = 2.0,
        supervise: bool = False,
        queue_only: bool = False,
        **options: Any,
    ) -> None:
        self.queue_only = queue_only
        if supervise:
            self.supervise(interval)
            return
        self.running = True
        if not once:
            signal.signal(signal.SIGINT, self._stop)
            signal.signal(signal.SIGTERM, self._stop)
            self.stdout.write(f"worker started (poll every {interval}s)")
        self.worker_id = new_worker_id()
        stop_beating = threading.Event()
        if not once and settings.WORKER_HEARTBEAT_SECONDS > 0:
            threading.Thread(target=self._beat, args=(stop_beating,), daemon=True).start()
        failures = 0
        try:
            while self.running:
                try:
                    self.tick()
                    failures = 0
                except (OperationalError, InterfaceError, DatabaseError) as exc:
                    failures += 1
                    pause = backoff(failures)
                    logger.warning("database error in the worker (%s); retrying in %.0fs", exc, pause)
                    self._close_connection()
                    if once:
                        raise
                    self._sleep(pause)
                    continue
                if once or not self.running:
                    break
                self._sleep(interval)
        finally:
            stop_beating.set()
            if not once:
                # On failure its heartbeat goes stale and the next worker cleans up.
                with contextlib.suppress(DatabaseError):
                    forget(self.worker_id)

    def tick(self) -> None:
        """One round: say we are alive, take back dead workers' jobs, enqueue what is due, drain
        the queue."""
        close_old_connections()
        beat(self.worker_id)
        reclaim_own(self.worker_id)
        reclaim_stale()
        if not self.queue_only:
            run_due()
        # A batch worker drains the ready jobs, then returns to us so the scheduler can tick.
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        ).run()

    def _beat(self, stop: threading.Event) -> None:
        """The heartbeat, on its own thread (and database connection) so a long job keeps it."""
        while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                beat(self.worker_id)
            except DatabaseError as exc:
                logger.warning("worker heartbeat failed: %s", exc)
            finally:
                connection.close()

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.running and time.monotonic() < end:
            time.sleep(min(0.2, end - time.monotonic()))

    def _close_connection(self) -> None:
        with contextlib.suppress(DatabaseError):
            connection.close()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("worker stopping after the current job")
        self.running = False

    def supervise(self, interval: float) -> None:
        """Run `manage.py worker` as a child and start it again whenever it exits unasked."""
        stopping = False
        child: subprocess.Popen[bytes] | None = None

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        restarts = 0
        while not stopping:
            args = [sys.executable, sys.argv[0], "worker", "--interval", str(interval)]
            child = subprocess.Popen(args + (["--queue-only"] if self.queue_only else []))
            code = child.wait()
            if stopping:
                break
            restarts += 1
            pause = min(BACKOFF_CAP, RESTART_PAUSE * restarts)
            logger.error("worker exited with code %s; restarting in %.0fs", code, pause)
            self.stderr.write(f"后台任务进程意外退出（{code}），{pause:.0f}秒后重新启动")
            deadline = time.monotonic() + pause
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.2)
        if child is not None and child.poll() is None:
            child.wait()
