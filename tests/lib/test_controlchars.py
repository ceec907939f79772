"""Control characters: removed from every form field, query string and API input, and never able
to break a Word or Excel file (`a\\x07\\x1b[31mb` in a proposal once made form.docx a 500)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.lib.controlchars import clean_data, strip_control
from zhengxie.lib.docx import OfficialDocument
from zhengxie.lib.xlsx import workbook_response
from zhengxie.proposals.models import Proposal

BELL_AND_ESCAPE = "a\x07\x1b[31mb"


def test_strip_control_keeps_text_tabs_and_line_breaks() -> None:
    assert strip_control(BELL_AND_ESCAPE) == "a[31mb"
    assert strip_control("第一行\r\n第二行\t完") == "第一行\r\n第二行\t完"
    assert strip_control("\x00\x08\x0b\x0c\x0e\x1f\x7f\x85\x9b政协") == "政协"
    assert clean_data({"k\x07": ["x\x1b", 3, None]}) == {"k": ["x", 3, None]}


def test_word_document_with_control_characters_opens() -> None:
    doc = OfficialDocument(masthead="通报\x07", issuer="青州市政协\x1b")
    doc.title(BELL_AND_ESCAPE)
    doc.paragraph(BELL_AND_ESCAPE, lead="\x0c一、")
    doc.table(["标题\x07"], [[BELL_AND_ESCAPE], [None]])
    opened = Document(io.BytesIO(doc.to_bytes()))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "a[31mb" in text and "\x07" not in text
    assert opened.tables[0].cell(1, 0).text == "a[31mb"


def test_excel_with_control_characters_in_header_title_and_cells_opens() -> None:
    response = workbook_response("导出.xlsx", [("表\x07", ["标题\x1b"], [[BELL_AND_ESCAPE, 3]])])
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "表"
    assert sheet.cell(1, 1).value == "标题"
    assert [c.value for c in sheet[2]] == ["a[31mb", 3]


def _form(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "member",
        "title": "关于加快老旧小区加装电梯的建议",
        "situation": BELL_AND_ESCAPE,
        "analysis": "审批环节多。",
        "suggestion": "简化审批。",
        "category": "社会建设",
        "consent_publish": "on",
        **overrides,
    }


def _docx_opens(client: Client, proposal: Proposal) -> str:
    response = client.get(reverse("proposals:proposal_docx", args=[proposal.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_proposal_form_stores_clean_text_and_its_word_form_opens(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.post(reverse("proposals:create"), _form(title="关于\x1b[31m电梯\x00的建议"))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.situation == "a[31mb" and proposal.title == "关于[31m电梯的建议"
    assert "a[31mb" in _docx_opens(client, proposal)
    Proposal.objects.filter(pk=proposal.pk).update(suggestion="stored before the rule\x07\x1b[0m")
    assert "stored before the rule[0m" in _docx_opens(client, proposal)


def test_query_strings_are_cleaned_too(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    # PostgreSQL refuses NUL in a query parameter; the search filter must not reach it with one.
    assert client.get(reverse("proposals:mine"), {"q": "电梯\x00"}).status_code == 200


@pytest.mark.parametrize("field", ["situation", "title"])
def test_the_api_stores_clean_text_and_the_word_form_opens(client: Client, p: Personas, field: str) -> None:
    body = {"committee": p.city.pk, "title": "关于电梯的建议", field: BELL_AND_ESCAPE}
    response = client.post(
        "/api/v1/proposals/", body, content_type="application/json", headers=bearer(p.member_wang)
    )
    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get()
    assert getattr(proposal, field) == "a[31mb"
    client.force_login(p.member_wang)
    text = _docx_opens(client, proposal)
    assert field == "title" or "a[31mb" in text
