"""A city sector group (王委员, 赵委员 of another sector, the activity staff as owner) and 赵委员
with an account, for the group-exchange and contacts tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.exchange import services
from zhengxie.exchange.models import Group
from zhengxie.org import services as org
from zhengxie.org.models import Member, Sector
from zhengxie.org.roles import Role


@dataclass
class X:
    group: Group
    zhao: User  # 赵委员, city member of 教育界
    zhao_record: Member
    education: Sector


@pytest.fixture
def x(p: Personas, settings: Any, tmp_path: Any) -> X:
    settings.MEDIA_ROOT = tmp_path
    education = Sector.objects.create(committee=p.city, name="教育界")
    zhao = _user("zhao", "赵晓梅", p.city, Role.MEMBER)
    person = org.person_find_or_create(
        name="赵晓梅",
        gender="F",
        affiliation="无党派人士",
        phone="13700137000",
        employer="市第一中学",
        job_title="校长",
        by=None,
    )
    person.user = zhao
    person.save(update_fields=["user"])
    record = org.member_create(committee=p.city, person=person, sector=education, by=None)
    group = services.group_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        name="城建课题组",
        kind=Group.Kind.TEAM,
        user_ids=[p.member_wang.pk, zhao.pk],
    )
    return X(group=group, zhao=zhao, zhao_record=record, education=education)
