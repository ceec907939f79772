"""Jobs of group exchange. Thin: they call the service that does the work."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def purge_expired() -> int:
    """Delete messages past each committee's retention period (daily; safe to run twice)."""
    return services.purge_expired()
