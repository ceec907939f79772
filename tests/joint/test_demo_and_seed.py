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


def test_demo_party_liaison_invited_its_members_and_has_one_to_invite(demo: None, client: Client) -> None:
    trip = Activity.objects.get(title__startswith="三级政协联动调研")
    liaison = User.objects.get(username="demo_party_liaison")
    unit = liaison.role_assignments.get(role="unit_liaison").participating_unit
    assert unit is not None and unit.sector is not None
    own = Invitation.objects.filter(
        activity=trip, member__sector=unit.sector, member__committee=unit.committee
    )
    assert own.exists() and own.filter(attendance="present").exists()
    client.force_login(liaison)
    home = client.get("/").content.decode()
    assert "联办活动待邀请本党派团体委员" in home
    listing = client.get(reverse("joint:list"))
    assert {a.title[:4] for a in listing.context["page"].items} == {"三级政协", "市县政协"}
    page = client.get(reverse("joint:detail", args=[trip.pk]))
    assert len(page.context["page"].items) == own.count()
    host_only = Activity.objects.filter(committee=unit.committee).exclude(co_organisers__unit=unit).first()
    assert host_only is not None
    assert client.get(reverse("joint:detail", args=[host_only.pk])).status_code == 404


def test_county_seed_has_joint_activities(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert CoOrganiser.objects.filter(committee=county, relation="unit").exists()
    row = CoOrganiser.objects.filter(committee=county, relation="unit").select_related("unit").first()
    assert row is not None and row.unit is not None and row.unit.sector_id is not None
    assert User.objects.filter(
        role_assignments__role="unit_liaison", role_assignments__participating_unit=row.unit
    ).exists()
    assert Invitation.objects.filter(
        activity_id=row.activity_id, member__sector_id=row.unit.sector_id
    ).exists()
