"""Synthetic work plans for `manage.py seed`: per committee this year's published plans with six
items each. Bulk-created (benchmark data, not anyone's action)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import RoleAssignment, SpecialCommittee
from zhengxie.org.roles import Role

from .models import Item, YearPlan

FORMS = [("inspection", "inspection"), ("inspection", "research"), ("supervision", "topic_sup"),
         ("supervision", "insp_sup"), ("supervision", "appraisal"), ("inspection", "research")]  # fmt: skip


def seed(result: Any, rng: random.Random) -> None:
    committees = [c.pk for c in result.committees]
    staff = dict(
        RoleAssignment.objects.filter(committee_id__in=committees, role=Role.ACTIVITY_STAFF).values_list(
            "committee_id", "user_id"
        )
    )
    leads: dict[int, int] = {}
    for committee_id, pk in SpecialCommittee.objects.filter(committee_id__in=list(staff)).values_list(
        "committee_id", "id"
    ):
        leads.setdefault(committee_id, pk)
    year = timezone.localdate().year
    with transaction.atomic():
        plans = YearPlan.objects.bulk_create(
            [
                YearPlan(committee_id=c, year=year, state=YearPlan.State.PUBLISHED, published_at=timezone.now(), created_by_id=u)
                for c, u in staff.items()
                if c in leads
            ]
        )  # fmt: skip
        Item.objects.bulk_create(
            [
                Item(committee_id=yp.committee_id, year_plan=yp, plan=plan, form=form, title=f"年度计划项目{i + 1}",
                     lead_id=leads[yp.committee_id], month=rng.randint(1, 12), target="某部门" if form == "appraisal" else "")
                for yp in plans
                for i, (plan, form) in enumerate(FORMS)
            ],
            batch_size=5000,
        )  # fmt: skip
