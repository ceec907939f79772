"""Synthetic joint activities for `manage.py seed`: in every seeded committee a few of its
activities are co-organised — by its parent committee when that is seeded too (三级联动), else by
a democratic party of its own (the county scale has one committee). Bulk-created (benchmark data,
not anyone's action)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from zhengxie.consultations.models import Activity
from zhengxie.org.models import ParticipatingUnit, RoleAssignment
from zhengxie.org.roles import Role

from .models import CoOrganiser

PER_COMMITTEE = 4
BATCH = 5000


def seed(result: Any, rng: random.Random) -> None:
    committees = {c.pk: c for c in result.committees}
    staff = dict(
        RoleAssignment.objects.filter(
            committee_id__in=list(committees), role=Role.ACTIVITY_STAFF
        ).values_list("committee_id", "user_id")
    )
    picked: dict[int, list[int]] = {}
    for activity_id, committee_id in (
        Activity.objects.filter(committee_id__in=list(staff)).order_by("id").values_list("id", "committee_id")
    ):
        bucket = picked.setdefault(committee_id, [])
        if len(bucket) < PER_COMMITTEE * 3:
            bucket.append(activity_id)
    orphans = [c for c in picked if committees[c].parent_id not in committees]
    units = {
        u.committee_id: u.pk
        for u in ParticipatingUnit.objects.filter(committee_id__in=orphans).order_by("-id")
    }
    with transaction.atomic():
        for committee_id in orphans:
            if committee_id not in units:
                units[committee_id] = ParticipatingUnit.objects.create(
                    committee_id=committee_id, name="民盟模拟委员会", kind=ParticipatingUnit.Kind.PARTY
                ).pk
        rows = []
        for committee_id, ids in picked.items():
            parent_id = committees[committee_id].parent_id
            by_parent = parent_id in committees
            for activity_id in rng.sample(ids, min(PER_COMMITTEE, len(ids))):
                rows.append(
                    CoOrganiser(
                        committee_id=committee_id, activity_id=activity_id,
                        partner_id=parent_id if by_parent else None,
                        unit_id=None if by_parent else units[committee_id],
                        relation=CoOrganiser.Relation.UPPER if by_parent else CoOrganiser.Relation.UNIT,
                        state=CoOrganiser.State.ACCEPTED, added_by_id=staff[committee_id],
                    )
                )  # fmt: skip
        CoOrganiser.objects.bulk_create(rows, batch_size=BATCH)
