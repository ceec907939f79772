"""Long work as jobs (DESIGN §4 "Long work"): imports, exports and rescoring that can take more
than a few seconds at province size run in the worker, in batches, while the page polls their
progress and offers the result.

- `start(...)` creates a `LongTask` and enqueues `run_long_task` after the caller's transaction
  commits; the runner (a function `runner(task, progress) -> Outcome`, named by its dotted path)
  does the work in short transactions and reports `progress.advance(n)` after each batch.
- Its `Outcome` is a Chinese message and optionally a file (stored in the default storage, offered
  for download to the owner only) and data for the page (an import's row problems); an outcome
  with `error` ends the task as failed with that message.
- All-or-nothing writes in batches: a runner records what each batch created with `written(...)`
  in the batch's transaction. If the runner fails, or the worker died halfway and the job runs
  again, `undo` removes those rows (newest first) before anything else, so a run leaves either all
  its rows or none, and no transaction holds the write lock for more than one batch.
- Jobs are safe to run twice: a finished task is not run again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .errors import DomainError
from .models import LongTask

logger = logging.getLogger(__name__)
UNEXPECTED = "处理时出错，请稍后重试；如仍不成功，请联系系统管理员"
PROGRESS_EVERY = 1.0  # seconds between progress writes


@dataclass
class Outcome:
    message: str = ""
    file: tuple[str, bytes] | None = None  # (the name the user downloads, the content)
    data: dict[str, Any] = field(default_factory=dict)
    error: str = ""  # set: the task failed with this Chinese message (e.g. an import's bad rows)


class Progress:
    """What a runner reports after each batch; written at most once a second."""

    def __init__(self, long_task: LongTask) -> None:
        self.task = long_task
        self._written = 0.0

    def set_total(self, total: int) -> None:
        self.task.total, self.task.done = total, 0
        LongTask.objects.filter(pk=self.task.pk).update(total=total, done=0)

    def advance(self, count: int = 1) -> None:
        self.task.done = min(self.task.done + count, self.task.total or self.task.done + count)
        now = time.monotonic()
        if now - self._written >= PROGRESS_EVERY or self.task.done >= self.task.total:
            LongTask.objects.filter(pk=self.task.pk).update(done=self.task.done)
            self._written = now


Runner = Callable[[LongTask, Progress], Outcome]


def start(
    *,
    runner: Runner | str,
    label: str,
    owner: Any,
    committee_id: int | None,
    params: dict[str, Any] | None = None,
    total: int = 0,
) -> LongTask:
    """Create the task and enqueue its job once the surrounding transaction commits."""
    path = runner if isinstance(runner, str) else f"{runner.__module__}.{runner.__qualname__}"
    long_task = LongTask.objects.create(
        owner=owner if getattr(owner, "pk", None) else None,
        committee_id=committee_id,
        kind=path,
        label=label,
        params=params or {},
        total=total,
    )
    transaction.on_commit(lambda: run_long_task.enqueue(long_task.pk))
    return long_task


def written(long_task: LongTask, *entries: tuple[Any, ...]) -> None:
    """Record, in the current batch's transaction, what it wrote: ("delete", instance) for a row
    it created, ("clear", instance, "field") for a foreign key it set on an existing row."""
    for entry in entries:
        op, obj, *rest = entry
        long_task.undo.append([op, obj._meta.label_lower, obj.pk, *rest])
    LongTask.objects.filter(pk=long_task.pk).update(undo=long_task.undo)


def undo(long_task: LongTask, batch: int = 200) -> None:
    """Remove what a failed or broken-off run wrote, newest first, in short transactions."""
    while long_task.undo:
        with transaction.atomic():
            chunk = long_task.undo[-batch:]
            for op, label, pk, *rest in reversed(chunk):
                model = apps.get_model(label)
                if op == "delete":
                    model._default_manager.filter(pk=pk).delete()
                elif op == "clear":
                    model._default_manager.filter(pk=pk).update(**{rest[0]: None})
            long_task.undo = long_task.undo[: -len(chunk)]
            LongTask.objects.filter(pk=long_task.pk).update(undo=long_task.undo)


def settle(long_task: LongTask, message: str) -> None:
    """Call inside the transaction that makes a task's work final (with its audit event): from its
    commit on the task is done, and a rerun neither undoes nor repeats it."""
    long_task.undo, long_task.message = [], message
    long_task.state, long_task.finished_at = LongTask.State.DONE, timezone.now()
    LongTask.objects.filter(pk=long_task.pk).update(
        undo=[], message=message, state=long_task.state, finished_at=long_task.finished_at
    )


def _finish(long_task: LongTask, outcome: Outcome) -> None:
    long_task.state = LongTask.State.FAILED if outcome.error else LongTask.State.DONE
    long_task.message, long_task.error = outcome.message, outcome.error
    long_task.data, long_task.finished_at = outcome.data, timezone.now()
    if outcome.file is not None:
        name, content = outcome.file
        suffix = PurePath(name).suffix
        long_task.result_file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
        long_task.result_name = name
    # Only the outcome: the runner may have changed params or the undo log in the database.
    long_task.save(
        update_fields=["state", "message", "error", "data", "finished_at", "result_file", "result_name"]
    )


@task()
def run_long_task(task_id: int) -> str:
    """The one job behind every long task (see the module's docstring)."""
    long_task = LongTask.objects.filter(pk=task_id).first()
    if long_task is None or long_task.state == LongTask.State.DONE:
        return "skipped"
    LongTask.objects.filter(pk=task_id).update(
        state=LongTask.State.RUNNING, started_at=timezone.now(), error=""
    )
    long_task.state = LongTask.State.RUNNING
    try:
        if long_task.undo:  # a previous run died halfway
            undo(long_task)
        runner: Runner = import_string(long_task.kind)
        outcome = runner(long_task, Progress(long_task))
        if outcome.error:
            undo(long_task)
    except DomainError as exc:
        undo(long_task)
        _finish(long_task, Outcome(error=exc.message))
        return "failed"
    except Exception:
        logger.exception("long task %s failed", task_id)
        undo(long_task)
        _finish(long_task, Outcome(error=UNEXPECTED))
        raise  # the job shows as failed to the system administrator, who may retry it
    _finish(long_task, outcome)
    return "done"


def get_for_owner(user: Any, pk: int) -> LongTask:
    """A task of this user (404 for anyone else's)."""
    long_task = LongTask.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if long_task is None:
        raise Http404
    return long_task


def latest_for(user: Any, runner: Runner | str, committee_id: int | None, label: str = "") -> LongTask | None:
    """The user's most recent task of this kind (and label) in this committee: the page that
    started it shows its progress and result."""
    path = runner if isinstance(runner, str) else f"{runner.__module__}.{runner.__qualname__}"
    tasks = LongTask.objects.filter(owner_id=getattr(user, "pk", None), kind=path, committee_id=committee_id)
    if label:
        tasks = tasks.filter(label=label)
    return tasks.order_by("-id").first()
