from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.org.demo import ACCOUNTS, DEMO_PASSWORD
from zhengxie.org.models import Committee, HandlingUnit, Member, Person
from zhengxie.org.scope import roles_in


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_demo_is_refused_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="演示模式"):
        call_command("load_demo")
    assert not Committee.objects.exists()


def test_demo_has_a_province_city_and_two_counties_with_people(demo):
    city = Committee.objects.get(name="青州市政协")
    assert city.parent is not None and city.parent.name == "江临省政协"
    assert sorted(city.children.values_list("name", flat=True)) == ["临河县政协", "安平县政协"]
    assert 290 <= Member.objects.count() <= 320
    assert HandlingUnit.objects.filter(committee=city).count() >= 40
    assert city.sectors.count() >= 30 and city.special_committees.count() == 9
    # Some people are members of the city and of the province at once.
    assert (
        Person.objects.filter(memberships__committee__level="province")
        .filter(memberships__committee=city)
        .exists()
    )
    assert verify_chain()[1] is None


def test_every_demo_account_logs_in_and_holds_its_role(demo):
    for username, _, role, _ in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        committee = user.role_assignments.get().committee
        assert roles_in(user, committee.pk) == {role}
        assert not user.must_change_password and user.privacy_acknowledged_at is not None
    assert User.objects.get(username="demo_member").person.memberships.get().committee.name == "青州市政协"
    assert (
        User.objects.get(username="demo_county_member").person.memberships.get().committee.name
        == "安平县政协"
    )
    clerk = User.objects.get(username="demo_unit").role_assignments.get()
    assert clerk.handling_unit is not None and clerk.handling_unit.name == "市住房和城乡建设局"


def test_a_second_load_keeps_the_data(demo, capsys):
    before = (Member.objects.count(), User.objects.count())
    call_command("load_demo")
    assert (Member.objects.count(), User.objects.count()) == before
    assert "演示数据已存在" in capsys.readouterr().out
