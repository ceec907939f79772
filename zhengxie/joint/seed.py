"""Synthetic joint activities for `manage.py seed`: in every seeded committee a few of its
activities are co-organised — by its parent committee when that is seeded too (三级联动), else by
a democratic party of its own (the county scale has one committee), whose sector's members are
its own: the party has a liaison account, and a few of those members are invited to each activity
it co-organises. Bulk-created (benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhengxie.consultations.models import Activity, Invitation
from zhengxie.org import names
from zhengxie.org.models import Member, ParticipatingUnit, RoleAssignment, Sector
from zhengxie.org.roles import Role
from zhengxie.org.seed import SEED_PASSWORD

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
        _liaisons(committees, units, rows, rng)


def _liaisons(
    committees: dict[int, Any], units: dict[int, int], rows: list[CoOrganiser], rng: random.Random
) -> None:
    """Each co-organising party gets the sector its members sit in, a liaison account, and a few
    of its members invited to each activity it co-organises."""
    if not units:
        return
    sectors = {}
    for committee_id in units:
        qs = Sector.objects.filter(committee_id=committee_id)
        sector = qs.filter(name=names.PARTY_SECTORS["民盟"]).first() or qs.order_by("id").first()
        if sector is not None:
            sectors[committee_id] = sector.pk
            ParticipatingUnit.objects.filter(pk=units[committee_id], sector__isnull=True).update(
                sector=sector
            )
    user_model = get_user_model()
    password, now = make_password(SEED_PASSWORD), timezone.now()
    users = [
        user_model(
            username=f"seed_{committees[c].code.lower()}_liaison", display_name=f"{committees[c].name}党派联络员",
            password=password, privacy_acknowledged_at=now, password_changed_at=now,
        )
        for c in units
    ]  # fmt: skip
    user_model.objects.bulk_create(users, batch_size=BATCH)
    by_name = dict(
        user_model.objects.filter(username__in=[u.username for u in users]).values_list("username", "id")
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user_id=by_name[f"seed_{committees[c].code.lower()}_liaison"], committee_id=c,
            role=Role.UNIT_LIAISON, participating_unit_id=u,
        )
        for c, u in units.items()
    )  # fmt: skip
    own: dict[int, list[int]] = {}
    for committee_id, sector_id in sectors.items():
        own[committee_id] = list(
            Member.objects.filter(committee_id=committee_id, sector_id=sector_id, is_active=True)
            .order_by("id")
            .values_list("id", flat=True)[:30]
        )
    invitations = [
        Invitation(committee_id=r.committee_id, activity_id=r.activity_id, member_id=m)
        for r in rows
        if r.unit_id is not None
        for m in rng.sample(own.get(r.committee_id, []), min(3, len(own.get(r.committee_id, []))))
    ]
    Invitation.objects.bulk_create(invitations, batch_size=BATCH, ignore_conflicts=True)
