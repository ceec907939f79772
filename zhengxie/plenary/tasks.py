"""Jobs of the plenary. Thin: they call the service that does the work."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def tell_call_invitees(call_id: int) -> int:
    """Tell the plenary's invited members that the call for speeches is open; safe to rerun."""
    return services.call_tell_invited(call_id)
