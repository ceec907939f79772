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
