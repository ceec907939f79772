"""Periodic job of 委员学习. Thin: it calls the module that does the work."""

from __future__ import annotations

from django_tasks import task

from .services import plans


@task()
def remind_due() -> int:
    """Remind members of required courses due within a week; safe to run twice or in two workers."""
    return plans.remind_due()


@task()
def notify_assigned(item_id: int) -> int:
    """Notify the members a required course was just assigned to; safe to run twice."""
    return plans.notify_assignees(item_id)
