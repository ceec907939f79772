"""`manage.py worker`: runs queued jobs (django-tasks database backend) and ticks the periodic
scheduler. Run one or more per deployment; on PostgreSQL they claim jobs safely on any machine."""

from __future__ import annotations

import logging
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from zhengxie.lib.scheduler import run_due

logger = logging.getLogger("zhengxie.worker")


class Command(BaseCommand):
    help = "Run background jobs and the periodic scheduler (--once: what is due now, then exit)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run the due periodic jobs and the queue, then exit"
        )
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls when idle")

    def handle(self, *args: Any, once: bool = False, interval: float = 2.0, **options: Any) -> None:
        self.running = True
        if not once:
            signal.signal(signal.SIGINT, self._stop)
            signal.signal(signal.SIGTERM, self._stop)
            self.stdout.write(f"worker started (poll every {interval}s)")
        worker_id = f"{socket.gethostname()}-{id(self)}"[:64]
        while self.running:
            close_old_connections()
            run_due()
            # A batch worker drains the ready jobs, then returns to us so the scheduler can tick.
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
            if once:
                break
            time.sleep(interval)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("worker stopping after the current job")
        self.running = False
