"""Shared helpers for the participation tests: a tiny valid PNG and a micro-suggestion of 王委员's."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from tests.personas import Personas
from zhengxie.participation.models import MicroSuggestion
from zhengxie.participation.services import micro as svc


def png_bytes(extra: int = 0) -> bytes:
    """A 1×1 PNG; `extra` bytes of padding inside a text chunk make it as large as a test needs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    text = chunk(b"tEXt", b"c\x00" + b"a" * extra) if extra else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + text
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def data(title: str = "幸福路井盖破损", body: str = "井盖破损下陷，建议尽快更换。") -> svc.MicroData:
    return svc.MicroData(title=title, body=body, place="幸福路与人民路交叉口", topic="城乡建设")


def submit(p: Personas, **kwargs: Any) -> MicroSuggestion:
    return svc.micro_submit(committee_id=p.city.pk, by=p.member_wang, data=data(**kwargs))


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
