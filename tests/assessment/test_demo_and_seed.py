from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.assessment.models import Assessment, Objection, RaterTask, Scheme, Score, Subject
from zhengxie.audit.verify import verify_chain
from zhengxie.org.models import Committee


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_has_last_years_results_and_an_open_round(demo: None, client: Client) -> None:
    city = Committee.objects.get(code="DEMO-01")
    finished = Assessment.objects.get(committee=city, scheme__kind="unit")
    assert finished.state == "published" and finished.objection_until is not None
    assert Subject.objects.filter(assessment=finished, total__gt=0).count() > 3
    assert Objection.objects.filter(subject__assessment=finished, state="refused").exists()
    round_ = Assessment.objects.get(committee=city, scheme__kind="special")
    assert round_.state == "rating"
    assert RaterTask.objects.filter(assessment=round_, state="pending").exists()
    assert RaterTask.objects.filter(assessment=round_, state="submitted").exists()
    assert Scheme.objects.filter(committee=city).count() == 6
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_unit"))
    results = client.get(reverse("assessment:my_results")).content.decode()
    assert finished.title in results
    client.force_login(User.objects.get(username="demo_rater"))
    assert client.get("/").status_code == 302
    assert client.get(reverse("assessment:my_tasks") + "?task=rate").status_code == 200
    assert "待评价的协商活动" in client.get(reverse("assessment:my_tasks")).content.decode()
    client.force_login(User.objects.get(username="demo_leader"))
    assert "待完成的考评评议打分" in client.get("/").content.decode()


def test_county_seed_has_last_years_assessment(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assessment = Assessment.objects.get(committee=county)
    assert Score.objects.filter(subject__assessment=assessment, figures__has_key="den").exists()
    assert Subject.objects.filter(assessment=assessment, rank=1).exists()
