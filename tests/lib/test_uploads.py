"""Attachments are judged by their bytes, not by the name or the browser's claim."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengxie.lib import uploads
from zhengxie.lib.errors import DomainError
from zhengxie.lib.uploads import check_attachment


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
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


# --- decompression bombs and polyglots ---------------------------------------------------------


def _zip(parts: dict[str, bytes], *, declared: dict[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    raw = buffer.getvalue()
    for name, size in (declared or {}).items():
        # Forge the declared size in both headers, as a crafted bomb would.
        info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(name)
        real = info.file_size.to_bytes(4, "little")
        raw = raw.replace(real, size.to_bytes(4, "little"))
    return raw


def _bomb_docx(expanded: int) -> bytes:
    """A real .docx structure whose document part expands to `expanded` bytes of zeros."""
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * expanded})


def test_a_docx_that_expands_to_a_gigabyte_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Building a real gigabyte is slow; a 10 MB part shows the ratio check (about 1000:1) ...
    bomb = _bomb_docx(10 * 1024 * 1024)
    assert len(bomb) < 64 * 1024
    with pytest.raises(DomainError, match="压缩炸弹"):
        check_attachment(SimpleUploadedFile("炸弹.docx", bomb))
    # ... and an archive that declares a gigabyte is refused by the total size alone.
    monkeypatch.setattr(uploads, "MAX_ZIP_RATIO", 10**9)
    declared = _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"x" * 5000},
        declared={"word/document.xml": 1024**3},
    )
    with pytest.raises(DomainError, match="压缩炸弹"):
        check_attachment(SimpleUploadedFile("炸弹.docx", declared))


def test_an_xlsx_bomb_is_refused_by_the_import_as_well() -> None:
    from zhengxie.lib.xlsx import read_rows

    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * (10 * 1024 * 1024)})
    with pytest.raises(DomainError, match="压缩炸弹"):
        read_rows(SimpleUploadedFile("导入.xlsx", bomb), expected_headers=["姓名"])
    with pytest.raises(DomainError, match="压缩炸弹"):
        check_attachment(SimpleUploadedFile("表.xlsx", bomb))


def test_an_archive_with_too_many_entries_is_refused() -> None:
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    parts |= {f"word/media/{i}.xml": b"" for i in range(uploads.MAX_ZIP_ENTRIES)}
    with pytest.raises(DomainError, match="条目过多"):
        check_attachment(SimpleUploadedFile("多.docx", _zip(parts)))


def test_a_real_office_document_passes() -> None:
    import docx
    import openpyxl

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于加快老旧小区加装电梯的建议" * 200)
    document.save(buffer)
    assert check_attachment(SimpleUploadedFile("提案.docx", buffer.getvalue())) == "提案.docx"
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    sheet = book.create_sheet("表")
    for i in range(2000):
        sheet.append([i, "某某单位", 0.5])
    book.save(buffer)
    assert check_attachment(SimpleUploadedFile("表.xlsx", buffer.getvalue())) == "表.xlsx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # The claimed structure is not there: a zip with a word/ folder is not a Word file.
        ("文档.docx", _zip({"word/x.txt": b"hello"}), "不是有效的Word"),
        ("表.xlsx", _zip({"[Content_Types].xml": b"", "word/document.xml": b""}), "不是有效的Excel"),
        # Macros and pages inside an Office container.
        (
            "宏.docx",
            _zip({"[Content_Types].xml": b"", "word/document.xml": b"", "word/vbaProject.bin": b"x"}),
            "宏或脚本",
        ),
        ("页.docx", _zip({"word/document.xml": b"", "word/page.html": b"x"}), "宏或脚本"),
        ("逃.docx", _zip({"word/document.xml": b"", "../../evil.xml": b"x"}), "已损坏"),
        # Polyglots: a PDF that is also a zip archive, a picture with a page behind it.
        ("报告.pdf", b"%PDF-1.7\n%%EOF\n" + _docx_bytes(), "内容与文件类型不符"),
        ("报告.pdf", b"%PDF-1.7\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF", "网页或脚本"),
        ("报告.pdf", b"%PDF-1.7\n<html><body>hi</body></html>", "网页或脚本"),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\xff\xd9<script>alert(1)</script>", "网页或脚本"),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\xff\xd9 <a href='javascript:x'>", "网页或脚本"),
        ("图.png", b"\x89PNG\r\n\x1a\n<SVG onload=alert(1)>", "网页或脚本"),
        ("图.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xaeB`\x82" + b"trailing data", "不符"),
        ("文档.docx", b"<!DOCTYPE html><html></html>", "不符"),
    ],
)
def test_polyglots_and_wrong_structures_are_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        check_attachment(SimpleUploadedFile(name, content))


def _png(width: int, height: int) -> bytes:
    import struct

    ihdr = struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + b"\x00\x00\x00\x0dIHDR"
        + ihdr
        + b"\x00" * 4
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def _jpeg(width: int, height: int) -> bytes:
    import struct

    sof = b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x00" * 9
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + b"\xff\xd9"


def test_pictures_that_declare_absurd_sizes_are_refused() -> None:
    assert check_attachment(SimpleUploadedFile("小.png", _png(4000, 3000))) == "小.png"
    assert check_attachment(SimpleUploadedFile("小.jpg", _jpeg(4000, 3000))) == "小.jpg"
    with pytest.raises(DomainError, match="图片尺寸过大"):
        check_attachment(SimpleUploadedFile("大.png", _png(100_000, 100_000)))
    with pytest.raises(DomainError, match="图片尺寸过大"):
        check_attachment(SimpleUploadedFile("大.jpg", _jpeg(65_000, 65_000)))
