"""The official-document layout: what a Word user sees when opening any export."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from zhengxie.lib.docx import BODY_FONT, HEADING_FONT, TITLE_FONT, OfficialDocument, chinese_date


def _build() -> OfficialDocument:
    doc = OfficialDocument(
        masthead="督查督办情况通报",
        issue_line="2026年第4期",
        issuer="青州市政协办公室",
        issued_on=date(2026, 10, 9),
    )
    doc.title("关于2026年第三季度督办事项办理情况的通报")
    doc.addressee("各承办单位")
    doc.heading("一、总体情况")
    doc.paragraph("本季度共督办事项12项。", lead="一是")
    doc.heading("（一）按期办结", level=2)
    doc.table(["单位", "总数", "逾期"], [["市住建局", 3, 0], ["市教育局", 2, None]])
    doc.signature()
    doc.distribution(copies_to="市委督查室", printed_on=date(2026, 10, 10))
    return doc


def _east_asia_font(run: Any) -> str:
    return str(run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")))


def _mm(length: Length | None) -> int:
    assert length is not None
    return round(length.mm)


def test_page_is_a4_with_official_margins() -> None:
    opened = Document(io.BytesIO(_build().to_bytes()))
    section = opened.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert (_mm(section.top_margin), _mm(section.left_margin)) == (37, 28)
    assert (_mm(section.right_margin), _mm(section.bottom_margin)) == (26, 35)


def test_text_fonts_follow_the_layout() -> None:
    opened = Document(io.BytesIO(_build().to_bytes()))
    by_text = {p.text: p for p in opened.paragraphs if p.text}
    assert by_text["督查督办情况通报"].runs[0].font.color.rgb is not None
    title = by_text["关于2026年第三季度督办事项办理情况的通报"].runs[0]
    assert title.font.size == Pt(22)
    assert _east_asia_font(title) == TITLE_FONT
    heading = by_text["一、总体情况"].runs[0]
    assert _east_asia_font(heading) == HEADING_FONT
    body = by_text["一是本季度共督办事项12项。"]
    assert body.runs[0].font.bold and not body.runs[1].font.bold
    assert body.runs[1].font.size == Pt(16)
    assert _east_asia_font(body.runs[1]) == BODY_FONT
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert "2026年10月9日" in by_text  # signature date
    assert "抄送：市委督查室。" in by_text


def test_tables_and_page_numbers() -> None:
    opened = Document(io.BytesIO(_build().to_bytes()))
    table = opened.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["市住建局", "3", "0"]
    assert table.rows[2].cells[2].text == ""
    footer_xml = opened.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml


def test_chinese_date_has_no_leading_zeros() -> None:
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"
