"""The proposal statistics page in Excel and Word, and the two reports offices write from it
(提案审查情况报告, 提案工作情况报告), in the official layout of lib/docx.

Excel and Word are built from the same `ProposalFigures` lines as the page, so the three show the
same numbers and shares (tests/reports/test_exports.py reads all three and compares them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument
from zhengxie.lib.longwork import Outcome, Progress
from zhengxie.lib.models import LongTask
from zhengxie.lib.xlsx import Percent, workbook_bytes
from zhengxie.org.models import Committee
from zhengxie.proposals.stats import ADOPTION_LABEL, YearStats, year_stats

from .proposal_stats import (
    PARTICIPANT_HEADER,
    ROW_HEADER,
    Line,
    ProposalFigures,
    participant_rows,
    proposal_figures,
    proposal_rows,
)

OUTCOME_HEADER = ["项目", "件数", "占收到"]
KIND_HEADER = ["提案者类别", "收到", "占收到", "立案", "占立案"]
CATEGORY_HEADER = ["分类", "收到", "立案", "占立案"]
PARTICIPATION_HEADER = ["项目", "人数", "参与率"]
WORK_HEADER = ["项目", "上年", "本年"]


def _label(line: Line) -> str:
    return ("　" if line.indent else "") + line.label


def _cells(line: Line, layout: str) -> list[Any]:
    """A line as table cells, counts and shares interleaved as the page shows them."""
    if layout == "kind":
        return [_label(line), line.counts[0], line.shares[0], line.counts[1], line.shares[1]]
    if layout == "category":
        return [line.label, line.counts[0], line.counts[1], line.shares[0]]
    if layout == "work":
        return [_label(line), line.counts[0], line.counts[1]]
    return [_label(line), line.counts[0], line.shares[0]]


def _percent(line: Line, i: int) -> Any:
    if line.shares[i] == "":
        return ""
    value = line.fractions[i]
    return "—" if value is None else Percent(value)


def _excel(line: Line, layout: str) -> list[Any]:
    """The same cells with the shares as Excel percentages (the number the page rounds, shown to
    one decimal), so Excel can sort and sum them."""
    if layout == "kind":
        return [_label(line), line.counts[0], _percent(line, 0), line.counts[1], _percent(line, 1)]
    if layout == "category":
        return [line.label, line.counts[0], line.counts[1], _percent(line, 0)]
    if layout == "work":
        return [_label(line), line.counts[0], line.counts[1]]
    return [_label(line), line.counts[0], _percent(line, 0)]


def tables(figures: ProposalFigures) -> list[tuple[str, Sequence[str], list[Line], str]]:
    """The page's tables: (title, header, lines, layout)."""
    return [
        ("收到和审查", OUTCOME_HEADER, figures.outcome_lines(), "outcome"),
        ("提案者类别", KIND_HEADER, figures.kind_lines(), "kind"),
        ("提案分类", CATEGORY_HEADER, figures.category_lines(), "category"),
        ("委员参与", PARTICIPATION_HEADER, figures.participation_lines(), "participation"),
        ("督办与服务", WORK_HEADER, figures.work_lines(), "work"),
    ]


def workbook(figures: ProposalFigures, progress: Progress | None = None) -> bytes:
    """Summary sheets with exactly the page's figures, then the rows behind them."""
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = [
        (title, header, [_excel(line, layout) for line in lines])
        for title, header, lines, layout in tables(figures)
    ]
    sheets.append(("提案清单", ROW_HEADER, proposal_rows(figures.committee_id, figures.year)))
    sheets.append(("参与委员", PARTICIPANT_HEADER, participant_rows(figures.committee_id, figures.year)))
    return workbook_bytes(sheets, on_sheet=progress.advance if progress else None)


