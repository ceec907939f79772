from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.duty.models import PointEntry
from zhengxie.opinions.models import Adoption, Instruction, Opinion
from zhengxie.org.models import Committee
from zhengxie.supervision.models import Item


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def test_demo_shows_a_county_item_adopted_at_city_and_province_with_an_instruction(
    demo: None, client: Client
) -> None:
    origin = Opinion.objects.get(
        committee__code="DEMO-0101", origin__isnull=True, title__contains="乡村卫生室"
    )
    levels = set(Adoption.objects.filter(origin=origin).values_list("level", flat=True))
    assert {"city", "province"} <= levels
    instruction = Instruction.objects.get(origin=origin)
    assert Item.objects.filter(
        pk=instruction.supervision_item_id or 0, source__name="社情民意批示", state=Item.State.DONE
    ).exists()
    # The item's completion report came back as the instruction's feedback and scored it.
    assert instruction.is_principal and "补助标准提高20%" in instruction.feedback
    assert PointEntry.objects.filter(rule__code="S06", source_id=instruction.pk).exists()
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_county_member"))
    page = client.get(reverse("opinions:detail", args=[origin.pk])).content.decode()
    assert "江临省政协" in page and "青州市市长" in page and "落实反馈每位作者加2分" in page
    client.force_login(User.objects.get(username="demo_leader"))
    assert "待签发的社情民意信息" in client.get("/").content.decode()


def test_county_seed_adds_items_with_chains(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Opinion.objects.filter(committee=county).count() >= 50
    assert Adoption.objects.filter(committee=county).exists()
