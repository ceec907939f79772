"""Quality ratings: several raters, averages, input checks and a comparison between years."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.consultations import config, selectors
from zhengxie.consultations.models import Consultation, Rating
from zhengxie.consultations.services import plans, quality
from zhengxie.lib.errors import DomainError

pytestmark = pytest.mark.django_db


def _rated(p: Personas, year: int, raters: list[tuple[User, int]]) -> Consultation:
    plan = plans.plan_create(committee_id=p.city.pk, year=year, by=p.activity_staff)
    c = plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title=f"{year}年议题",
        form=config.form_named(p.city.pk, "专题协商会"), plan=plan,
    )  # fmt: skip
    Consultation.objects.filter(pk=c.pk).update(state="archived")
    c.refresh_from_db()
    rubric = config.rubric_for(p.city.pk)
    for rater, minus in raters:
        scores = {str(r.pk): str(r.max_points - (minus if i == 0 else 0)) for i, r in enumerate(rubric)}
        quality.rating_save(consultation=c, by=rater, scores=scores)
    return c


def test_years_are_compared_by_their_average(p: Personas, second_leader: User) -> None:
    _rated(p, 2025, [(p.leader, 6)])
    current = _rated(p, 2026, [(p.leader, 0), (second_leader, 4)])
    summary = selectors.rating_summary(current)
    assert (summary["average"], summary["raters"], summary["third_party_raters"]) == (Decimal("98.0"), 2, 0)
    assert [(y["year"], y["average"]) for y in selectors.yearly_ratings(p.city.pk)] == [
        (2026, Decimal("98.0")),
        (2025, Decimal("94.0")),
    ]


def test_a_rater_replaces_his_own_rating_and_bad_scores_store_nothing(p: Personas) -> None:
    c = _rated(p, 2026, [(p.leader, 0)])
    _rated_again = {str(r.pk): "1" for r in config.rubric_for(p.city.pk)}
    quality.rating_save(consultation=c, by=p.leader, scores=_rated_again)
    assert Rating.objects.get().total == 15
    with pytest.raises(DomainError, match="请为"):
        quality.rating_save(consultation=c, by=p.activity_staff, scores={})
    with pytest.raises(DomainError, match="之间"):
        quality.rating_save(consultation=c, by=p.activity_staff, scores={k: "NaN" for k in _rated_again})
    assert Rating.objects.count() == 1


def test_a_consultation_is_rated_only_after_its_meeting(p: Personas) -> None:
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    with pytest.raises(DomainError, match="会议召开"):
        quality.rating_save(consultation=c, by=p.leader, scores={})
