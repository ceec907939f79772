"""Background jobs of supervision. Thin: they call the module that does the work."""

from __future__ import annotations

from django_tasks import task

from . import warnings


@task()
def refresh_warnings() -> int:
    """Recompute every open item's colour; safe to run twice or in two workers at once."""
    return len(warnings.refresh())
