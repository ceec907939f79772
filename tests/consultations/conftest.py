from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities
from zhengxie.org import services as org_services
from zhengxie.org.models import Member
from zhengxie.org.roles import Role


def at(days: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


@pytest.fixture
def member_zhao(p: Personas) -> Member:
    """赵委员: a second city member, 经济界, standing member, without a special committee."""
    user = _user("zhao", "赵敏", p.city, Role.MEMBER)
    person = org_services.person_find_or_create(
        name="赵敏", gender="F", affiliation="无党派人士", phone="13700137000", by=None
    )
    person.user = user
    person.save(update_fields=["user"])
    member = org_services.member_create(committee=p.city, person=person, sector=p.sector, by=None)
    Member.objects.filter(pk=member.pk).update(is_standing=True)
    member.refresh_from_db()
    return member


@pytest.fixture
def second_leader(p: Personas) -> User:
    return _user("leader2", "市政协副主席", p.city, Role.LEADER)


@pytest.fixture
def meeting(p: Personas) -> Activity:
    """A consultation meeting next week in 市政协三楼会议室."""
    return activities.activity_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        kind=Activity.Kind.CONSULTATION,
        title="推进城市更新专题协商会",
        starts_at=at(7),
        ends_at=at(7, 12),
        place="市政协三楼会议室",
    )


@pytest.fixture
def meeting_now(p: Personas) -> Activity:
    """A consultation meeting under way (started an hour ago)."""
    now = timezone.now()
    return activities.activity_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        kind=Activity.Kind.CONSULTATION,
        title="双周协商座谈会",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        place="市政协一楼报告厅",
    )
