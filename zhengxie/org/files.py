"""The shape every app's attachment table shares: a checked file of one committee, its shown
name, size, uploader and time. Each app subclasses it with the record the file belongs to and its
own upload folder; the check itself is lib/uploads.check_attachment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from .models import Committee
from .scope import CommitteeScopedQuerySet


class CommitteeFile(models.Model):
    """A file stored for a record of one committee (abstract: each app has its own table)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    file = models.FileField()  # each subclass names its own upload_to
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def store(cls, *, upload: UploadedFile, name: str, by: Any, committee_id: int, **owner: Any) -> Any:
        """Save `upload` (already checked; `name` is the checked name) and its row."""
        row = cls(committee_id=committee_id, name=name, size=upload.size or 0, uploaded_by=by, **owner)
        row.file.save(name, upload, save=False)
        row.save()
        return row
