"""Demo data: demo_member's next meeting carries an agenda, documents and his seat."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.materials.models import Agenda, Material


def test_demo_has_a_meeting_with_materials(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    agenda = Agenda.objects.get()
    assert Material.objects.filter(activity=agenda.activity, confidential=True, withdraw_after=True).exists()
    client = Client()
    client.force_login(User.objects.get(username="demo_member"))
    assert "近期会议的会议材料" in client.get("/").content.decode()
    page = client.get(reverse("materials:activity", args=[agenda.activity.pk])).content.decode()
    assert "我的座位" in page and "有关部门情况通报" in page


def test_county_seed_gives_planned_activities_an_agenda_and_seats(db: Any) -> None:
    from zhengxie.consultations.models import Activity
    from zhengxie.materials.models import Seat
    from zhengxie.org.models import Committee

    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    planned = Activity.objects.filter(committee=county, state=Activity.State.PLANNED)
    assert planned.exists()
    assert Agenda.objects.filter(activity__in=planned).count() == planned.count()
    assert Seat.objects.filter(activity__in=planned).exists()
