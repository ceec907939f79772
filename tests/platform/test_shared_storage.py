"""Attachments go through the configured storage (STORAGES["default"]), never straight to
MEDIA_ROOT, so servers sharing an S3-compatible bucket or an NFS mount see the same files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.proposals.services import submission as sub

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_upload_and_download_use_the_configured_storage(
    client: Any, p: Personas, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    upload = SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    attachment = sub.attachment_add(proposal=draft, by=p.member_wang, upload=upload)

    assert default_storage.exists(attachment.file.name)
    assert not any(tmp_path.rglob("*")), "written to MEDIA_ROOT, not through the storage"
    client.force_login(p.member_wang)
    response = client.get(reverse("proposals:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
