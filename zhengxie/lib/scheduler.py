"""The periodic scheduler: enqueues each job of settings.PERIODIC_TASKS when it falls due.

Several workers may run it at once (on PostgreSQL, on several machines). Each due slot is claimed
with a conditional UPDATE on its `next_run_at`; only the worker whose UPDATE changed the row
enqueues, so a job is enqueued once per interval however many schedulers tick.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicSlot

logger = logging.getLogger(__name__)


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue the periodic jobs that are due; return their names."""
    now = now or timezone.now()
    enqueued: list[str] = []
    for name, (path, interval) in settings.PERIODIC_TASKS.items():
        slot, _ = PeriodicSlot.objects.get_or_create(name=name, defaults={"next_run_at": now})
        if slot.next_run_at > now:
            continue
        claimed = PeriodicSlot.objects.filter(pk=slot.pk, next_run_at=slot.next_run_at).update(
            next_run_at=now + timedelta(seconds=interval), last_run_at=now
        )
        if claimed != 1:
            continue  # another scheduler claimed this run
        import_string(path).enqueue()
        enqueued.append(name)
        logger.info("enqueued periodic job %s", name)
    return enqueued
