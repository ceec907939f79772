"""Word documents of the proposal loop, all through lib/docx.OfficialDocument so they share the
公文 layout: the proposal form (提案表), a unit's reply letter (答复函) and the year's figures for
the 提案工作情况报告."""

from __future__ import annotations

from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument
from zhengxie.lib.longwork import Outcome, Progress
from zhengxie.lib.models import LongTask
from zhengxie.org.models import Committee

from .models import Proposal, Reply
from .services.evaluation import raters
from .stats import ADOPTION_LABEL, CONTACT_LABEL, YearStats, year_stats

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals as used in 届次 (十四届, 三次, 二十一)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else DIGITS[tens]
    return f"{head}十{DIGITS[ones] if ones else ''}"


def sitting(proposal: Proposal) -> str:
    """政协××届×次会议, or the committee alone for a proposal outside a session."""
    name = proposal.committee.name
    if proposal.session is None:
        return name
    return f"{name}{chinese_number(proposal.term.number)}届{chinese_number(proposal.session.number)}次会议"


def number_label(proposal: Proposal) -> str:
    if proposal.serial:
        return f"第{proposal.serial:03d}号"
    return f"第{proposal.number}号" if proposal.number else "（未立案）"


def _paragraphs(doc: OfficialDocument, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            doc.paragraph(line.strip())


def proposal_form(proposal: Proposal) -> bytes:
    """The proposal form (提案表) as filed: sitting and number, proposers, category, title, the
    three parts, the suggested units and the consent to publication."""
    doc = OfficialDocument(issuer=proposal.committee.name)
    doc.title(f"{sitting(proposal)}提案")
    cosigners = "、".join(m.person.name for m in raters(proposal)[1:]) if proposal.proposer_id else ""
    units = "、".join(u.name for u in proposal.suggested_units.all())
    consent = "同意公开" if proposal.consent_publish else f"不同意公开（{proposal.no_publish_reason}）"
    doc.table(
        ["项目", "内容"],
        [
            ("届次", f"{chinese_number(proposal.term.number)}届" + (
                f"{chinese_number(proposal.session.number)}次会议" if proposal.session else ""
            )),
            ("编号", proposal.number or "（未立案）"),
            ("提案者", proposal.proposer_name),
            ("提案者类别", proposal.get_kind_display()),
            ("联名人", cosigners or "—"),
            ("分类", proposal.category or "—"),
            ("案由", proposal.title),
            ("建议承办单位", units or "—"),
            ("是否公开", consent),
        ],
    )  # fmt: skip
    for label, text in (
        ("一、情况", proposal.situation),
        ("二、分析", proposal.analysis),
        ("三、建议", proposal.suggestion),
    ):
        doc.heading(label)
        _paragraphs(doc, text or "（无）")
    return doc.to_bytes()


def reply_title(proposal: Proposal) -> str:
    return f"关于{sitting(proposal)}{number_label(proposal)}提案的答复"


def reply_letter(reply: Reply) -> bytes:
    """A unit's reply letter (答复函): category mark, signing leader, title, the proposer as
    addressee, the text, the unit's contact, the unit and date; copied to the proposal office."""
    proposal = reply.proposal
    unit = reply.assignment.unit
    signed_on = (reply.approved_at or reply.submitted_at or reply.written_at or timezone.now()).date()
    doc = OfficialDocument(issuer=unit.name, issued_on=signed_on)
    doc.paragraph(f"{reply.final_category}类　　　　　　签发人：{reply.signing_leader}")
    doc.title(reply_title(proposal))
    who = proposal.proposer_name
    doc.addressee(f"{who}委员" if proposal.proposer_id else who)
    doc.paragraph(f"您提出的《{proposal.title}》收悉，现答复如下：")
    _paragraphs(doc, reply.text)
    doc.paragraph("感谢您对我们工作的关心和支持。")
    doc.paragraph(f"联系人：{reply.contact_name}　　联系电话：{reply.contact_phone}")
    doc.signature(unit.name, signed_on)
    doc.distribution(
        copies_to=f"{proposal.committee.name}提案委员会", printer=unit.name, printed_on=signed_on
    )
    return doc.to_bytes()


def year_report(stats: YearStats, committee_name: str) -> bytes:
    """The figures and tables for the year's 提案工作情况报告, from stats.year_stats."""
    doc = OfficialDocument(issuer=committee_name, issued_on=timezone.localdate())
    doc.title(f"{committee_name}{stats.year}年度提案工作情况统计")
    r = stats.rates
    doc.heading("一、提案提交和立案情况")
    doc.paragraph(
        f"{stats.year}年共收到提案{stats.received}件，其中委员个人提案{stats.individual}件、委员联名提案"
        f"{stats.joint}件、集体提案{stats.collective}件。经审查，立案{stats.filed}件，立案率{r['立案率']}；"
        f"并案{stats.merged}件；不予立案{stats.not_filed}件，其中转为社情民意{stats.to_opinion}件、"
        f"转有关部门参考{stats.to_reference}件。共有{stats.proposers}位委员提出或联名提出提案，"
        f"占在任委员的{r['委员参与率']}。"
    )
    doc.heading("二、提案办理情况")
    results = "、".join(f"{c}类{stats.results.get(c, 0)}件" for c in stats.result_codes)
    doc.paragraph(
        f"已答复{stats.replied}件，办复率{r['办复率']}，按时办复率{r['按时办复率']}；答复中{results}，"
        f"采纳率（A类答复占已答复）{r[ADOPTION_LABEL]}。办前沟通率{r[CONTACT_LABEL]}。"
        f"重点提案{stats.key_filed}件，办结{stats.key_closed}件，办结率{r['重点提案办结率']}。"
    )
    doc.paragraph(
        f"提案者评价{stats.rated}人次，办理工作满意率{r['办理工作满意率']}，办理结果满意率{r['办理结果满意率']}"
        "（满意和基本满意占已评价人次）。"
    )
    doc.heading("三、统计表")
    doc.heading("（一）主要数据", level=2)
    doc.table(["项目", "数值"], stats.summary_rows())
    doc.heading("（二）按提案分类", level=2)
    doc.table(["分类", "收到", "立案"], stats.by_category or [("—", 0, 0)])
    doc.heading("（三）按第一提案人界别", level=2)
    doc.table(["界别", "收到", "立案"], stats.by_sector or [("—", 0, 0)])
    doc.heading("（四）承办单位办理情况", level=2)
    doc.table(
        ["承办单位", "交办", "答复", "按时答复", "评价人次", "满意率"],
        [
            (u["unit"], u["assigned"], u["replied"], u["on_time"], u["rated"], u["satisfaction"])
            for u in stats.by_unit
        ]
        or [("—", 0, 0, 0, 0, "—")],
    )
    doc.signature()
    return doc.to_bytes()


def year_report_job(long_task: LongTask, progress: Progress) -> Outcome:
    """The long task behind 提案工作情况统计（Word）: the year's figures gathered and the document
    built in the worker (two steps), offered for download on the statistics page."""
    year = long_task.params["year"]
    assert long_task.committee_id is not None  # the statistics page always sets it
    progress.set_total(2)
    stats = year_stats(long_task.committee_id, year)
    progress.advance()
    content = year_report(stats, Committee.objects.get(pk=long_task.committee_id).name)
    progress.advance()
    return Outcome(message="已生成", file=(f"{year}年度提案工作统计.docx", content))
