"""Consultation outcomes as Word documents in the official layout (lib/docx, GB/T 9704)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument

from .models import Case, Outcome, Plan

MASTHEADS = {
    Outcome.Kind.MINUTES: "协商会议纪要",
    Outcome.Kind.RECOMMENDATION: "建议案",
    Outcome.Kind.SPECIAL_REPORT: "协商专报",
}


def outcome_document(outcome: Outcome) -> OfficialDocument:
    committee = outcome.consultation.committee
    issued_on = timezone.localdate(outcome.submitted_at) if outcome.submitted_at else timezone.localdate()
    doc = OfficialDocument(
        masthead=MASTHEADS.get(outcome.kind, "协商成果"),  # type: ignore[call-overload]
        issue_line=_issue_line(outcome, issued_on.year),
        issuer=committee.name,
        issued_on=issued_on,
    )
    doc.title(outcome.title)
    if outcome.addressee:
        doc.addressee(outcome.addressee)
    for block in outcome.body.splitlines():
        text = block.strip()
        if not text:
            continue
        if text[:2] in {f"{n}、" for n in "一二三四五六七八九十"}:
            doc.heading(text)
        else:
            doc.paragraph(text)
    doc.signature()
    _annex(doc, outcome)
    doc.distribution(copies_to="", printer=f"{committee.name}办公室")
    return doc


def issue_number(outcome: Outcome) -> int | None:
    """A submitted 协商专报's number in its committee's year (第N期), counted in the order of
    submission; drafts and other kinds of outcome have none."""
    if outcome.kind != Outcome.Kind.SPECIAL_REPORT or outcome.submitted_at is None:
        return None
    year = timezone.localdate(outcome.submitted_at).year
    starts = timezone.make_aware(datetime(year, 1, 1))  # the committee's (local) year
    earlier = Outcome.objects.filter(
        kind=Outcome.Kind.SPECIAL_REPORT,
        consultation__committee_id=outcome.consultation.committee_id,
        submitted_at__gte=starts,
    ).filter(
        Q(submitted_at__lt=outcome.submitted_at) | Q(submitted_at=outcome.submitted_at, pk__lt=outcome.pk)
    )
    return earlier.count() + 1


def _issue_line(outcome: Outcome, year: int) -> str:
    number = issue_number(outcome)
    return f"{year}年第{number}期" if number else f"{year}年"


def _annex(doc: OfficialDocument, outcome: Outcome) -> None:
    """For the archive (形成档案): once leaders have instructed on the outcome or its adoption is
    known, the copy carries them as an annex after the signature (GB/T 9704 附件), each
    instruction with how it was carried out. A copy printed before that has no annex."""
    instructions = list(outcome.instructions.order_by("given_on", "id"))
    if not instructions and not outcome.adoption:
        return
    doc.page_break()
    doc.heading("附件：领导批示及采纳落实情况")
    if instructions:
        doc.table(
            ["序号", "批示领导", "批示日期", "批示内容", "落实情况"],
            [
                [
                    i,
                    row.leader_name,
                    f"{row.given_on:%Y-%m-%d}",
                    row.text,
                    row.result or "正在督办落实",
                ]
                for i, row in enumerate(instructions, start=1)
            ],
        )
    if outcome.adoption:
        doc.paragraph(outcome.feedback, lead=f"采纳情况：{outcome.get_adoption_display()}。")


def plan_document(plan: Plan) -> OfficialDocument:
    """The plan (a draft until approved) with its included topics, forms, leads and months."""
    committee = plan.committee
    doc = OfficialDocument(issuer=committee.name, issued_on=timezone.localdate())
    state = "" if plan.state == Plan.State.APPROVED else "（草案）"
    doc.title(f"{committee.name}{plan.year}年度协商计划{state}")
    topics = list(
        plan.topics.filter(state="included").select_related("form", "lead").order_by("planned_month", "id")
    )
    doc.paragraph(f"根据党委工作部署，经广泛征集，拟于{plan.year}年围绕以下{len(topics)}个议题开展协商。")
    doc.table(
        ["序号", "协商议题", "协商形式", "牵头专委会", "计划时间"],
        [
            [
                i,
                t.title,
                t.form.name if t.form else "",
                t.lead.name if t.lead else "",
                f"{t.planned_month}月" if t.planned_month else "待定",
            ]
            for i, t in enumerate(topics, start=1)
        ],
    )
    doc.signature()
    return doc


def case_document(case: Case) -> OfficialDocument:
    """A case of the library (协商案例) for exchange: the consultation's form and date, then the
    process, the outcome and the effect, each paragraph as written."""
    c = case.consultation
    doc = OfficialDocument(masthead="协商案例", issuer=case.committee.name, issued_on=timezone.localdate())
    doc.title(case.title)
    meeting = f"，{c.meeting_on:%Y年%m月%d日}召开" if c.meeting_on else ""
    doc.paragraph(f"{case.committee.name}以“{c.form.name}”形式围绕“{c.title}”开展协商{meeting}。")
    for heading, text in (
        ("一、协商过程", case.summary),
        ("二、协商成果", case.outcome),
        ("三、成效", case.effect),
    ):
        doc.heading(heading)
        for block in text.splitlines():
            if block.strip():
                doc.paragraph(block.strip())
    doc.signature()
    return doc
