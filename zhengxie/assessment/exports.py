"""Exports of an assessment's results: an Excel workbook (ranking, every indicator's points,
commendation candidates, and the rows for the county's performance targets) and a Word report in
the official-document layout. An assessment has at most a few hundred subjects, so both are built
in the request from a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.models import Committee
from zhengxie.proposals.config import settings_for
from zhengxie.proposals.models import Reply

from . import selectors
from .formulas import pts
from .models import Assessment, Score

# Candidates for commendation: the subjects in the top grade (seed 004: 提案办理先进单位).


def _scores(assessment: Assessment) -> dict[int, dict[int, Decimal | None]]:
    by_subject: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for subject_id, indicator_id, value in Score.objects.filter(subject__assessment=assessment).values_list(
        "subject_id", "indicator_id", "value"
    ):
        by_subject[subject_id][indicator_id] = value
    return by_subject


def _top_grade(assessment: Assessment) -> str:
    bands = sorted(assessment.scheme.grade_bands, key=lambda b: -float(b[1]))
    return str(bands[0][0]) if bands else ""


def results_workbook(assessment: Assessment) -> HttpResponse:
    groups = selectors.tree(assessment.scheme)
    leaves = [c for g in groups for c in g.children]
    subjects = list(selectors.ranking(assessment))
    scores = _scores(assessment)
    ranking = [(s.rank, s.name, s.total, s.grade) for s in subjects]
    detail_header = ["名次", "被考评对象", *[f"{c.name}（{pts(c.points)}）" for c in leaves], "总分", "等次"]
    detail = [(s.rank, s.name, *[scores[s.pk].get(c.pk) for c in leaves], s.total, s.grade) for s in subjects]
    top = _top_grade(assessment)
    candidates = [(s.rank, s.name, s.total, s.grade) for s in subjects if s.grade == top]
    targets = [(assessment.year, s.name, s.total, s.grade, assessment.title) for s in subjects]
    return workbook_response(
        f"{assessment.title}.xlsx",
        [
            ("排名", ["名次", "被考评对象", "总分", "等次"], ranking),
            ("指标得分", detail_header, detail),
            ("表彰候选", ["名次", "被考评对象", "总分", "等次"], candidates),
            ("绩效目标考核", ["年度", "单位", "考评得分", "等次", "考评名称"], targets),
        ],
    )


def results_document(assessment: Assessment) -> HttpResponse:
    committee = Committee.objects.get(pk=assessment.committee_id)
    subjects = list(selectors.ranking(assessment))
    groups = selectors.tree(assessment.scheme)
    today = timezone.localdate()
    doc = OfficialDocument(issuer=committee.name, issued_on=today)
    doc.title(f"关于{assessment.title}结果的通报")
    counts: dict[str, int] = defaultdict(int)
    for s in subjects:
        counts[s.grade or "未评定"] += 1
    summary = "，".join(f"{grade}{n}个" for grade, n in counts.items())
    doc.paragraph(
        f"根据{assessment.scheme.name}（第{assessment.scheme.version}版），对{len(subjects)}个单位"
        f"{assessment.year}年度的工作进行了考评。考评采取平台数据自动计算、评议打分和材料审核相结合的方式，"
        f"满分100分。结果为：{summary}。现将有关情况通报如下。"
    )
    doc.heading("一、考评指标")
    for g in groups:
        doc.paragraph(
            "；".join(f"{c.name}{pts(c.points)}分" for c in g.children) + "。",
            lead=f"{g.indicator.name}（{pts(g.indicator.points)}分）：",
        )
    doc.heading("二、考评结果")
    doc.table(
        ["名次", "单位", "得分", "等次"],
        [(s.rank or "", s.name, f"{s.total or 0:.2f}", s.grade) for s in subjects],
        widths_mm=[18, 84, 27, 27],
    )
    top = _top_grade(assessment)
    best = [s.name for s in subjects if s.grade == top]
    if best:
        doc.heading("三、表彰建议")
        doc.paragraph(f"建议对{'、'.join(best)}等{len(best)}个{top}等次单位予以通报表扬。")
    doc.signature()
    return doc.response(f"{assessment.title}.docx")


CANDIDATES = 50


def proposal_candidates(committee_id: int, year: int) -> HttpResponse:
    """优秀提案候选: the year's proposals as their handling units rated them with their replies
    (双向评议: 调研深度, 建议可行性, 表述清晰), the best first; one row per proposal, the mean over
    its rated replies, as a percentage of the committee's scale."""
    scale = settings_for(committee_id).quality_scale
    by_proposal: dict[int, list[Reply]] = defaultdict(list)
    replies = (
        Reply.objects.filter(
            committee_id=committee_id,
            proposal__year=year,
            state=Reply.State.APPROVED,
            quality_research__isnull=False,
        )
        .defer("contact_phone", "text")
        .select_related("proposal", "assignment__unit")
    )
    for r in replies:
        by_proposal[r.proposal_id].append(r)
    rows: list[tuple[Any, ...]] = []
    for items in by_proposal.values():
        p = items[0].proposal
        parts = [(r.quality_research or 0, r.quality_feasibility or 0, r.quality_clarity or 0) for r in items]
        means = [sum(x[i] for x in parts) / len(parts) for i in range(3)]
        percent = Decimal(sum(means) * 100 / (3 * scale)).quantize(Decimal("0.1"))
        comments = "；".join(
            f"{r.assignment.unit.name}：{r.quality_comment}" for r in items if r.quality_comment
        )
        rows.append((percent, p.number, p.title, p.proposer_name, *(round(m, 1) for m in means), comments))
    rows.sort(key=lambda row: (-Decimal(row[0]), str(row[1])))
    return workbook_response(
        f"{year}年度优秀提案候选.xlsx",
        [
            (
                "优秀提案候选",
                [
                    "质量得分(%)",
                    "提案号",
                    "案由",
                    "提案者",
                    "调研深度",
                    "建议可行性",
                    "表述清晰",
                    "承办单位意见",
                ],
                rows[:CANDIDATES],
            )
        ],
    )
