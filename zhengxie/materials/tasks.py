"""Periodic job of meeting materials. Thin: it calls the service that does the work."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def withdraw_due() -> int:
    """Withdraw the documents marked “会后收回” whose meeting has ended; safe to run twice."""
    return services.withdraw_due()
