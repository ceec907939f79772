"""Every supervision item that follows up a record of another app (a key proposal, an instruction
on public-opinion information, a consultation outcome) links to that record, and the link opens
for whoever may see the item — the supervision office included, though it holds no role in the
feeding app."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from zhengxie.accounts.models import User
from zhengxie.supervision.models import Item


@pytest.fixture
def demo(db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_the_office_opens_the_record_behind_every_linked_item(client: Client, demo: None) -> None:
    linked = Item.objects.exclude(link_url="").select_related("link_type")
    apps = {item.link_type.app_label for item in linked if item.link_type is not None}
    assert {"proposals", "opinions", "consultations"} <= apps
    for username in ("demo_supervision_staff", "demo_leader"):
        client.force_login(User.objects.get(username=username))
        for item in linked.filter(committee__role_assignments__user__username=username).distinct():
            assert client.get(item.link_url).status_code == 200, (username, item.link_url)


def test_the_source_stays_closed_to_those_without_an_item(client: Client, demo: None) -> None:
    # The city's security administrator holds no business role; the province's information centre
    # works for another committee.
    city_items = Item.objects.exclude(link_url="").filter(committee__code="DEMO-01")
    assert city_items.exists()
    for username in ("demo_secadmin", "demo_province_info"):
        client.force_login(User.objects.get(username=username))
        for item in city_items:
            assert client.get(item.link_url).status_code == 404, (username, item.link_url)
