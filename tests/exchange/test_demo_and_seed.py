"""Demo data: a sector group and a research team with conversations that demo_member has not
read yet, contact settings and one conversation with the office; seed: a work group per
committee."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.exchange import selectors
from zhengxie.exchange.models import Group, Message
from zhengxie.org.models import Committee


def test_demo_has_groups_with_unread_messages(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    city = Committee.objects.get(code="DEMO-01")
    kinds = set(Group.objects.filter(committee=city).values_list("kind", flat=True))
    assert {Group.Kind.SECTOR, Group.Kind.TEAM, Group.Kind.OFFICE} <= kinds
    me = User.objects.get(username="demo_member")
    assert selectors.unread_total(me, city.pk) >= 3
    assert verify_chain()[1] is None
    client = Client()
    client.force_login(me)
    assert "未读消息" in client.get("/").content.decode()
    team = Group.objects.get(committee=city, kind=Group.Kind.TEAM)
    assert client.get(reverse("exchange:detail", args=[team.pk])).status_code == 200
    assert "0536-8230101" in client.get(reverse("exchange:office")).content.decode()
    client.force_login(User.objects.get(username="demo_proposal_staff"))
    assert "未读消息" in client.get("/").content.decode()


def test_county_seed_adds_a_work_group_per_committee(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    group = Group.objects.get(committee=county)
    assert Message.objects.filter(group=group).count() == 60
    assert group.last_message_id == Message.objects.filter(group=group).latest("id").pk
