"""Which files duty records accept: evidence of an activity (PDF, JPG/PNG, Word) and a standing
member's annual report (Word or PDF), up to 8 MB. The content check itself is lib/uploads.py's."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment

MAX_BYTES = 8 * 1024 * 1024
EVIDENCE = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".docx": "docx"}
REPORT = {".pdf": "pdf", ".docx": "docx"}
LABELS = {id(EVIDENCE): "图片（JPG、PNG）、PDF 或 Word（.docx）", id(REPORT): "Word（.docx）或 PDF"}


def check_upload(upload: UploadedFile, allowed: dict[str, str]) -> str:
    """The file's kind ("pdf", "jpg", …) if it is one of `allowed` and its content agrees."""
    suffix = PurePath(str(upload.name or "")).suffix.lower()
    if suffix not in allowed:
        raise DomainError(f"只能上传{LABELS[id(allowed)]}文件")
    check_attachment(upload, max_bytes=MAX_BYTES)
    return allowed[suffix]


def safe_name(upload: UploadedFile) -> str:
    """The original file name for display (the stored name is generated)."""
    return PurePath(str(upload.name or "file")).name[-120:]
