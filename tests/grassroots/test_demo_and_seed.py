from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.consultations.models import Platform
from zhengxie.grassroots.models import Problem, Record, Visit
from zhengxie.org.models import Committee


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_convener_runs_his_towns_platforms(demo: None, client: Client) -> None:
    city = Committee.objects.get(code="DEMO-01")
    assert Record.objects.filter(committee=city, finished=True).exists()
    assert Record.objects.filter(committee=city, finished=False).exists()
    assert set(Problem.objects.filter(committee=city).values_list("state", flat=True)) >= {
        "solved",
        "opinion",
        "raised",
    }
    assert Visit.objects.filter(committee=city).exists()
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_convener"))
    home = client.get("/").content.decode()
    assert "协商进行中的平台" in home and "有待办结群众问题的平台" in home
    listing = client.get(reverse("grassroots:index")).content.decode()
    assert "河口村协商议事点" in listing and "东关社区协商议事点" not in listing
    other = Platform.objects.get(committee=city, village="东关社区")
    assert client.get(reverse("grassroots:platform", args=[other.pk])).status_code == 404
    client.force_login(User.objects.get(username="demo_member"))
    assert "河口村协商议事点" in client.get(reverse("grassroots:index")).content.decode()


def test_county_seed_has_platforms_and_totals(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Platform.objects.filter(committee=county, level="enterprise").exists()
    assert Record.objects.filter(committee=county).exists()
