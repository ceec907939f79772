"""Small builders for duty tests: more members in the personas' city, uploads, a year's entries."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import Personas
from zhengxie.org.models import Member, Person, Sector, SpecialCommittee

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def add_members(
    p: Personas,
    count: int,
    *,
    sector: Sector | None = None,
    special: SpecialCommittee | None = None,
    standing: bool = False,
    prefix: str = "委员",
) -> list[Member]:
    members = []
    for i in range(count):
        person = Person.objects.create(name=f"{prefix}{i}", gender="M", affiliation="群众")
        members.append(
            Member.objects.create(
                committee=p.city,
                person=person,
                sector=sector or p.sector,
                special_committee=special,
                is_standing=standing,
            )
        )
    return members
