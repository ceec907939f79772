"""Checking uploaded evidence and report files by content, size and name (DESIGN §4 "Bad input")."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import UploadedFile

from zhengxie.lib.errors import DomainError

MAX_BYTES = 8 * 1024 * 1024

# kind -> (extensions accepted in the name, Chinese name)
KINDS = {
    "pdf": ((".pdf",), "PDF"),
    "jpg": ((".jpg", ".jpeg"), "JPG 图片"),
    "png": ((".png",), "PNG 图片"),
    "docx": ((".docx",), "Word（.docx）"),
}
EVIDENCE = ("pdf", "jpg", "png", "docx")
REPORT = ("pdf", "docx")


def _sniff(head: bytes, data: bytes | None) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(upload: UploadedFile, allowed: tuple[str, ...]) -> str:
    """The file's kind if its name, size and content agree and it is allowed; else DomainError."""
    accepted = "、".join(KINDS[k][1] for k in allowed)
    name = (upload.name or "").lower()
    if not any(name.endswith(ext) for k in allowed for ext in KINDS[k][0]):
        raise DomainError(f"只能上传{accepted}文件")
    if not upload.size:
        raise DomainError("上传的文件是空的")
    if upload.size > MAX_BYTES:
        raise DomainError("文件不能超过8MB")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = _sniff(data[:16], data)
    if kind is None or kind not in allowed or not any(name.endswith(ext) for ext in KINDS[kind][0]):
        raise DomainError(f"文件内容与扩展名不符，只能上传{accepted}文件")
    return kind


def safe_name(upload: UploadedFile) -> str:
    """The original file name for display (the stored name is generated)."""
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[-120:]
