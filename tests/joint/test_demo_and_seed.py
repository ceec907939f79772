from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.duty.models import PointEntry
from zhengxie.joint.models import CoOrganiser
from zhengxie.org.models import Committee


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_has_a_joint_trip_with_points_in_both_ledgers_and_a_venue(demo: None, client: Client) -> None:
    city, county = Committee.objects.get(code="DEMO-01"), Committee.objects.get(code="DEMO-0101")
    trip = Activity.objects.get(title__startswith="三级政协联动调研")
    assert trip.state == "held"
    assert set(CoOrganiser.objects.filter(activity=trip).values_list("relation", flat=True)) == {
        "upper",
        "lower",
        "unit",
    }
    county_present = Invitation.objects.filter(activity=trip, member__committee=county, attendance="present")
    assert county_present.count() == 8
    entries = PointEntry.objects.filter(source_id=trip.pk, source_type__model="activity").standing()
    assert entries.filter(committee=county).count() == 8
    assert entries.filter(committee=city).exists()
    assert CoOrganiser.objects.exclude(venue="").exists()
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_county_activity"))
    home = client.get("/").content.decode()
    assert "联办活动待邀请本会委员" not in home  # 安平县 has invited its members already
    assert client.get(reverse("joint:list")).status_code == 200
    assert client.get(reverse("joint:detail", args=[trip.pk])).status_code == 200
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert client.get(reverse("joint:detail", args=[trip.pk])).status_code == 200


def test_county_seed_has_joint_activities(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert CoOrganiser.objects.filter(committee=county, relation="unit").exists()
