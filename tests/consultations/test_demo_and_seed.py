from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.consultations.models import (
    Activity,
    Case,
    Consultation,
    Deliberation,
    Instruction,
    Invitation,
    Plan,
    Platform,
    Rating,
    Review,
    TripReport,
)
from zhengxie.consultations.services.plans import is_overdue
from zhengxie.duty.models import PointEntry
from zhengxie.org.models import Committee
from zhengxie.supervision.models import Item


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_has_a_plan_consultations_at_every_step_and_attendance(demo: None, client: Client) -> None:
    city = Committee.objects.get(code="DEMO-01")
    assert Plan.objects.filter(committee=city, state="approved").exists()
    steps = set(Consultation.objects.filter(committee=city).values_list("state", flat=True))
    assert steps == {"topic", "scheme", "research", "meeting", "outcome", "tracking", "feedback", "archived"}
    assert any(is_overdue(c) for c in Consultation.objects.filter(committee=city))
    assert Invitation.objects.filter(committee=city, attendance="present").count() > 50
    assert Invitation.objects.filter(committee=city, attendance="unexcused").exists()
    assert Activity.objects.filter(committee=city, state="planned").exists()
    assert Item.objects.filter(committee=city, source__name="协商成果").exists()
    assert Rating.objects.filter(committee=city).count() >= 4
    assert (
        Deliberation.objects.filter(committee=city).exists()
        and Platform.objects.filter(committee=city).exists()
    )
    assert PointEntry.objects.filter(committee=city, source_type__app_label="consultations").exists()
    assert PointEntry.objects.filter(
        committee=city, rule__code="A04", source_type__model="platformactivity"
    ).exists()
    # Two leaders' instructions on an outcome, each with its item; an accepted one fed back.
    assert Instruction.objects.filter(committee=city).values("outcome").distinct().count() >= 1
    assert all(i.item_id for i in Instruction.objects.filter(committee=city))
    implemented = Instruction.objects.filter(committee=city).exclude(result="").select_related("outcome")
    assert implemented.exists()
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_activity_staff"))
    home = client.get("/").content.decode()
    assert "步骤逾期的协商" in home and "有请假待审批的会议活动" in home
    for name in ("consultations:index", "consultations:calendar", "consultations:activity_list"):
        assert client.get(reverse(name)).status_code == 200
    shown = implemented.first()
    assert shown is not None
    page = client.get(reverse("consultations:consultation_detail", args=[shown.outcome.consultation_id]))
    assert shown.result in page.content.decode() and "分管副市长批示" in page.content.decode()
    client.force_login(User.objects.get(username="demo_member"))
    assert "待回复的活动邀请" in client.get("/").content.decode()
    # Quality gates, the case library, trips' reports and the 专题协商 warning.
    assert Case.objects.filter(committee=city, shared=True).exists()
    assert TripReport.objects.filter(committee=city, submitted_at__isnull=True).exists()
    assert TripReport.objects.filter(committee=city, submitted_at__isnull=False).exists()
    assert Review.objects.filter(committee=city, decision="pass").exists()
    client.force_login(User.objects.get(username="demo_leader"))
    assert "待评审的协商开题报告、方案和调研报告" in client.get("/").content.decode()
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert "special-warning" in client.get(reverse("consultations:index")).content.decode()
    assert "待提交的视察调研报告" in client.get("/").content.decode()


def test_county_seed_has_plans_consultations_and_attendance(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Plan.objects.filter(committee=county).exists()
    assert Consultation.objects.filter(committee=county).values("state").distinct().count() == 8
    assert Invitation.objects.filter(committee=county, attendance="present").exists()
    assert Review.objects.filter(committee=county, decision="").exists()
    assert Case.objects.filter(committee=county).exists()
    assert TripReport.objects.filter(committee=county).exists()