def workbook_job(long_task: LongTask, progress: Progress) -> Outcome:
    """The long task behind 导出Excel on the statistics page."""
    year = long_task.params["year"]
    assert long_task.committee_id is not None
    figures = proposal_figures(long_task.committee_id, year)
    progress.set_total(6)
    content = workbook(figures, progress)
    return Outcome(message="已生成", file=(f"{year}年度提案统计.xlsx", content))


def _doc_tables(doc: OfficialDocument, figures: ProposalFigures, first: int = 1) -> None:
    numbers = "一二三四五六七八九"
    for i, (title, header, lines, layout) in enumerate(tables(figures)):
        doc.heading(f"（{numbers[first - 1 + i]}）{title}", level=2)
        doc.table(header, [_cells(line, layout) for line in lines] or [["—"] + [""] * (len(header) - 1)])


def statistics_document(figures: ProposalFigures, committee_name: str) -> bytes:
    """The statistics page in Word: its tables as they are."""
    doc = OfficialDocument(issuer=committee_name, issued_on=timezone.localdate())
    doc.title(f"{committee_name}{figures.year}年度提案统计")
    _doc_tables(doc, figures)
    doc.signature()
    return doc.to_bytes()


def _destinations(figures: ProposalFigures) -> str:
    parts = [f"{name}{n}件" for name, n in figures.destinations if n]
    return f"（其中{'、'.join(parts)}）" if parts else ""


def _kinds_sentence(figures: ProposalFigures, over: str) -> str:
    index = 0 if over == "received" else 1
    member = figures.kind_count("委员提案合计")[index]
    collective = figures.kind_count("集体提案合计")[index]
    lines = {line.label: line for line in figures.kind_lines()}
    groups = "、".join(
        f"{line.label}{line.counts[index]}件"
        for line in figures.kind_lines()
        if line.indent and line.counts[index] and line.label not in ("委员个人", "委员联名")
    )
    return (
        f"委员提案{member}件、占{lines['委员提案合计'].shares[index]}"
        f"（其中委员个人提案{lines['委员个人'].counts[index]}件、委员联名提案{lines['委员联名'].counts[index]}件），"
        f"集体提案{collective}件、占{lines['集体提案合计'].shares[index]}"
        + (f"（{groups}）" if groups else "")
    )


def _outcome_sentence(figures: ProposalFigures) -> str:
    o = {line.label: line for line in figures.outcome_lines()}
    return (
        f"共收到提案{figures.received}件。经审查，立案{figures.filed}件，占{o['立案'].shares[0]}；"
        f"并案{figures.merged}件，占{o['并案'].shares[0]}；不予立案{figures.not_filed}件，"
        f"占{o['不予立案'].shares[0]}{_destinations(figures)}；撤案{figures.withdrawn}件，占{o['撤案'].shares[0]}。"
    )


def _categories_sentence(figures: ProposalFigures) -> str:
    parts = [
        f"{line.label}{line.counts[1]}件、占{line.shares[0]}"
        for line in figures.category_lines()
        if line.counts[1]
    ]
    return "立案提案中，" + "；".join(parts) + "。" if parts else "本年度尚无立案提案。"


def _work_sentence(figures: ProposalFigures) -> str:
    w = figures.work_count
    return (
        f"领导认领督办重点提案{w('key_claimed')}件。发布提案选题{w('topics')}个（领导点题{w('topics_leader')}个、"
        f"群众荐题{w('topics_public')}个），其中{w('topics_taken')}个已有委员领题，据选题提交提案{w('topic_proposals')}件。"
        f"协助委员审查修改拟提交上级政协会议的提案{w('assist')}件，已反馈{w('assist_answered')}件。"
        f"督导组督导承办单位{w('visits')}次，提出督导意见{w('visits_found')}次，单位已回复{w('visits_replied')}次。"
    )


