from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhengxie.lib.models import PeriodicSlot
from zhengxie.lib.scheduler import run_due


@pytest.fixture
def one_job(settings):
    settings.PERIODIC_TASKS = {"notices.deliver_pending": ("zhengxie.notices.tasks.deliver_pending", 60)}


def test_a_due_job_is_enqueued_once_per_interval(db, one_job):
    now = timezone.now()
    assert run_due(now) == ["notices.deliver_pending"]
    assert run_due(now) == []  # a second scheduler at the same instant
    assert run_due(now + timedelta(seconds=30)) == []
    assert run_due(now + timedelta(seconds=61)) == ["notices.deliver_pending"]
    assert DBTaskResult.objects.count() == 2


def test_a_scheduler_with_a_stale_view_of_the_slot_does_not_enqueue(db, one_job):
    now = timezone.now()
    run_due(now)
    slot = PeriodicSlot.objects.get()
    # Another worker claimed the next run between our read and our UPDATE.
    PeriodicSlot.objects.filter(pk=slot.pk).update(next_run_at=now + timedelta(hours=1))
    claimed = PeriodicSlot.objects.filter(pk=slot.pk, next_run_at=slot.next_run_at).update(last_run_at=now)
    assert claimed == 0


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_due_and_queued_jobs(one_job):
    call_command("worker", "--once")
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
