from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee
from zhengxie.participation.models import MicroSuggestion, Reception, Studio


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def test_demo_has_micro_suggestions_in_every_step_and_a_studio(demo: None, client: Client) -> None:
    states = set(MicroSuggestion.objects.filter(committee__code="DEMO-01").values_list("state", flat=True))
    assert {"submitted", "routed", "answered", "rated"} <= states
    studio = Studio.objects.get(name="城东街道政协委员工作室")
    assert set(Reception.objects.filter(studio=studio).values_list("outcome", flat=True)) == {
        "solved",
        "micro",
        "open",
    }
    for username, task in (
        ("demo_proposal_staff", "待甄别交办的微建议"),
        ("demo_unit", "待答复的微建议"),
        ("demo_member", "待评价的微建议答复"),
        ("demo_member", "待处理的工作室接待"),
        ("demo_proposal_staff", "待审核的建言"),
    ):
        client.force_login(User.objects.get(username=username))
        assert task in client.get("/").content.decode(), username


def test_county_seed_adds_micro_suggestions_and_a_studio(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert MicroSuggestion.objects.filter(committee=county).count() >= 40
    assert Reception.objects.filter(committee=county).count() >= 20
    from zhengxie.notices.models import Announcement

    assert Announcement.objects.filter(committee=county).count() >= 6


def test_demo_briefing_waits_for_the_member(demo: None, client: Client) -> None:
    from zhengxie.notices.models import Announcement

    assert Announcement.objects.filter(committee__code="DEMO-01", kind="briefing", required=True).exists()
    client.force_login(User.objects.get(username="demo_member"))
    assert "未读的通知公告和通报" in client.get("/").content.decode()


def test_demo_public_column_shows_only_the_published_contribution(demo: None, client: Client) -> None:
    from django.urls import reverse

    from zhengxie.participation.models import Campaign

    campaign = Campaign.objects.get(title="我为青州发展献一策")
    page = client.get(
        reverse("participation:public_campaign", args=["DEMO-01", campaign.pk])
    ).content.decode()
    assert "口袋公园" in page and "政协办公室回复" in page
    assert "市民中心" not in page and "陈晓梅" not in page
