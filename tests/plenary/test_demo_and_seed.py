from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.duty.models import PointEntry
from zhengxie.org.models import Committee
from zhengxie.plenary.models import AgendaItem, DiscussionGroup, GroupSeat, Speech, SpeechCall


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_has_a_plenary_with_agenda_groups_and_speeches(demo: None, client: Client) -> None:
    city = Committee.objects.get(code="DEMO-01")
    call = SpeechCall.objects.select_related("activity").get(committee=city)
    assert AgendaItem.objects.filter(activity=call.activity).count() == 4
    assert DiscussionGroup.objects.filter(activity=call.activity).count() == 3
    assert GroupSeat.objects.filter(activity=call.activity).count() > 3
    states = set(Speech.objects.filter(call=call).values_list("state", flat=True))
    assert {"submitted", "returned", "oral", "written"} <= states
    assert PointEntry.objects.filter(committee=city, rule__code="M06", source_type__model="speech").exists()
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert "待审核的大会发言" in client.get("/").content.decode()
    for url in (
        reverse("plenary:plenary_list"),
        reverse("plenary:plenary_detail", args=[call.activity_id]),
        reverse("plenary:call_detail", args=[call.pk]),
        reverse("plenary:speech_list"),
        reverse("plenary:collection", args=[call.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(username="demo_member"))
    home = client.get("/").content.decode()
    assert "退回修改的大会发言" in home
    page = client.get(reverse("plenary:plenary_detail", args=[call.activity_id])).content.decode()
    assert "我的分组" in page


def test_county_seed_has_a_plenary_call_with_speeches(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert SpeechCall.objects.filter(committee=county).exists()
    assert Speech.objects.filter(committee=county).count() >= 20
    assert AgendaItem.objects.filter(committee=county).exists()
