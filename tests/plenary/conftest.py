from __future__ import annotations

from datetime import timedelta

import pytest

from tests.consultations.conftest import at, member_zhao  # noqa: F401  (fixture)
from tests.personas import Personas
from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities
from zhengxie.org.models import Member
from zhengxie.plenary import services
from zhengxie.plenary.models import SpeechCall


@pytest.fixture
def plenary(p: Personas, member_zhao: Member) -> Activity:  # noqa: F811
    """市政协全体会议 in two weeks, 王委员 and 赵委员 invited."""
    a = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=Activity.Kind.PLENARY, title="市政协十届三次会议",
        starts_at=at(14), ends_at=at(15, 17), place="市会议中心",
    )  # fmt: skip
    activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record, member_zhao])
    return a


@pytest.fixture
def call(p: Personas, plenary: Activity) -> SpeechCall:
    return services.call_open(
        activity=plenary, by=p.activity_staff, title="十届三次会议大会发言征集", guidance="每篇不超过2500字",
        closes_at=plenary.starts_at - timedelta(days=3),
    )  # fmt: skip
