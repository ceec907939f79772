"""Consultation quality by a third party (seed 000): staff ask the third-party raters; a rater-only
account rates on the 100-point rubric; the score and comment join the consultation's archive."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.personas import Personas, _user
from zhengxie.assessment.models import ConsultationReview
from zhengxie.consultations import config
from zhengxie.consultations.models import Consultation, Rating
from zhengxie.consultations.services import plans
from zhengxie.org.roles import Role

pytestmark = pytest.mark.django_db


def _consultation(p: Personas, state: str = "outcome") -> Consultation:
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, by=p.activity_staff)
    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="推进城市更新专题协商",
        form=config.form_named(p.city.pk, "专题协商会"),
        plan=plan,
    )
    Consultation.objects.filter(pk=c.pk).update(state=state)
    c.refresh_from_db()
    return c


def test_third_party_rates_a_consultation_and_it_joins_the_archive(client: Any, p: Personas) -> None:
    c = _consultation(p)
    rater = _user("third", "评估中心", p.city, Role.EXTERNAL_RATER)
    client.force_login(p.activity_staff)
    client.post(reverse("assessment:consultation_reviews"), {"consultation": c.pk})
    review = ConsultationReview.objects.get()
    assert review.rater == rater
    client.force_login(rater)
    assert "待评价的协商活动" in client.get(reverse("assessment:my_tasks")).content.decode()
    url = reverse("assessment:rate_consultation", args=[c.pk])
    rubric = config.rubric_for(p.city.pk)
    bad = client.post(url, {f"score_{r.pk}": "999" for r in rubric})
    assert bad.status_code == 400 and not Rating.objects.exists()
    scores = {f"score_{r.pk}": str(r.max_points) for r in rubric}
    client.post(url, {**scores, "comment": "议题聚焦，建议可操作"})
    rating = Rating.objects.get()
    assert rating.total == 100 and rating.rater == rater
    review.refresh_from_db()
    assert review.done_at is not None
    # The rater cannot open the consultation's own page; staff read the score in the archive.
    assert client.get(reverse("consultations:consultation_detail", args=[c.pk])).status_code == 404
    client.force_login(p.activity_staff)
    page = client.get(reverse("consultations:consultation_detail", args=[c.pk])).content.decode()
    assert "第三方评价平均分" in page and "议题聚焦，建议可操作" in page


def test_no_third_party_before_the_outcome_and_other_raters_get_404(client: Any, p: Personas) -> None:
    c = _consultation(p, state="research")
    _user("third", "评估中心", p.city, Role.EXTERNAL_RATER)
    client.force_login(p.activity_staff)
    client.post(reverse("assessment:consultation_reviews"), {"consultation": c.pk})
    assert not ConsultationReview.objects.exists()
    client.force_login(p.leader)
    assert client.get(reverse("assessment:rate_consultation", args=[c.pk])).status_code == 404
    assert client.get(reverse("assessment:consultation_reviews")).status_code == 404
