"""Synthetic duty records for benchmarks (`manage.py seed`, via settings.SEEDERS): ten years of
rules, settings and ledger entries for every seeded member — about five entries per member and
year, so the province scale (30 000 members) holds about 1.5 million entries.

Rows are written in batches with plain INSERTs (no audit events: this is benchmark data, not
anyone's action).
"""

from __future__ import annotations

import random
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhengxie.org.models import Member
from zhengxie.org.seed import SeedResult

from . import defaults
from .models import PointEntry, Rule, YearSettings
from .services import this_year

YEARS = 10
BATCH = 5000
# (code, weight): what members mostly do; a few deductions.
MIX = (
    ("M01", 10), ("M02", 3), ("M03", 1), ("M04", 4), ("M05", 1), ("P01", 5), ("P02", 5), ("S01", 6),
    ("S02", 2), ("A01", 6), ("A02", 2), ("A04", 3), ("L01", 5), ("C01", 4), ("C02", 1), ("C03", 2),
    ("D01", 1), ("D02", 1), ("D04", 1),
)  # fmt: skip
PER_MEMBER_YEAR = (2, 8)  # entries per member and year, uniformly drawn


def seed_points(result: SeedResult, rng: random.Random) -> None:
    committee_ids = [c.pk for c in result.committees]
    first = this_year() - YEARS + 1
    with transaction.atomic():
        _rules(committee_ids, range(first, first + YEARS))
        rules = {
            (c, y, code): (pk, points)
            for c, y, code, pk, points in Rule.objects.filter(committee_id__in=committee_ids).values_list(
                "committee_id", "year", "code", "id", "points"
            )
        }
        codes = [c for c, _ in MIX]
        weights = [w for _, w in MIX]
        columns = (
            "committee_id, member_id, rule_id, year, points, quantity, variant, source_type_id, source_id, "
            "seq, note, recorded_by_id, recorded_at, reverses_id"
        )
        sql = f"INSERT INTO {PointEntry._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * 14)})"
        ops = connection.ops
        batch: list[tuple[Any, ...]] = []
        members = (
            Member.objects.filter(committee_id__in=committee_ids)
            .order_by("id")
            .values_list("id", "committee_id")
        )
        with connection.cursor() as cursor:
            for member_id, committee_id in list(members):
                for year in range(first, first + YEARS):
                    at = ops.adapt_datetimefield_value(
                        timezone.make_aware(datetime.combine(datetime(year, 12, 1).date(), time(9)))
                    )
                    for code in rng.choices(codes, weights, k=rng.randint(*PER_MEMBER_YEAR)):
                        rule_id, points = rules[(committee_id, year, code)]
                        value = ops.adapt_decimalfield_value(Decimal(points), 7, 2)
                        batch.append(
                            (
                                committee_id,
                                member_id,
                                rule_id,
                                year,
                                value,
                                1,
                                "",
                                None,
                                None,
                                0,
                                "",
                                None,
                                at,
                                None,
                            )
                        )
                    if len(batch) >= BATCH:
                        cursor.executemany(sql, batch)
                        batch = []
            if batch:
                cursor.executemany(sql, batch)


def _rules(committee_ids: list[int], years: range) -> None:
    YearSettings.objects.bulk_create(
        (
            YearSettings(committee_id=c, year=y, **defaults.settings_defaults(y))
            for c in committee_ids
            for y in years
        ),
        batch_size=BATCH,
    )
    Rule.objects.bulk_create(
        (
            Rule(
                committee_id=c,
                year=y,
                code=d.code,
                category=d.category,
                title=d.title,
                points=d.points_decimal,
                unit=d.unit,
                cap=d.cap,
                split=d.split,
                variants=d.variants,
                needs_evidence=d.evidence,
                reportable=d.reportable,
                auto_fed=d.auto,
                order=i,
            )
            for c in committee_ids
            for y in years
            for i, d in enumerate(defaults.RULES)
        ),
        batch_size=BATCH,
    )
