"""The 督办情况通报's unit table gives unit names the room they need."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.shared import Mm

from zhengxie.lib.docx import OfficialDocument
from zhengxie.supervision.documents import TEXT_WIDTH_MM, UNIT_HEADER, unit_widths


def test_the_unit_column_fits_the_longest_name_and_the_table_the_page() -> None:
    figures = {"units": [{"unit": "市住房和城乡建设局"}, {"unit": "市教育局"}]}
    widths = unit_widths(figures)
    assert len(widths) == len(UNIT_HEADER) and sum(widths) == pytest.approx(TEXT_WIDTH_MM)
    assert widths[0] >= 9 * 4.3  # nine characters of 小四 on one line
    assert all(w >= 14 for w in widths[1:])  # four-character headers such as 按期办结 still fit in two lines

    doc = OfficialDocument(masthead="督办情况通报")
    doc.table(UNIT_HEADER, [("市住房和城乡建设局", 3, 1, 1, 2, 0, 1, 0)], widths_mm=widths)
    table = Document(io.BytesIO(doc.to_bytes())).tables[0]
    assert abs(table.rows[1].cells[0].width - Mm(widths[0])) < Mm(0.1)
    assert table.autofit is False
