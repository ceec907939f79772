"""The probe job of bench/two_servers.py: records that it ran, and in which worker process."""

from __future__ import annotations

import os

from django_tasks import task


@task()
def mark(number: int, path: str) -> None:
    # One short append per run: O_APPEND keeps the lines of two processes whole.
    with open(path, "a") as runs:
        runs.write(f"{number}:{os.getpid()}\n")