def review_report(figures: ProposalFigures, committee_name: str) -> bytes:
    """提案审查情况报告 (draft): received, filed, merged, transferred, by kind, by area."""
    doc = OfficialDocument(issuer=f"{committee_name}提案委员会", issued_on=timezone.localdate())
    doc.title(f"关于{figures.year}年度提案审查情况的报告")
    doc.addressee(f"{committee_name}常务委员会")
    doc.paragraph(
        f"{figures.year}年，{committee_name}提案委员会按照提案工作条例和立案标准，对收到的提案逐件进行了审查。现将审查情况报告如下。"
    )
    doc.heading("一、提案收到和审查情况")
    doc.paragraph(_outcome_sentence(figures))
    doc.heading("二、提案者构成")
    doc.paragraph(f"收到的提案中，{_kinds_sentence(figures, 'received')}。")
    doc.paragraph(f"立案的提案中，{_kinds_sentence(figures, 'filed')}。")
    doc.paragraph(
        f"共有{figures.participants}位委员提出或联名提出提案，占在任委员{figures.members_in_office}人的{figures.participation_rate}。"
    )
    doc.heading("三、提案内容分布")
    doc.paragraph(_categories_sentence(figures))
    doc.heading("四、统计表")
    _doc_tables(doc, figures)
    doc.signature()
    return doc.to_bytes()


def work_report(figures: ProposalFigures, handling: YearStats, committee_name: str) -> bytes:
    """提案工作情况报告 (draft): the review figures plus handling and satisfaction."""
    r = handling.rates
    doc = OfficialDocument(issuer=f"{committee_name}提案委员会", issued_on=timezone.localdate())
    doc.title(f"{committee_name}{figures.year}年度提案工作情况报告")
    doc.addressee("各位委员")
    doc.heading("一、提案提交和审查立案")
    doc.paragraph(_outcome_sentence(figures))
    doc.paragraph(f"立案提案中，{_kinds_sentence(figures, 'filed')}。{_categories_sentence(figures)}")
    doc.paragraph(
        f"共有{figures.participants}位委员提出或联名提出提案，委员参与率{figures.participation_rate}。"
    )
    doc.heading("二、提案办理情况")
    results = "、".join(f"{c}类{handling.results.get(c, 0)}件" for c in handling.result_codes)
    doc.paragraph(
        f"已答复{handling.replied}件，办复率{r['办复率']}，按时办复率{r['按时办复率']}；答复中{results}，"
        f"{ADOPTION_LABEL}{r[ADOPTION_LABEL]}。重点提案{handling.key_filed}件，办结{handling.key_closed}件。"
    )
    doc.paragraph(_work_sentence(figures))
    doc.heading("三、提案者评价")
    doc.paragraph(
        f"提案者评价{handling.rated}人次，办理工作满意率{r['办理工作满意率']}，办理结果满意率{r['办理结果满意率']}。"
    )
    doc.heading("四、统计表")
    _doc_tables(doc, figures)
    doc.heading(f"（{'一二三四五六七八九'[len(tables(figures))]}）办理情况", level=2)
    doc.table(
        ["项目", "数值"],
        [
            ("立案", handling.filed),
            ("已答复（含办结）", handling.replied),
            ("办复率", r["办复率"]),
            ("按时办复率", r["按时办复率"]),
            *((f"{c}类答复", handling.results.get(c, 0)) for c in handling.result_codes),
            ("办理工作满意率", r["办理工作满意率"]),
            ("办理结果满意率", r["办理结果满意率"]),
        ],
    )
    doc.signature()
    return doc.to_bytes()


def committee_name(committee_id: int) -> str:
    return Committee.objects.only("name").get(pk=committee_id).name


def document(kind: str, committee_id: int, year: int) -> tuple[str, bytes]:
    """(filename, content) of one of the three Word files."""
    figures = proposal_figures(committee_id, year)
    name = committee_name(committee_id)
    if kind == "review":
        return f"{year}年度提案审查情况报告.docx", review_report(figures, name)
    if kind == "work":
        return f"{year}年度提案工作情况报告.docx", work_report(figures, year_stats(committee_id, year), name)
    return f"{year}年度提案统计.docx", statistics_document(figures, name)
