"""Periodic jobs of the participation app. Thin: they call the service that does the work."""

from __future__ import annotations

from django_tasks import task

from .services import micro


@task()
def chase_overdue_micro() -> int:
    """Chase micro-suggestions past their screening or answer date; each deadline once, safe to
    run twice or in two workers at once."""
    return micro.chase_overdue()
