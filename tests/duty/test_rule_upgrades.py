"""Committee-years opened before the principal-leader variants and the feedback rule existed are
brought up to the default table by a data migration, keeping what each committee set."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

from django.apps import apps

from tests.personas import Personas
from zhengxie.duty import services
from zhengxie.duty.models import Rule

YEAR = date.today().year
upgrade = importlib.import_module("zhengxie.duty.migrations.0002_principal_instruction_and_feedback_rules")


def _as_before(committee_id: int, year: int, variants: dict[str, str]) -> None:
    """The committee-year as an older table had it: no S06, S05 by level only."""
    Rule.objects.filter(committee_id=committee_id, year=year, code="S06").delete()
    Rule.objects.filter(committee_id=committee_id, year=year, code="S05").update(variants=variants)


def test_a_new_committee_year_has_the_principal_variants_and_the_feedback_rule(p: Personas) -> None:
    s05 = services.rule_get(p.city.pk, YEAR, "S05")
    assert s05.points_for("省级主要领导") == Decimal("18") and s05.points_for("中央主要领导") == Decimal(
        "37.5"
    )
    s06 = services.rule_get(p.city.pk, YEAR, "S06")
    assert (s06.points, s06.category, s06.auto_fed) == (Decimal("2"), "opinion", True)


def test_older_committee_years_get_them_from_the_committees_own_points(p: Personas) -> None:
    services.year_open(committee_id=p.city.pk, year=YEAR - 1)
    services.year_open(committee_id=p.city.pk, year=YEAR)
    _as_before(p.city.pk, YEAR - 1, {"县级": "4", "市级": "8", "省级": "12", "中央": "25"})
    _as_before(p.city.pk, YEAR, {"县级": "5", "市级": "10", "省级": "12", "中央": "25"})
    upgrade.add_principal_variants_and_feedback_rule(apps, None)
    upgrade.add_principal_variants_and_feedback_rule(apps, None)  # a second run changes nothing
    this_year = Rule.objects.get(committee=p.city, year=YEAR, code="S05")
    assert this_year.variants["县级主要领导"] == "7.5" and this_year.variants["市级主要领导"] == "15"
    assert Rule.objects.get(committee=p.city, year=YEAR - 1, code="S05").variants["市级主要领导"] == "12"
    assert Rule.objects.filter(committee=p.city, code="S06").count() == 2
    # The next year copies this year's table, the upgrade included.
    assert services.rule_get(p.city.pk, YEAR + 1, "S06").points == Decimal("2")
