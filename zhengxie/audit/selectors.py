"""What an audit administrator may read of the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import AuditEvent


def events_for_committee(committee_id: int) -> QuerySet[AuditEvent]:
    """Events of the committee's records, plus events without a committee (logins, failures,
    account changes) of accounts that hold a role in the committee, matched by login name so that
    failed logins, which have no actor, are included."""
    usernames = (
        get_user_model().objects.filter(role_assignments__committee_id=committee_id).values("username")
    )
    return AuditEvent.objects.filter(
        Q(committee_id=committee_id) | Q(committee_id__isnull=True, actor_name__in=usernames)
    )


def events_for_object(obj: Any) -> QuerySet[AuditEvent]:
    """Every event recorded about one object, oldest first: its history, replayable."""
    return (
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("id")
    )


def actor_label(event: AuditEvent) -> str:
    """Who did it, as a timeline shows it: the person's name (load events with
    `select_related("actor")`), the login name of a since-deleted account, or 系统 for jobs."""
    if event.actor is not None:
        return str(event.actor.display_name or event.actor.username)
    return event.actor_name or "系统"
