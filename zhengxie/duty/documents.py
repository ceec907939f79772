"""The member's annual duty report (年度履职报告) as a Word document, generated from the ledger
in the official layout of `lib/docx.py`."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument
from zhengxie.org.models import Member

from .selectors import describe_sources, member_entries, standings

NUMERALS = "一二三四五六七八九十"


def _n(value: Decimal) -> str:
    """20.00 -> "20", 2.50 -> "2.5", -5 -> "-5"."""
    text = f"{value.normalize():f}"
    return text


def annual_report(member: Member, year: int) -> OfficialDocument:
    result = standings(member.committee_id, year)
    row = result.by_member().get(member.pk)
    name = member.person.name
    doc = OfficialDocument(issuer=member.committee.name, issued_on=timezone.localdate())
    doc.title(f"{name}委员{year}年度履职报告")
    sections = iter(NUMERALS)

    doc.heading(f"{next(sections)}、基本情况")
    parts = [f"{name}，{member.person.get_gender_display()}，{member.person.affiliation}"]
    if member.person.employer:
        parts.append(f"{member.person.employer}{member.person.job_title}")
    parts.append(f"{member.committee.name}委员（{member.sector.name}界别）")
    if member.special_committee:
        parts.append(f"{member.special_committee.name}委员")
    if member.is_standing:
        parts.append("常委")
    doc.paragraph("，".join(parts) + "。")

    doc.heading(f"{next(sections)}、履职积分")
    if row is None:
        doc.paragraph("本年度无在任记录。")
    else:
        doc.paragraph(
            f"本年度履职积分合计{_n(row.total)}分，折合百分制{_n(row.score)}分，等次为“{row.grade}”。"
            "积分按各项目年度上限计算，扣分项目另行列出。"
        )
        doc.table(["类别", "积分"], [(label, _n(value)) for label, value in row.categories()] or [("—", "0")])
        if result.settings.publish_ranks:
            ranks = f"在全体委员中列第{row.rank}位，在{row.sector}界别中列第{row.sector_rank}位"
            if row.special_rank:
                ranks += f"，在{row.special}中列第{row.special_rank}位"
            doc.paragraph(ranks + "。")

        doc.heading(f"{next(sections)}、基本履职要求")
        for item in row.minimums:
            state = "已达到" if item.met else "未达到"
            doc.paragraph(f"{item.label}：要求{item.required}次，完成{item.done}次，{state}。")

    doc.heading(f"{next(sections)}、履职明细")
    entries = list(member_entries(member.pk, year)[:500])
    describe_sources(entries)
    if entries:
        rows = [
            (
                f"{e.recorded_at:%m-%d}",
                f"{e.rule.code} {e.rule.title}",
                e.source_label if not e.is_reversal else f"冲正：{e.note}",
                ("+" if e.points > 0 else "") + _n(e.points),
            )
            for e in reversed(entries)
        ]
        doc.table(["日期", "项目", "来源", "积分"], rows)
    else:
        doc.paragraph("本年度暂无履职记录。")
    doc.signature()
    return doc
