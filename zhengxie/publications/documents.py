"""An issue in Word, in the official layout (lib.docx): the series as masthead, 第N期, its
articles, the leaders it was sent to (报送) in the closing lines."""

from __future__ import annotations

from django.http import HttpResponse

from zhengxie.lib.docx import OfficialDocument

from .models import Issue, IssueItem


def issue_response(issue: Issue, items: list[IssueItem], issuer: str) -> HttpResponse:
    line = f"{issue.year}年第{issue.number}期" if issue.number else "（编辑中）"
    doc = OfficialDocument(
        masthead=issue.series.name, issue_line=line, issuer=issuer, issued_on=issue.sent_on
    )
    doc.title(issue.title)
    for n, item in enumerate(items, 1):
        doc.heading(f"{n}. {item.title}" if len(items) > 1 else item.title)
        if item.author:
            doc.paragraph(item.author)
        for text in item.body.splitlines():
            if text.strip():
                doc.paragraph(text.strip())
    if issue.recipients:
        doc.blank()
        doc.paragraph(f"报送：{issue.recipients}")
    doc.distribution()
    return doc.response(f"{issue}.docx")
