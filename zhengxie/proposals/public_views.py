"""The public page of a committee's answered proposals (答复公开, domain.md §1.15): no login.

Shown: the replies of closed proposals whose proposer consented to publication and whose reply
was released in full (全文) or as a summary (摘要) — title, number, category, handling unit,
result category and the text or summary. Never shown: proposers' names, contacts, phone numbers.
Reply texts are written for the proposer, so numbers that look like phones or ID numbers, and
the first proposer's name, are blanked before display.
"""

from __future__ import annotations

import re

from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Committee

from .models import Proposal, PublicScope, Reply

PERSONAL = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|1[3-9]\d{9}|0\d{2,3}[-－ ]?\d{7,8})(?![\dXx])")


def redact(text: str, names: list[str]) -> str:
    """Blank phone numbers, ID numbers and the given names in a text to be published."""
    text = PERSONAL.sub("＊＊＊", text)
    for name in names:
        if len(name) >= 2:
            text = text.replace(name, "提案者")
    return text


def public_replies(committee: Committee) -> QuerySet[Reply]:
    return (
        Reply.objects.filter(
            committee=committee,
            state=Reply.State.APPROVED,
            public_scope__in=(PublicScope.FULL, PublicScope.SUMMARY),
            proposal__state=Proposal.State.CLOSED,
            proposal__consent_publish=True,
            round=F("proposal__round"),
        )
        .select_related("proposal", "assignment__unit")
        .only(
            "id", "round", "category", "adjusted_category", "text", "summary", "public_scope",
            "proposal__id", "proposal__number", "proposal__title", "proposal__category", "proposal__year",
            "proposal__proposer_name", "proposal__round", "assignment__unit__name",
        )
    )  # fmt: skip


def public_list(request: HttpRequest, code: str) -> HttpResponse:
    committee = get_object_or_404(Committee, code=code)
    page = keyset_page(request, public_replies(committee))
    rows = []
    for reply in page.items:
        proposal = reply.proposal
        full = reply.public_scope == PublicScope.FULL
        body = reply.text if full else (reply.summary or "")
        rows.append(
            {
                "number": proposal.number,
                "title": proposal.title,
                "category": proposal.category,
                "year": proposal.year,
                "unit": reply.assignment.unit.name,
                "result": reply.final_category,
                "scope": "全文" if full else "摘要",
                "body": redact(body, [proposal.proposer_name.removesuffix("等")]),
            }
        )
    context = {"committee": committee, "page": page, "rows": rows}
    return render_page(request, "proposals/public_list.html", context)
