"""A city topic group open to all city members, and a second city member (赵委员) of another
sector with an account, for the topic-group tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.groups import services
from zhengxie.groups.models import TopicGroup
from zhengxie.org import services as org
from zhengxie.org.models import Member, Sector
from zhengxie.org.roles import Role


@dataclass
class G:
    group: TopicGroup
    zhao: User  # 赵委员, city member of 教育界
    zhao_record: Member
    education: Sector


def new_group(p: Personas, **kwargs: Any) -> TopicGroup:
    data = services.GroupDraft(
        title=kwargs.pop("title", "推进老旧小区改造"), description="请委员建言。", **kwargs
    )
    return services.group_create(committee_id=p.city.pk, by=p.activity_staff, data=data)


@pytest.fixture
def g(p: Personas) -> G:
    education = Sector.objects.create(committee=p.city, name="教育界")
    zhao = _user("zhao", "赵晓梅", p.city, Role.MEMBER)
    person = org.person_find_or_create(
        name="赵晓梅", gender="F", affiliation="无党派人士", phone="13700137000", by=None
    )
    person.user = zhao
    person.save(update_fields=["user"])
    record = org.member_create(committee=p.city, person=person, sector=education, by=None)
    return G(group=new_group(p), zhao=zhao, zhao_record=record, education=education)
