"""Word documents of supervision, in the official layout of lib/docx: the quarterly bulletin
(督办情况通报, with its praise list and named reminders, seed 000) and the special report on one
item (督查专报, numbered issues, seed 002)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument, chinese_date
from zhengxie.org.models import Committee

from .models import Bulletin, Item, SpecialReport

QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
NUMERALS = "一二三四五六七八九十"
UNIT_HEADER = ("承办单位", "事项总数", "已办结", "按期办结", "逾期", "红灯", "黄灯", "延期")


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else str(n)


def unit_rows(figures: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            u["unit"],
            u["total"],
            u["done"],
            u["done_on_time"],
            u["overdue"],
            u["red"],
            u["yellow"],
            u["extensions"],
        )
        for u in figures["units"]
    ]


TEXT_WIDTH_MM = 156
SMALL_4_CHAR_MM = 4.3  # one Chinese character in 小四 (12 pt)


def unit_widths(figures: dict[str, Any]) -> list[float]:
    """The unit column as wide as the longest unit name (within reason), so that names such as
    市住房和城乡建设局 stay on one line; the seven figures share the rest."""
    longest = max((len(str(u["unit"])) for u in figures["units"]), default=4)
    first = min(max(longest * SMALL_4_CHAR_MM + 4, 30), 70)
    rest = (TEXT_WIDTH_MM - first) / (len(UNIT_HEADER) - 1)
    return [first, *[rest] * (len(UNIT_HEADER) - 1)]


def bulletin_document(bulletin: Bulletin) -> OfficialDocument:
    committee = Committee.objects.get(pk=bulletin.committee_id)
    issuer = f"{committee.name}办公室"
    issued_on = timezone.localdate(bulletin.issued_at)
    doc = OfficialDocument(
        masthead="督办情况通报",
        issue_line=f"{bulletin.year}年第{bulletin.number}期",
        issuer=issuer,
        issued_on=issued_on,
    )
    doc.title(f"关于{bulletin.year}年第{QUARTERS[bulletin.quarter]}季度督办事项落实情况的通报")
    doc.addressee("各承办单位")
    units = bulletin.figures["units"]
    total = sum(u["total"] for u in units)
    done = sum(u["done"] for u in units)
    on_time = sum(u["done_on_time"] for u in units)
    overdue = sum(u["overdue"] for u in units)
    doc.heading("一、总体情况")
    doc.paragraph(
        f"截至本季度末，今年共下发督办事项{total}项，已办结{done}项，其中按期办结{on_time}项；"
        f"逾期{overdue}项（按原定办结时限计算）。" + (bulletin.summary or "")
    )
    doc.heading("二、各单位落实情况")
    doc.table(UNIT_HEADER, unit_rows(bulletin.figures), widths_mm=unit_widths(bulletin.figures))
    section = 3
    if bulletin.praised:
        doc.heading(f"{_numeral(section)}、公开表扬")
        doc.paragraph(f"{'、'.join(bulletin.praised)}按期高质量完成督办事项，予以公开表扬。")
        section += 1
    if bulletin.reminded:
        doc.heading(f"{_numeral(section)}、点名提醒")
        doc.paragraph(
            f"{'、'.join(bulletin.reminded)}存在督办事项逾期或亮红灯的情况，予以点名提醒，"
            "请对照办结时限抓紧落实，并于下一季度通报前报送整改情况。"
        )
        section += 1
    red = bulletin.figures.get("red_items") or []
    if red:
        doc.heading(f"{_numeral(section)}、本季度亮红灯事项")
        for i, entry in enumerate(red, start=1):
            doc.paragraph(
                f"{entry['number']} {entry['title']}（{entry['unit']}）：{entry['reason']}。", lead=f"{i}. "
            )
    doc.signature()
    doc.distribution(copies_to="政协主席、副主席、秘书长", printed_on=issued_on)
    return doc


def special_report_document(report: SpecialReport) -> OfficialDocument:
    item: Item = report.item
    committee = Committee.objects.get(pk=report.committee_id)
    created_on = timezone.localdate(report.created_at)
    doc = OfficialDocument(
        masthead="督查专报",
        issue_line=f"{report.year}年第{report.number}期",
        issuer=f"{committee.name}办公室",
        issued_on=created_on,
    )
    doc.title(report.title)
    doc.heading("一、基本情况")
    doc.paragraph(report.background)
    doc.paragraph(
        f"该事项编号{item.number}，来源为{item.source.name}，牵头单位{item.lead_unit.name}，"
        f"原定办结时限{chinese_date(item.original_due_on)}"
        + (f"，经批准延期至{chinese_date(item.due_on)}" if item.due_on != item.original_due_on else "")
        + f"，目前完成进度{item.progress}%，状态为“{item.get_state_display()}”"
        + (f"，预警为{item.get_colour_display()}" if item.colour else "")
        + "。"
    )
    doc.heading("二、存在的问题")
    for i, issue in enumerate(report.issues, start=1):
        doc.paragraph(issue, lead=f"（{_numeral(i)}）")
    section = 3
    if report.suggestions:
        doc.heading(f"{_numeral(section)}、下一步建议")
        doc.paragraph(report.suggestions)
        section += 1
    if report.leader_instruction:
        doc.heading(f"{_numeral(section)}、领导批示")
        doc.paragraph(report.leader_instruction)
    doc.signature()
    doc.distribution(copies_to="政协主席、副主席、秘书长", printed_on=created_on)
    return doc
