"""Attachments are judged by their bytes, not by the name or the browser's claim."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.pdf", b"%PDF-1.7 rest"),
        ("现场.JPG", b"\xff\xd8\xff\xe0rest"),
        ("截图.png", b"\x89PNG\r\n\x1a\nrest"),
        ("办结报告.docx", _docx_bytes()),
    ],
)
def test_real_files_pass_with_their_names(name: str, content: bytes) -> None:
    assert check_attachment(SimpleUploadedFile(name, content)) == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.pdf", b"MZ\x90\x00 an executable", "内容与文件类型不符"),
        ("报告.exe", b"MZ\x90\x00", "附件只能是"),
        ("表格.xlsx", _docx_bytes(), "不是有效的Excel"),
        ("坏的.docx", b"PK\x03\x04 not really a zip", "已损坏"),
        ("空.pdf", b"", "空文件"),
        ("a<b>.pdf", b"%PDF-1.7", "文件名无效"),
    ],
)
def test_disguised_or_broken_files_are_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        check_attachment(SimpleUploadedFile(name, content))


def test_size_limit() -> None:
    with pytest.raises(DomainError, match="不能超过 1 MB"):
        check_attachment(SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (1024 * 1024)), max_bytes=1024 * 1024)
