from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Platform
from zhengxie.grassroots import services
from zhengxie.grassroots.models import Group


def png(name: str = "现场.png") -> SimpleUploadedFile:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    body = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, body, content_type="image/png")


@pytest.fixture
def convener(p: Personas) -> User:
    """高城镇's convener: holds the convener role in the city committee."""
    return _user("convener", "高城镇召集人", p.city, "convener")


@pytest.fixture
def towns(p: Personas, convener: User) -> dict[str, Group]:
    gaocheng = services.group_create(
        committee_id=p.city.pk, by=p.activity_staff, name="高城镇政协活动小组", township="高城镇"
    )
    shangshi = services.group_create(
        committee_id=p.city.pk, by=p.activity_staff, name="尚市镇政协活动小组", township="尚市镇"
    )
    services.convener_appoint(group=gaocheng, by=p.activity_staff, user=convener)
    return {"高城镇": gaocheng, "尚市镇": shangshi}


@pytest.fixture
def village(p: Personas, towns: dict[str, Group]) -> Platform:
    return services.platform_create(
        committee_id=p.city.pk, by=p.activity_staff, name="高城村协商议事点", level="village", township="高城镇",
        village="高城村", group=towns["高城镇"],
    )  # fmt: skip


@pytest.fixture
def other_town(p: Personas, towns: dict[str, Group]) -> Platform:
    return services.platform_create(
        committee_id=p.city.pk, by=p.activity_staff, name="尚市镇企业议事室", level="enterprise", township="尚市镇",
        group=towns["尚市镇"],
    )  # fmt: skip
