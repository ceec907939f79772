"""Which files duty records accept: evidence of an activity (PDF, JPG/PNG, Word) and a standing
member's annual report (Word or PDF), up to 8 MB. The content check itself is lib/uploads.py's."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from zhengxie.lib.uploads import check_attachment

MAX_BYTES = 8 * 1024 * 1024
EVIDENCE = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".docx": "docx"}
REPORT = {".pdf": "pdf", ".docx": "docx"}


def check_upload(upload: UploadedFile, allowed: dict[str, str]) -> str:
    """The file's kind ("pdf", "jpg", …) if it is one of `allowed` and its content agrees."""
    name = check_attachment(upload, max_bytes=MAX_BYTES, allowed=allowed)
    return allowed[PurePath(name).suffix.lower()]


def safe_name(upload: UploadedFile) -> str:
    """The original file name for display (the stored name is generated)."""
    return PurePath(str(upload.name or "file")).name[-120:]
