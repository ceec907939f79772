"""Models behind the shared mechanisms: the holiday calendar entered by administrators and the
periodic-job slots that `manage.py worker` claims."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarDay(models.Model):
    """A day whose working status an administrator entered (a holiday, or a 调休 working weekend).

    Entries override the bundled holiday library, so a year the library does not know yet (or a
    correction) is entered as data when the State Council publishes its schedule.
    """

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    name = models.CharField("说明", max_length=50, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "lib_calendar_day"
        ordering = ["day"]
        verbose_name = "节假日安排"

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '休息'} {self.name}"


class PeriodicSlot(models.Model):
    """When a periodic job is next due. Workers claim it by moving `next_run_at` forward with a
    conditional UPDATE, so only one of several workers enqueues each run."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField(db_index=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "lib_periodic_slot"

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A running `manage.py worker`: its id (the one django-tasks records on the jobs it claims)
    and when it last said it was alive. A job left RUNNING by a worker whose heartbeat is older
    than settings.WORKER_LEASE_SECONDS is taken back (`lib.jobs.reclaim_stale`)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.IntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "lib_worker_heartbeat"

    def __str__(self) -> str:
        return self.worker_id


class LongTask(models.Model):
    """A piece of long work a user started (an import, an export, a rescoring), run by a job in
    batches: its progress, its result file or its Chinese error. Only its owner sees it
    (`lib.longwork.get_for_owner`)."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    committee_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    kind = models.CharField(max_length=150)  # the dotted path of the runner, never shown
    label = models.CharField("名称", max_length=100)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict)  # what the runner needs; secrets go in encrypted
    message = models.CharField("结果", max_length=300, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)  # e.g. an import's row problems
    # What a run wrote so far, so a failed or crashed run can be undone (all-or-nothing imports).
    undo = models.JSONField(default=list, blank=True)
    result_file = models.FileField(upload_to="longwork/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "lib_long_task"
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "state"], name="lib_longtask_kind_state")]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
