"""Jobs of topic groups. Thin: they call the service that does the work."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def announce_group(group_id: int) -> int:
    """Tell the group's audience that it is open; safe to run twice."""
    return services.announce(group_id)
