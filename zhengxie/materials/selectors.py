"""Reads of meeting materials: the member's coming meetings that carry materials (the home-page
task), and one activity's packet for a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.permissions import my_member_ids

from .models import Agenda, Material, Seat

AHEAD_DAYS = 30


def upcoming(user: Any, committee_id: int) -> QuerySet[Activity]:
    """Planned activities of the committee the user is invited to, from today for AHEAD_DAYS,
    that have an agenda or documents."""
    members = my_member_ids(user)
    if not members:
        return Activity.objects.none()
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Activity.objects.filter(
            committee_id=committee_id,
            state=Activity.State.PLANNED,
            ends_at__gte=today,
            starts_at__lt=today + timedelta(days=AHEAD_DAYS),
        )
        .filter(Exists(Invitation.objects.filter(activity=OuterRef("pk"), member_id__in=members)))
        .filter(
            Q(Exists(Material.objects.filter(activity=OuterRef("pk"))))
            | Q(Exists(Agenda.objects.filter(activity=OuterRef("pk"))))
        )
    )


@dataclass
class Packet:
    agenda: Agenda | None
    materials: list[Material]
    seat: Seat | None
    seats: list[tuple[str, str, str]]  # (name, seat, group), for the office


def packet(activity: Activity, user: Any, *, staff: bool) -> Packet:
    members = my_member_ids(user)
    materials = list(Material.objects.filter(activity=activity).order_by("id"))
    for m in materials:
        m.activity = activity
    return Packet(
        agenda=Agenda.objects.filter(activity=activity).first(),
        materials=materials,
        seat=Seat.objects.filter(activity=activity, member_id__in=members).first() if members else None,
        seats=list(
            Seat.objects.filter(activity=activity)
            .order_by("id")
            .values_list("member__person__name", "seat", "group")[:3000]
        )
        if staff
        else [],
    )
