"""Supervision exports read through the same rules as the pages: an item the user cannot open
is not in any file the user downloads."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision import config
from zhengxie.supervision.services import items as item_services

from .helpers import board_export, item_data, sheet_rows, signed


def test_a_units_progress_sheet_holds_only_its_own_items(
    client: Client, p: Personas, other_unit: HandlingUnit, other_clerk
) -> None:
    mine = signed(p, title="老旧小区改造")
    theirs = signed(p, clerk=other_clerk, title="学校周边整治", lead_unit=other_unit)
    client.force_login(p.unit_clerk)
    assert client.get(reverse("supervision:item_detail", args=[theirs.pk])).status_code == 404
    text = str(sheet_rows(client.get(reverse("supervision:progress_template")).content))
    assert mine.number in text and theirs.number not in text and "学校周边整治" not in text


def test_the_board_export_holds_only_the_committees_items(client: Client, p: Personas, run_jobs: Any) -> None:
    mine = signed(p, title="老旧小区改造")
    county_unit = HandlingUnit.objects.create(committee=p.county_b, name="乙县住建局")
    elsewhere = item_services.item_register(
        committee_id=p.county_b.pk,
        by=p.supervision_staff,
        data=item_data(
            p, title="乙县道路整治", source=config.sources_for(p.county_b.pk)[0], lead_unit=county_unit
        ),
    )
    for user in (p.supervision_staff, p.leader):
        client.force_login(user)
        assert client.get(reverse("supervision:item_detail", args=[elsewhere.pk])).status_code == 404
        text = str(sheet_rows(board_export(client, run_jobs)[1]))
        assert mine.number in text and "乙县道路整治" not in text
