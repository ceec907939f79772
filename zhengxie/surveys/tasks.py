"""Jobs of surveys. Thin: they call the service that does the work."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def tell_audience(survey_id: int, why: str) -> int:
    """Tell the audience a survey is open, or remind those who have not answered; safe to rerun."""
    return services.tell(survey_id, why)
