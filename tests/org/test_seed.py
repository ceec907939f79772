from __future__ import annotations

from django.core.management import call_command

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee, HandlingUnit, Member
from zhengxie.org.scope import committee_ids


def test_county_scale_seed_and_rerun_keeps_it(db, capsys):
    call_command("seed", "--scale", "county")
    county = Committee.objects.get(code="SEED-county")
    assert Member.objects.filter(committee=county).count() == 300
    assert HandlingUnit.objects.filter(committee=county).count() == 40
    staff = User.objects.get(username="seed_seed-county")
    assert committee_ids(staff) == {county.pk}
    call_command("seed", "--scale", "county")
    assert "已存在" in capsys.readouterr().out
    assert Member.objects.count() == 300


def test_city_scale_has_a_city_and_ten_counties(db):
    call_command("seed", "--scale", "city")
    city = Committee.objects.get(code="SEED-city")
    assert city.level == "city" and city.children.count() == 10
    assert Member.objects.filter(committee__code__startswith="SEED-city").count() == 3000
