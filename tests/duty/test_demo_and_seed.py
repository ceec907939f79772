from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.duty.defaults import RULES
from zhengxie.duty.models import ActivityReport, AttendanceSheet, PointEntry, Rule, StandingReport
from zhengxie.org.models import Committee, Member


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_gives_every_duty_page_something_to_show(demo, client):
    city = Committee.objects.get(name="青州市政协")
    year = date.today().year
    assert PointEntry.objects.filter(committee=city, year=year).count() > 300
    assert PointEntry.objects.filter(committee=city, year=year - 1).count() > 300
    assert ActivityReport.objects.filter(committee=city, state="submitted").count() >= 3
    assert AttendanceSheet.objects.filter(committee=city).exists()
    assert StandingReport.objects.filter(committee=city).exists()
    assert verify_chain()[1] is None
    client.force_login(User.objects.get(username="demo_member"))
    page = client.get(reverse("duty:my_record")).content.decode()
    assert "界别内名次" in page and "有 1 项申报被退回" in page
    client.force_login(User.objects.get(username="demo_activity_staff"))
    assert "待审核的履职活动申报" in client.get("/").content.decode()


def test_county_seed_has_ten_years_of_entries(db):
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    years = set(PointEntry.objects.filter(committee=county).values_list("year", flat=True))
    assert len(years) == 10 and Rule.objects.filter(committee=county).count() == 10 * len(RULES)
    per_member_year = PointEntry.objects.filter(committee=county).count() / (Member.objects.count() * 10)
    assert 2 <= per_member_year <= 8
