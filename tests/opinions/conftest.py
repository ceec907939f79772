"""Personas of the 社情民意 stories: the county's and the province's information centres and
leaders (the city's are p.info_staff and p.leader), a participating unit of the county with its
liaison officer, an informant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.opinions.models import Correspondent
from zhengxie.org.models import HandlingUnit, Member, ParticipatingUnit
from zhengxie.org.roles import Role


@dataclass
class Info:
    county_info: User  # 甲县信息中心
    county_leader: User  # 甲县政协秘书长
    province_info: User  # 省政协信息中心
    province_leader: User
    li: Member  # 李淑芬, 甲县委员 (p.member_county)
    unit: ParticipatingUnit  # 民进甲县基层委员会
    liaison: User  # its 信息联络员
    informant: User  # 甲县特邀信息员
    department: HandlingUnit  # 甲县卫生健康局


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def o(p: Personas, media: Path) -> Info:
    unit = ParticipatingUnit.objects.create(committee=p.county_a, name="民进甲县基层委员会", kind="party")
    liaison = _user("liaison", "民进联络员", p.county_a, Role.MEMBER)
    Correspondent.objects.create(
        committee=p.county_a, kind="liaison", name="民进联络员", user=liaison, unit=unit
    )
    informant = _user("informant", "特邀信息员小张", p.county_a, Role.MEMBER)
    Correspondent.objects.create(committee=p.county_a, kind="informant", name="张信息员", user=informant)
    return Info(
        county_info=_user("county_info", "甲县信息中心", p.county_a, Role.INFO_STAFF),
        county_leader=_user("county_leader", "甲县政协秘书长", p.county_a, Role.LEADER),
        province_info=_user("province_info", "省政协信息中心", p.province, Role.INFO_STAFF),
        province_leader=_user("province_leader", "省政协秘书长", p.province, Role.LEADER),
        li=Member.objects.get(committee=p.county_a, person__user=p.member_county),
        unit=unit,
        liaison=liaison,
        informant=informant,
        department=HandlingUnit.objects.create(committee=p.county_a, name="甲县卫生健康局"),
    )
