"""Checking uploaded attachments by content, size and name (DESIGN §4 "Bad input").

The browser's content type and the file extension are both claims of the uploader; what decides
is the file's bytes:

- the first bytes must be the claimed type's signature;
- Office Open XML and OFD files are zip containers: their structure must be the claimed type's
  (a .docx holds `word/document.xml`, a .xlsx `xl/workbook.xml`), and the archive must not be a
  decompression bomb (too many entries, too large once expanded, or expanding far more than any
  real document does). The sizes checked are the ones the archive declares; Python's zipfile,
  which openpyxl and python-docx use, never expands an entry past its declared size, so the
  declaration is what bounds the server's work;
- no file may be two things at once (a polyglot): a PDF or image that is also a zip archive, or
  any file carrying HTML or script that a browser could be tricked into running; an image may not
  declare more pixels than any photograph has, and a PNG may not carry data after its end (JPEG
  photographs from phones legitimately do: motion photos append their video).
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.files.uploadedfile import UploadedFile

from .errors import DomainError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Limits for zip-based documents. Real Word and Excel files have tens to a few hundred entries and
# expand 3–30 times; a bomb expands thousands of times.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel picture is larger than any phone's photograph

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Kind:
    label: str
    magic: tuple[bytes, ...]
    zip_parts: tuple[str, ...] = ()  # for zip containers: the parts the claimed type must have
    offset: int = 0  # where the signature sits (MP4's "ftyp" box type is at byte 4)


KINDS: dict[str, Kind] = {
    ".pdf": Kind("PDF", (b"%PDF-",)),
    ".docx": Kind("Word", (ZIP_MAGIC,), ("word/document.xml",)),
    ".xlsx": Kind("Excel", (ZIP_MAGIC,), ("xl/workbook.xml",)),
    ".doc": Kind("Word", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".xls": Kind("Excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".jpg": Kind("图片", (b"\xff\xd8\xff",)),
    ".jpeg": Kind("图片", (b"\xff\xd8\xff",)),
    ".png": Kind("图片", (b"\x89PNG\r\n\x1a\n",)),
    ".ofd": Kind("OFD", (ZIP_MAGIC,), ("OFD.xml",)),
}
# Recordings for lessons (委员学习): accepted only where an upload names them in `allowed`.
MEDIA_KINDS: dict[str, Kind] = {
    ".mp3": Kind("MP3音频", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".m4a": Kind("M4A音频", (b"ftyp",), offset=4),
    ".mp4": Kind("MP4视频", (b"ftyp",), offset=4),
}
MAX_MEDIA_BYTES = 500 * 1024 * 1024
ALLOWED_TEXT = "PDF、Word、Excel、OFD 或图片（JPG/PNG）"

# Markup a browser would run if the file were ever served inline, and PDF actions that run code.
# Office parts are compressed, so their XML never shows here; a match means the uploader put it.
_ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:script|html|iframe|object|embed|svg|body)[\s>/]|<!doctype\s+html|javascript:"
    rb"|/JavaScript\b|/Launch\b",
    re.IGNORECASE,
)
_SCAN_CHUNK = 1024 * 1024
_SCAN_OVERLAP = 64
# Parts that run code or pages inside an Office container (macros, HTML, scripts).
_FORBIDDEN_PARTS = re.compile(
    r"(?:vbaProject\.bin|\.(?:html?|js|vbs|hta|exe|bat|cmd|ps1|scr))$", re.IGNORECASE
)


def _refuse(kind: Kind) -> DomainError:
    return DomainError(f"附件内容与文件类型不符，不是有效的{kind.label}文件")


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
    kind = KINDS.get(suffix) or (MEDIA_KINDS.get(suffix) if allowed is not None else None)
    if kind is None or (allowed is not None and suffix not in allowed):
        known = {**KINDS, **MEDIA_KINDS}
        accepted = (
            ALLOWED_TEXT if allowed is None else "、".join(dict.fromkeys(known[s].label for s in allowed))
        )
        raise DomainError(f"附件只能是 {accepted} 文件")
    try:
        upload.seek(0)
        head = upload.read(32)[kind.offset :]
        if not any(head.startswith(m) for m in kind.magic):
            raise _refuse(kind)
        if has_active_content(upload):
            raise DomainError("附件含有网页或脚本内容，不能上传")
        if kind.zip_parts:
            check_zip_container(upload, label=kind.label, parts=kind.zip_parts)
        elif zipfile.is_zipfile(upload):
            # A PDF or picture that is also a zip archive: a polyglot.
            raise _refuse(kind)
        if kind.label == "图片":
            _check_image(upload, suffix, kind)
    finally:
        upload.seek(0)
    return name


def has_active_content(fileobj: IO[bytes]) -> bool:
    """Whether the file carries HTML, script or a PDF action anywhere (read in chunks)."""
    fileobj.seek(0)
    tail = b""
    while chunk := fileobj.read(_SCAN_CHUNK):
        if _ACTIVE_CONTENT.search(tail + chunk):
            return True
        tail = chunk[-_SCAN_OVERLAP:]
    return False


def check_zip_container(fileobj: IO[bytes], *, label: str, parts: tuple[str, ...] = ()) -> None:
    """Raise a DomainError unless the file is a sound zip container with `parts`: not damaged,
    no bomb, no path escaping its folder, no macros or pages inside."""
    fileobj.seek(0, 2)
    stored = max(fileobj.tell(), 1)
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise DomainError(f"附件已损坏，不是有效的{label}文件") from exc
    finally:
        fileobj.seek(0)
    if len(entries) > MAX_ZIP_ENTRIES:
        raise DomainError(f"{label}文件内部条目过多（超过 {MAX_ZIP_ENTRIES} 个），不能上传")
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_ZIP_EXPANDED_BYTES or expanded > stored * MAX_ZIP_RATIO:
        raise DomainError(f"{label}文件解压后异常庞大（疑似压缩炸弹），不能上传")
    names = {e.filename for e in entries}
    for entry in names:
        if entry.startswith(("/", "\\")) or ".." in PurePath(entry.replace("\\", "/")).parts:
            raise DomainError(f"附件已损坏，不是有效的{label}文件")
        if _FORBIDDEN_PARTS.search(entry):
            raise DomainError(f"{label}文件含有宏或脚本，请另存为不含宏的文件后上传")
    if any(p not in names for p in parts):
        raise DomainError(f"附件内容与文件类型不符，不是有效的{label}文件")


def _check_image(fileobj: IO[bytes], suffix: str, kind: Kind) -> None:
    """Refuse a picture that declares absurd dimensions, or a PNG with data after its end."""
    fileobj.seek(0)
    data = fileobj.read()
    if suffix == ".png":
        width, height = _png_size(data)
        end = data.rfind(b"IEND")
        # IEND is followed by its 4-byte CRC; anything further is another file riding along.
        if end != -1 and len(data) > end + 8:
            raise _refuse(kind)
    else:
        width, height = _jpeg_size(data)
    if width * height > MAX_IMAGE_PIXELS:
        raise DomainError("图片尺寸过大，不能上传")


def _png_size(data: bytes) -> tuple[int, int]:
    if data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 0, 0


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """The frame size from the first SOF marker (0xC0–0xCF except DHT, JPG and DAC)."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return 0, 0
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return 0, 0
