"""Word output of 社情民意 in the official layout (lib/docx): an issue of the bulletin or the
special report, and the yearly notice of units' and members' results."""

from __future__ import annotations

from zhengxie.lib.docx import OfficialDocument
from zhengxie.org.models import Committee

from . import selectors
from .models import Issue, Opinion


def issue_document(issue: Issue) -> OfficialDocument:
    committee = issue.committee
    doc = OfficialDocument(
        masthead=issue.get_series_display(),
        issue_line=f"{issue.year}年第{issue.number}期",
        issuer=f"{committee.name}办公室",
        issued_on=issue.published_on,
    )
    opinions = list(
        Opinion.objects.filter(issue=issue).prefetch_related(selectors.author_names()).order_by("id")
    )
    for opinion in opinions:
        doc.title(opinion.title)
        for paragraph in (p.strip() for p in opinion.body.splitlines()):
            if paragraph:
                doc.paragraph(paragraph)
        names = "、".join(row.member.person.name for row in opinion.author_rows.all())
        if names:
            doc.paragraph(f"（反映人：{names}）")
    doc.distribution(copies_to="", printer=f"{committee.name}办公室", printed_on=issue.published_on)
    return doc


def yearly_notice_document(committee_id: int, year: int) -> OfficialDocument:
    committee = Committee.objects.get(pk=committee_id)
    doc = OfficialDocument(issuer=f"{committee.name}办公室")
    doc.title(f"关于{year}年度社情民意信息工作情况的通报")
    doc.addressee("各参加单位、各专门委员会，各位委员")
    facts = selectors.chain_facts(committee_id, year)
    units = [u for u in selectors.unit_stats(committee_id, year, facts) if u.submitted or u.points]
    members = selectors.member_stats(committee_id, year, facts)
    submitted = sum(m.submitted for m in members)
    doc.paragraph(
        f"{year}年，共有{len(members)}位委员和{len(units)}个参加单位报送社情民意信息，委员署名报送{submitted}篇次。"
        "现将各单位和委员报送、采用及获领导批示情况通报如下。"
    )
    doc.heading("一、参加单位报送采用情况")
    doc.table(
        ("名次", "单位", "报送", "采用", "批示", "积分"),
        [
            (i, u.label, u.submitted, u.adopted_total, u.instructions, str(u.points))
            for i, u in enumerate(units, 1)
        ],
    )
    doc.heading("二、委员报送采用情况")
    doc.table(
        ("委员", "报送", "本级采用", "上级采用", "批示"),
        [
            (m.label, m.submitted, m.adopted["local"], m.adopted_total - m.adopted["local"], m.instructions)
            for m in members[:300]
        ],
    )
    doc.signature()
    return doc
