"""Synthetic meeting materials for `manage.py seed` (benchmarks, via settings.SEEDERS): every
planned activity of the seeded committees gets an agenda, and the invited members seats and
groups — bulk-created without audit events (benchmark data, not anyone's action). Documents are
not seeded: they would be files on disk."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from zhengxie.consultations.models import Activity, Invitation

from .models import Agenda, Seat

BATCH = 2000
AGENDA = "一、通报情况\n二、委员发言\n三、领导讲话"


def seed(result: Any, rng: random.Random) -> None:
    activities = dict(
        Activity.objects.filter(committee__in=result.committees, state=Activity.State.PLANNED).values_list(
            "id", "created_by_id"
        )
    )
    with transaction.atomic():
        Agenda.objects.bulk_create(
            (Agenda(activity_id=a, text=AGENDA, updated_by_id=u) for a, u in activities.items()),
            batch_size=BATCH,
        )
        seats = (
            Seat(activity_id=a, member_id=m, seat=f"{n // 20 + 1}排{n % 20 + 1}座", group=f"第{n % 5 + 1}组")
            for n, (a, m) in enumerate(
                Invitation.objects.filter(activity_id__in=activities)
                .order_by("id")
                .values_list("activity_id", "member_id")
            )
        )
        Seat.objects.bulk_create(seats, batch_size=BATCH)
