from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role


@pytest.fixture
def unit_leader(p: Personas) -> User:
    """住建局负责人: the leader of the lead unit of most items below."""
    return _user("unit_leader", "住建局负责人", p.city, Role.UNIT_LEADER, unit=p.unit)


@pytest.fixture
def other_unit(p: Personas) -> HandlingUnit:
    return HandlingUnit.objects.create(committee=p.city, name="市教育局")


@pytest.fixture
def other_clerk(p: Personas, other_unit: HandlingUnit) -> User:
    """教育局经办人: a clerk of another unit of the same committee."""
    return _user("edu_clerk", "教育局经办人", p.city, Role.UNIT_CLERK, unit=other_unit)


@pytest.fixture
def other_leader(p: Personas) -> User:
    """A second committee leader, who supervises other items."""
    return _user("leader2", "市政协副主席", p.city, Role.LEADER)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
