from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee
from zhengxie.publications.models import Issue, IssueInstruction


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_has_numbered_issues_an_instruction_and_a_draft(demo: None, client: Client) -> None:
    city = Committee.objects.get(code="DEMO-01")
    numbers = list(
        Issue.objects.filter(committee=city, series__name="建言资政", state="sent")
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == [1, 2]
    assert Issue.objects.filter(committee=city, series__name="协商专报", number=1).exists()
    assert IssueInstruction.objects.filter(committee=city).exists()
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert "待编号报送的刊物" in client.get("/").content.decode()
    assert client.get(reverse("publications:index")).status_code == 200


def test_county_seed_has_numbered_issues(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Issue.objects.filter(committee=county, number=12).exists()
