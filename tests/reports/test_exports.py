"""The statistics page, its Excel and its Word show the same numbers and shares; the two report
drafts carry them too."""

from __future__ import annotations

import io
import re
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.personas import Personas
from tests.reports.fixtures import known_year, proposal_work
from zhengxie.reports.proposal_stats import proposal_figures

URL = reverse("reports:proposals") + "?year=2026"
TABLES = ("outcome", "kind", "category", "participation", "work")


def _page_tables(html: str) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    for layout in TABLES:
        body = re.search(rf'data-testid="table-{layout}">.*?<tbody>(.*?)</tbody>', html, re.S)
        assert body is not None, layout
        rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
        tables[layout] = [
            [
                re.sub(r"<[^>]+>", "", cell).strip().lstrip("　")
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for row in rows
        ]
    return tables


def _excel_text(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if number_format == "0.0%":
        return f"{value * 100:.1f}%"
    return str(value).lstrip("　")


def _workbook(client: Client, run_jobs: Any) -> Any:
    with run_jobs():
        started = client.post(reverse("reports:proposals_xlsx"), {"year": "2026"})
    page = client.get(started["Location"])
    task = page.context["xlsx_task"]
    download = reverse("lib:longwork_download", args=[task.pk])
    assert task.state == "done" and download in page.content.decode()
    return load_workbook(io.BytesIO(client.get(download).getvalue()))


def test_page_excel_and_word_agree(client: Client, p: Personas, zhao, qian, run_jobs, media) -> None:
    known_year(p, zhao, qian)
    proposal_work(p)
    client.force_login(p.proposal_staff)
    page = _page_tables(client.get(URL).content.decode())
    assert page["outcome"][1] == ["立案", "3", "37.5%"]

    book = _workbook(client, run_jobs)
    titles = {
        "outcome": "收到和审查",
        "kind": "提案者类别",
        "category": "提案分类",
        "participation": "委员参与",
        "work": "督办与服务",
    }
    for layout, title in titles.items():
        sheet = book[title]
        rows = [[_excel_text(c.value, c.number_format) for c in row] for row in sheet.iter_rows(min_row=2)]
        assert rows == page[layout], title
    # The rows behind the figures: one per received proposal, members by id, none by name.
    listing = list(book["提案清单"].iter_rows(min_row=2, values_only=True))
    assert len(listing) == 8
    participants = [row[0] for row in book["参与委员"].iter_rows(min_row=2, values_only=True)]
    assert sorted(participants) == sorted([p.member_wang_record.pk, zhao[1].pk])

    document = Document(
        io.BytesIO(client.get(reverse("reports:proposals_docx", args=["stats"]) + "?year=2026").getvalue())
    )
    word = [[[c.text.lstrip("　") for c in row.cells] for row in table.rows[1:]] for table in document.tables]
    assert word == [page[layout] for layout in TABLES]
    # 督办与服务, last year beside this year, hand-counted from proposal_work.
    assert page["work"] == [
        ["重点提案", "1", "2"],
        ["其中：领导认领督办", "0", "1"],
        ["发布提案选题", "0", "2"],
        ["其中：领导点题", "0", "1"],
        ["其中：群众荐题", "0", "1"],
        ["其中：已有委员领题", "0", "1"],
        ["据选题提交的提案", "0", "0"],
        ["协助审查修改申请", "0", "2"],
        ["其中：已反馈", "0", "1"],
        ["督导组督导承办单位（次）", "0", "2"],
        ["其中：已提出督导意见", "0", "1"],
        ["其中：单位已回复", "0", "0"],
    ]
    work = Document(
        io.BytesIO(client.get(reverse("reports:proposals_docx", args=["work"]) + "?year=2026").getvalue())
    )
    text = "\n".join(par.text for par in work.paragraphs)
    assert (
        "领导认领督办重点提案1件。发布提案选题2个（领导点题1个、群众荐题1个），其中1个已有委员领题，据选题提交提案0件。"
        "协助委员审查修改拟提交上级政协会议的提案2件，已反馈1件。督导组督导承办单位2次，提出督导意见1次，单位已回复0次。"
    ) in text
    assert "（六）办理情况" in text


def test_the_work_figures_take_the_same_queries_for_none_and_some(p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    with CaptureQueriesContext(connection) as empty:
        proposal_figures(p.city.pk, 2026)
    proposal_work(p)
    with CaptureQueriesContext(connection) as some:
        figures = proposal_figures(p.city.pk, 2026)
    assert len(some) == len(empty)
    assert next(line.counts for line in figures.work_lines()) == (1, 2)


def test_the_report_drafts_carry_the_figures(client: Client, p: Personas, zhao, qian) -> None:
    known_year(p, zhao, qian)
    client.force_login(p.leader)
    texts = {}
    for kind in ("review", "work"):
        response = client.get(reverse("reports:proposals_docx", args=[kind]) + "?year=2026")
        assert response.status_code == 200
        texts[kind] = "\n".join(par.text for par in Document(io.BytesIO(response.getvalue())).paragraphs)
    review = texts["review"]
    assert "关于2026年度提案审查情况的报告" in review
    assert "共收到提案8件。经审查，立案3件，占37.5%" in review
    assert "转为意见建议1件" in review
    assert "立案的提案中，委员提案2件、占66.7%" in review and "集体提案1件、占33.3%（界别1件）" in review
    assert "共有2位委员提出或联名提出提案，占在任委员3人的66.7%" in review
    assert "文化建设2件、占66.7%" in texts["work"] and "办复率" in texts["work"]
    assert "领导认领督办重点提案0件。发布提案选题0个" in texts["work"]
    client.force_login(p.member_wang)
    assert client.get(reverse("reports:proposals_docx", args=["review"])).status_code == 404
    client.force_login(p.leader)
    assert client.get(reverse("reports:proposals_docx", args=["other"])).status_code == 404
