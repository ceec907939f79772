"""Synthetic assessment for `manage.py seed` (benchmarks, via settings.SEEDERS): per committee the
default schemes of last year, and last year's proposal-handling assessment of its handling units
with the automatic indicators computed from the seeded proposals and supervision items by the
service (the same grouped queries as in real use), the evidence scores filled in, ranks and
grades. Bulk-created where possible (no audit events for benchmark data)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhengxie.lib.errors import DomainError
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from . import services
from .models import Assessment, Indicator, Method, Scheme, Score, Subject, SubjectKind


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    year = timezone.localdate().year - 1
    for committee in result.committees:
        if committee.pk not in staff:
            continue
        with transaction.atomic():
            services.schemes_create_defaults(committee=committee, year=year, by=None)
            scheme = Scheme.objects.get(
                committee=committee, year=year, kind=SubjectKind.UNIT, is_current=True
            )
            try:
                assessment = services.assessment_open(
                    committee=committee,
                    scheme=scheme,
                    year=year,
                    title=f"{year}年度承办单位提案办理工作考核",
                    deadline=timezone.localdate(),
                    by=get_user_model()(pk=staff[committee.pk]),
                )
            except DomainError:
                continue  # a committee without handling units
            services.compute_automatic(assessment=assessment, by=None)
            subjects = list(Subject.objects.filter(assessment=assessment).values_list("id", flat=True))
            others = Indicator.objects.filter(scheme=scheme, method__in=[Method.EVIDENCE, Method.RATING])
            Score.objects.bulk_create(
                Score(
                    committee=committee,
                    subject_id=s,
                    indicator=ind,
                    value=ind.points - Decimal(rng.choice((0, 0, 1, 2))),
                    note="材料齐全" if ind.method == Method.EVIDENCE else "",
                )
                for s in subjects
                for ind in others
            )
            services.rank_subjects(assessment)
            Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.CLOSED)
