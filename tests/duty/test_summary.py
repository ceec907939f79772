"""The reports' duty summary (members assessed, minimum duties met, grade distribution) computed by
the database per member equals what the full standings give, member by member."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.duty.helpers import add_members
from tests.personas import Personas
from zhengxie.duty import services
from zhengxie.duty.selectors import Standings, Summary, standings_many, summary_many
from zhengxie.org.models import Member, Sector

YEAR = date.today().year
CODES = ["M01", "M02", "M03", "M04", "P01", "P02", "P03", "S01", "S02", "A01", "C01", "D01", "D02", "R01"]


def _from_standings(s: Standings) -> Summary:
    return Summary(len(s.rows), sum(1 for row in s.rows if not row.short), s.grade_counts())


def _varied_year(p: Personas) -> list[Member]:
    """Twenty members of the city with entries drawn at random (fixed seed): rules over their
    cap, deductions, shared proposals, a reversal, a standing member, an inactive one."""
    rng = random.Random(16)
    members = add_members(p, 16) + add_members(p, 4, standing=True, prefix="常委")
    sources = [Sector.objects.create(committee=p.city, name=f"来源{i}") for i in range(8)]
    for member in members:
        for code in rng.choices(CODES, k=rng.randint(0, 12)):
            services.record_points(
                member=member,
                code=code,
                source=rng.choice(sources),
                by=None,
                quantity=rng.randint(1, 3),
                coauthors=rng.randint(1, 3),
            )
    entry = services.record_points(member=members[0], code="M05", source=sources[0], by=None)
    services.entry_reverse(entry=entry, by=p.activity_staff, reason="录入有误")
    members[1].is_active = False
    members[1].save()
    return members


def test_the_summary_equals_the_standings_with_the_default_settings(p: Personas) -> None:
    _varied_year(p)
    ids = [p.city.pk, p.county_a.pk]
    full = standings_many(ids, YEAR)
    summary = summary_many(ids, YEAR)
    assert summary == {pk: _from_standings(s) for pk, s in full.items()}
    assert summary[p.city.pk].members == Member.objects.filter(committee=p.city, is_active=True).count()


def test_the_summary_equals_the_standings_with_a_committees_own_settings(p: Personas) -> None:
    _varied_year(p)
    settings = services.year_open(committee_id=p.city.pk, year=YEAR)
    services.settings_update(
        settings=settings,
        by=p.activity_staff,
        full_score=Decimal("60"),
        grade_bands=[
            {"label": "优秀", "min": 85},
            {"label": "较好", "min": 70},
            {"label": "一般", "min": 40},
            {"label": "较差", "min": 0},
        ],
        minimums=[
            {"label": "出席全体会议", "codes": ["M01"], "count": 1},
            {"label": "两件提案或信息", "codes": ["P01", "P02", "S01"], "count": 2},
            {"label": "常委出席常委会议", "codes": ["M03"], "count": 1, "standing_only": True},
        ],
    )
    full = standings_many([p.city.pk], YEAR)[p.city.pk]
    summary = summary_many([p.city.pk], YEAR)[p.city.pk]
    assert summary == _from_standings(full)
    # The fixture reaches several grades and both sides of the minimums.
    assert sum(1 for _, n in summary.grades if n) >= 2
    assert 0 < summary.minimums_met < summary.members


def test_hand_counted_summary(p: Personas) -> None:
    """Three new members and the personas' own: one meets every minimum of the year's settings
    with 20 + 30 (P01 capped) points, one is docked 20 for an absence, the others have nothing."""
    settings = services.year_open(committee_id=p.city.pk, year=YEAR)
    services.settings_update(
        settings=settings,
        by=p.activity_staff,
        minimums=[{"label": "出席全体会议", "codes": ["M01"], "count": 1}],
        grade_bands=[{"label": "合格", "min": 50}, {"label": "不合格", "min": 0}],
    )
    good, absent, _idle = add_members(p, 3)
    services.record_points(member=good, code="M01", source=p.unit, by=None)
    services.record_points(member=good, code="P01", source=p.unit, by=None, quantity=4)  # 40, cap 30
    services.record_points(member=absent, code="D01", source=p.unit, by=None)
    before = Member.objects.filter(committee=p.city, is_active=True).count() - 3
    summary = summary_many([p.city.pk], YEAR)[p.city.pk]
    assert summary == Summary(before + 3, 1, [("合格", 1), ("不合格", before + 2)])


def test_the_summary_takes_two_queries_for_any_number_of_committees(p: Personas) -> None:
    _varied_year(p)
    ids = [p.city.pk, p.county_a.pk]
    summary_many(ids, YEAR)  # opens the county's year
    with CaptureQueriesContext(connection) as queries:
        summary_many(ids, YEAR)
    assert len(queries) == 2
