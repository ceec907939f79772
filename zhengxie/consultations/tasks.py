"""Periodic jobs of consultations. Thin: they call the module that does the work."""

from __future__ import annotations

from django_tasks import task

from . import reminders


@task()
def flag_overdue_steps() -> int:
    """Tell activity staff about consultations whose step has passed its deadline; safe to run
    twice or in two workers at once."""
    return reminders.flag_overdue_steps()


@task()
def remind_invited_members() -> int:
    """Remind invited members who have not answered an activity starting within two days."""
    return reminders.remind_invited_members()


@task()
def close_finished_activities() -> int:
    """Record the absences of activities that ended a day ago and were not closed by staff."""
    return reminders.close_finished_activities()


@task()
def flag_overdue_trip_reports() -> int:
    """Tell activity staff once about each standalone trip's report past its deadline."""
    return reminders.flag_overdue_trip_reports()
