from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from zhengxie.org.models import Committee
from zhengxie.workplans.models import Item, YearPlan


@pytest.mark.django_db
def test_county_seed_has_published_plans(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert YearPlan.objects.filter(committee=county, state="published").exists()
    assert Item.objects.filter(committee=county, plan="supervision").exists()


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_publishes_the_three_plans(demo: None, client: Any) -> None:
    from django.urls import reverse

    from zhengxie.accounts.models import User

    city = Committee.objects.get(code="DEMO-01")
    yp = YearPlan.objects.get(committee=city, state="published")
    assert Item.objects.filter(year_plan=yp, plan="supervision", form="appraisal").exists()
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert "到期未安排的计划项目" in client.get("/").content.decode()
    page = client.get(reverse("workplans:detail", args=[yp.pk])).content.decode()
    assert "民主评议市住房和城乡建设局" in page
    client.force_login(User.objects.get(username="demo_unit"))
    assert "待答复的民主监督意见" in client.get("/").content.decode()
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert "待审阅的特约监督员报告" in client.get("/").content.decode()
    client.force_login(User.objects.get(username="demo_member"))
    assert "关于老旧小区加装电梯的监督报告" in client.get(reverse("workplans:supervise")).content.decode()
