"""Checking uploaded attachments by content, size and name (DESIGN §4 "Bad input").

The browser's content type and the file extension are both claims of the uploader; what decides
is the file's first bytes. Office documents are zip containers, so a .docx must also hold a
`word/` part and a .xlsx an `xl/` part.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from .errors import DomainError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    magic: tuple[bytes, ...]
    zip_part: str = ""  # for Office Open XML files: a folder the zip must contain


KINDS: dict[str, Kind] = {
    ".pdf": Kind("PDF", (b"%PDF-",)),
    ".docx": Kind("Word", (b"PK\x03\x04",), "word/"),
    ".xlsx": Kind("Excel", (b"PK\x03\x04",), "xl/"),
    ".doc": Kind("Word", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".xls": Kind("Excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".jpg": Kind("图片", (b"\xff\xd8\xff",)),
    ".jpeg": Kind("图片", (b"\xff\xd8\xff",)),
    ".png": Kind("图片", (b"\x89PNG\r\n\x1a\n",)),
    ".ofd": Kind("OFD", (b"PK\x03\x04",), "Doc_0/"),
}
ALLOWED_TEXT = "PDF、Word、Excel、OFD 或图片（JPG/PNG）"


def check_attachment(
    upload: UploadedFile, *, max_bytes: int = MAX_ATTACHMENT_BYTES, allowed: Collection[str] | None = None
) -> str:
    """Return the cleaned file name, or raise a DomainError saying what is wrong with the file.
    `allowed` narrows the accepted suffixes (e.g. {".pdf", ".docx"}) for one kind of upload."""
    name = PurePath(str(upload.name or "")).name.strip()
    if not name or len(name) > 150 or any(c in name for c in '<>:"/\\|?*\x00'):
        raise DomainError("附件文件名无效，请改名后重新上传")
    size = upload.size or 0
    if size == 0:
        raise DomainError("附件是空文件")
    if size > max_bytes:
        raise DomainError(f"附件不能超过 {max_bytes // (1024 * 1024)} MB")
    suffix = PurePath(name).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None or (allowed is not None and suffix not in allowed):
        accepted = (
            ALLOWED_TEXT if allowed is None else "、".join(dict.fromkeys(KINDS[s].label for s in allowed))
        )
        raise DomainError(f"附件只能是 {accepted} 文件")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(m) for m in kind.magic):
        raise DomainError(f"附件内容与文件类型不符，不是有效的{kind.label}文件")
    if kind.zip_part:
        try:
            with zipfile.ZipFile(upload) as archive:
                if not any(n.startswith(kind.zip_part) for n in archive.namelist()):
                    raise DomainError(f"附件内容与文件类型不符，不是有效的{kind.label}文件")
        except zipfile.BadZipFile as exc:
            raise DomainError(f"附件已损坏，不是有效的{kind.label}文件") from exc
        finally:
            upload.seek(0)
    return name
