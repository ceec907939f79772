from __future__ import annotations

from django.core.management import call_command

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee, HandlingUnit, Member
from zhengxie.org.scope import committee_ids
from zhengxie.org.seed import SCALES, _share


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


def test_province_shares_add_up_and_leave_no_committee_without_units_or_members():
    """The province's 151 committees share 1 500 units and 30 000 members: every one gets some,
    the province and cities four times a county's share, and the counts add up exactly."""
    spec = SCALES["province"]
    committees = [
        Committee(level="province"),
        *(Committee(level="city") for _ in range(spec.cities)),
        *(Committee(level="county") for _ in range(spec.cities * spec.counties_per_city)),
    ]
    for total in (spec.units, spec.members):
        counts = [n for _, n in _share(total, committees)]
        assert sum(counts) == total
        county_share = total / (4 * (1 + spec.cities) + spec.cities * spec.counties_per_city)
        assert all(abs(n - county_share) < 1 for n in counts[1 + spec.cities :])
        assert all(abs(n - 4 * county_share) < 1 for n in counts[: 1 + spec.cities])
