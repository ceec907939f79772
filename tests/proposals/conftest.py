"""Personas for proposal tests, on top of tests/personas.py: a second and third city member who
co-sign, a second handling unit with its clerk, and the city's current session."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.org import services as org
from zhengxie.org.models import HandlingUnit, Member, Session, Term
from zhengxie.org.roles import Role
from zhengxie.proposals.services.submission import ProposalData


def city_member(p: Personas, username: str, name: str, id_number: str) -> tuple[User, Member]:
    user = _user(username, name, p.city, Role.MEMBER)
    person = org.person_find_or_create(
        name=name, gender="F", affiliation="无党派人士", id_number=id_number, by=None
    )
    person.user = user
    person.save(update_fields=["user"])
    return user, org.member_create(committee=p.city, person=person, sector=p.sector, by=None)


@pytest.fixture
def zhao(p: Personas) -> tuple[User, Member]:
    """赵委员, a city member who co-signs 王委员's joint proposals."""
    return city_member(p, "zhao", "赵晓梅", "110105198001010024")


@pytest.fixture
def qian(p: Personas) -> tuple[User, Member]:
    """钱委员, another city member."""
    return city_member(p, "qian", "钱丽华", "110105198202020042")


@pytest.fixture
def session(p: Personas) -> Session:
    term = Term.objects.get(committee=p.city)
    return Session.objects.create(
        committee=p.city,
        term=term,
        number=3,
        plenary_opens_on=date(2026, 1, 10),
        plenary_closes_on=date(2026, 1, 14),
    )


@pytest.fixture
def edu_unit(p: Personas) -> HandlingUnit:
    return HandlingUnit.objects.create(committee=p.city, name="市教育局")


@pytest.fixture
def edu_clerk(p: Personas, edu_unit: HandlingUnit) -> User:
    """教育局经办人: a clerk of a second unit (co-handling, split handling, or simply another unit)."""
    return _user("edu_clerk", "教育局经办人", p.city, Role.UNIT_CLERK, unit=edu_unit)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def complete_data(**overrides: Any) -> ProposalData:
    """A proposal that passes every submission check."""
    values: dict[str, Any] = {
        "title": "关于加快老旧小区加装电梯的建议",
        "situation": "全市有老旧小区住宅楼四千余栋，多数没有电梯，老年住户上下楼困难。",
        "analysis": "加装电梯审批环节多、居民意见难统一、资金分摊缺少指引。",
        "suggestion": "一、简化审批；二、出台资金分摊指引；三、设立财政补贴。",
        "category": "社会建设",
    }
    values.update(overrides)
    return ProposalData(**values)
