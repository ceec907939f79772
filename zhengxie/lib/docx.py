"""Word documents in the official-document layout (党政机关公文格式, GB/T 9704-2012).

Every Word export of the platform is built here, so bulletins, special reports and duty reports
look the same: A4 with the standard margins (top 37 mm, binding side 28 mm, a 156 × 225 mm text
block), a red masthead (发文机关标志) with its issue line and red rule, a title in 2号小标宋,
body text in 3号仿宋 at a fixed 28 pt line pitch with a two-character first-line indent,
headings 一、 in 黑体 and （一） in 楷体, page numbers "— n —" in 4号宋体 on the outer side.

Fonts are named, not embedded: offices have them installed (WPS ships them); Word substitutes a
near font where one is missing, and the layout holds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .controlchars import strip_control

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_SMALL_4 = Pt(12)  # 小四
LINE_PITCH = Pt(28)
RED = RGBColor(0xC0, 0x00, 0x00)
CHAR = Pt(16)  # one character of body text, for indents


def _safe(text: str) -> str:
    """Text Word can hold: XML refuses control characters, and text stored before input was cleaned
    (lib/controlchars.py) may still carry some."""
    return strip_control(text)


def chinese_date(day: date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run: Run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> Run:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # Word picks the East Asian font from its own attribute; without it Chinese falls back to 宋体.
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    return run


def _pitch(paragraph: Paragraph, *, indent: bool = False, align: Any = None) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = CHAR * 2 if indent else None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _rule(paragraph: Paragraph, *, color: str = "C00000", size: int = 12) -> None:
    """A horizontal line under the paragraph (the masthead's red separator, the 版记 lines)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    border.append(bottom)
    ppr.append(border)


def _page_number(paragraph: Paragraph) -> None:
    """ "— n —" with a PAGE field, so Word and WPS number the pages themselves."""
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = _font(paragraph.add_run(), PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


class OfficialDocument:
    """One document. Build it top to bottom, then `to_bytes()` or `response(filename)`.

    masthead: the issuing organ's mark in red (e.g. "督查督办情况通报"), omitted when empty;
    issue_line: under the masthead, e.g. "2026年第3期", with the issuer and date on the same line.
    """

    def __init__(
        self, *, masthead: str = "", issue_line: str = "", issuer: str = "", issued_on: date | None = None
    ):
        self.document = Document()
        self.issuer = issuer
        self.issued_on = issued_on
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28)
        self.document.settings.odd_and_even_pages_header_footer = True
        odd = section.footer.paragraphs[0]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = CHAR
        _page_number(odd)
        even = section.even_page_footer.paragraphs[0]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = CHAR
        _page_number(even)
        normal = self.document.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = SIZE_3
        # python-docx starts with one empty paragraph; reuse it rather than leave a blank line.
        self._first: Paragraph | None = self.document.paragraphs[0] if self.document.paragraphs else None
        if masthead:
            self._masthead(masthead, issue_line)

    def _paragraph(self) -> Paragraph:
        if self._first is not None:
            paragraph, self._first = self._first, None
            return paragraph
        return self.document.add_paragraph()

    def _masthead(self, masthead: str, issue_line: str) -> None:
        mark = self._paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.paragraph_format.space_before = Pt(12)
        mark.paragraph_format.space_after = Pt(18)
        _font(mark.add_run(_safe(masthead)), TITLE_FONT, Pt(42), color=RED)
        line = _pitch(self._paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER)
        parts = [issue_line] if issue_line else []
        if self.issuer:
            parts.append(self.issuer)
        if self.issued_on:
            parts.append(chinese_date(self.issued_on))
        _font(line.add_run(_safe("    ".join(parts))), BODY_FONT, SIZE_3)
        line.paragraph_format.space_after = Pt(4)
        _rule(line)

    def title(self, text: str) -> None:
        self.blank()
        paragraph = self._paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(35)
        _font(paragraph.add_run(_safe(text)), TITLE_FONT, SIZE_2)
        self.blank()

    def addressee(self, text: str) -> None:
        """主送机关, flush left, followed by a full-width colon."""
        _font(_pitch(self._paragraph()).add_run(_safe(f"{text}：")), BODY_FONT, SIZE_3)

    def heading(self, text: str, level: int = 1) -> None:
        """一、 (level 1, 黑体) or （一） (level 2, 楷体); the caller writes the numbering."""
        name = HEADING_FONT if level == 1 else SUBHEADING_FONT
        _font(_pitch(self._paragraph(), indent=True).add_run(_safe(text)), name, SIZE_3)

    def paragraph(self, text: str, *, lead: str = "") -> None:
        """A body paragraph; `lead` is a bold run-in phrase ("一是……。") before the text."""
        paragraph = _pitch(self._paragraph(), indent=True)
        if lead:
            _font(paragraph.add_run(_safe(lead)), BODY_FONT, SIZE_3, bold=True)
        _font(paragraph.add_run(_safe(text)), BODY_FONT, SIZE_3)

    def blank(self) -> None:
        _pitch(self._paragraph())

    def page_break(self) -> None:
        """What follows starts on a new page (an annex, GB/T 9704 附件)."""
        self.document.add_page_break()
        self._first = None

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        widths_mm: Sequence[float] | None = None,
    ) -> Table:
        """A bordered table in 小四 (tables are denser than body text), header row in 黑体.
        `widths_mm` fixes the columns' widths (they should add up to the 156 mm text width)."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(paragraph.add_run(_safe(str(text))), HEADING_FONT, SIZE_SMALL_4)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                paragraph = cell.paragraphs[0]
                if isinstance(value, int | float):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _font(paragraph.add_run(_safe("" if value is None else str(value))), BODY_FONT, SIZE_SMALL_4)
        if widths_mm:
            # Word follows the cells' widths, not the columns', once autofit is off.
            table.autofit = False
            for row_cells in table.rows:
                for cell, width in zip(row_cells.cells, widths_mm, strict=False):
                    cell.width = Mm(width)
        self._first = None
        return table

    def signature(self, issuer: str | None = None, signed_on: date | None = None) -> None:
        """发文机关署名 and 成文日期, right-aligned four characters from the margin."""
        self.blank()
        for text in (issuer or self.issuer, chinese_date(signed_on or self.issued_on or date.today())):
            if text:
                paragraph = _pitch(self._paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT)
                paragraph.paragraph_format.right_indent = CHAR * 4
                _font(paragraph.add_run(_safe(text)), BODY_FONT, SIZE_3)

    def distribution(self, *, copies_to: str = "", printer: str = "", printed_on: date | None = None) -> None:
        """版记: 抄送 and 印发机关/印发日期 between rules, at the end of the document."""
        self.blank()
        top = _pitch(self._paragraph())
        _rule(top, color="000000", size=8)
        if copies_to:
            paragraph = _pitch(self._paragraph())
            paragraph.paragraph_format.left_indent = CHAR
            _font(paragraph.add_run(_safe(f"抄送：{copies_to}。")), BODY_FONT, SIZE_4)
            _rule(paragraph, color="000000", size=4)
        paragraph = _pitch(self._paragraph())
        paragraph.paragraph_format.left_indent = CHAR
        _font(paragraph.add_run(_safe(printer or self.issuer)), BODY_FONT, SIZE_4)
        _font(
            paragraph.add_run(_safe(f"\t{chinese_date(printed_on or self.issued_on or date.today())}印发")),
            BODY_FONT,
            SIZE_4,
        )
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(150), WD_TAB_ALIGNMENT.RIGHT)
        _rule(paragraph, color="000000", size=8)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def response(self, filename: str) -> HttpResponse:
        response = HttpResponse(self.to_bytes(), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response
