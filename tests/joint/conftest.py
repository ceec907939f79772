from __future__ import annotations

import pytest

from tests.consultations.conftest import meeting, meeting_now  # noqa: F401  (shared fixtures)
from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.org import services as org_services
from zhengxie.org.models import Committee, Member, Sector
from zhengxie.org.roles import Role


@pytest.fixture
def county_staff(p: Personas) -> User:
    """甲县政协's activity staff: the co-organising office."""
    return _user("county_activity", "甲县活动干部", p.county_a, Role.ACTIVITY_STAFF)


@pytest.fixture
def county_member(p: Personas) -> Member:
    """李委员, member of 甲县政协."""
    return Member.objects.get(committee=p.county_a)


@pytest.fixture
def outside(p: Personas) -> Committee:
    """A committee of another province: outside the tree."""
    other = Committee.objects.create(name="外省政协", level="province", code="Q")
    return other


@pytest.fixture
def outside_staff(outside: Committee) -> User:
    return _user("outside_activity", "外省活动干部", outside, Role.ACTIVITY_STAFF)


def make_member(committee: Committee, username: str, name: str, phone: str) -> Member:
    user = _user(username, name, committee, Role.MEMBER)
    person = org_services.person_find_or_create(
        name=name, gender="M", affiliation="无党派人士", phone=phone, by=None
    )
    person.user = user
    person.save(update_fields=["user"])
    sector = Sector.objects.filter(committee=committee).first() or Sector.objects.create(
        committee=committee, name="其他界"
    )
    return org_services.member_create(committee=committee, person=person, sector=sector, by=None)
