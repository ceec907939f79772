"""Demo learning (partly completed plans, a reading group with notes) and the seeder."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.duty.models import PointEntry
from zhengxie.learning.models import Assignment, Completion, Course, Note
from zhengxie.org.models import Committee


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def test_demo_has_courses_partly_completed_plans_and_a_reading_group(demo: None, client: Client) -> None:
    city = Committee.objects.get(code="DEMO-01")
    assert Course.objects.filter(committee=city, state="published").count() >= 3
    done = Assignment.objects.filter(committee=city, done_at__isnull=False).count()
    assert 0 < done < Assignment.objects.filter(committee=city).count()
    completions = list(Completion.objects.filter(committee=city).values_list("pk", flat=True))
    assert PointEntry.objects.filter(rule__code="L03", source_id__in=completions).count() == len(completions)
    assert Note.objects.filter(committee=city, outstanding_at__isnull=False).exists()
    client.force_login(User.objects.get(username="demo_member"))
    assert "待完成的学习课程" in client.get("/").content.decode()
    library = client.get(reverse("learning:library")).content.decode()
    assert "人民政协理论与委员履职" in library
    client.force_login(User.objects.get(username="demo_county_member"))
    county_library = client.get(reverse("learning:library")).content.decode()
    assert "数字政协平台使用指南" in county_library  # shared by the province
    assert "人民政协理论与委员履职" not in county_library  # the city's own, not shared
    client.force_login(User.objects.get(username="demo_activity_staff"))
    figures = client.get(reverse("learning:figures"))
    assert figures.status_code == 200 and "尚未参训" in figures.content.decode()
    export = client.get(reverse("learning:figures_export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_county_seed_adds_learning_records(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Course.objects.filter(committee=county).count() == 4
    assert Completion.objects.filter(committee=county).exists()
    assert Assignment.objects.filter(committee=county, done_at__isnull=True).exists()
    assert PointEntry.objects.filter(committee=county, rule__code="L03").exists()
