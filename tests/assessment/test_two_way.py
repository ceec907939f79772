"""双向评议: with its reply a handling unit rates the proposal's quality on the committee's scale;
the proposer reads it on his proposal; the year's ratings give the candidates for excellent
proposals."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.personas import Personas
from tests.proposals.helpers import fresh_reply, reply_data, signed
from zhengxie.lib.errors import DomainError
from zhengxie.proposals.models import Reply
from zhengxie.proposals.services import replies

pytestmark = pytest.mark.django_db


def test_unit_rates_the_proposal_with_its_reply_and_the_proposer_sees_it(client: Any, p: Personas) -> None:
    assignment = signed(p)
    with pytest.raises(DomainError, match="1至5分"):
        replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data(quality=(6, 3, 3)))
    assert not Reply.objects.exists()
    reply = replies.reply_save(
        assignment=assignment, by=p.unit_clerk, data=reply_data(quality=(5, 4, 3), quality_comment="调研扎实")
    )
    reply = replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    client.force_login(p.member_wang)
    page = client.get(reverse("proposals:detail", args=[assignment.proposal_id])).content.decode()
    assert "调研深度5分，建议可行性4分，表述清晰3分（每项满分5分）；调研扎实" in page
    client.force_login(p.proposal_staff)
    year = assignment.proposal.year
    response = client.get(reverse("assessment:proposal_candidates") + f"?year={year}")
    sheet = load_workbook(io.BytesIO(response.content))["优秀提案候选"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == 80 and "调研扎实" in str(rows[0][7])  # (5+4+3) / 15


def test_the_reply_form_wants_all_three_or_none(client: Any, p: Personas) -> None:
    assignment = signed(p)
    client.force_login(p.unit_clerk)
    data = {
        "category": "A",
        "text": "经研究，我局已简化加装电梯审批流程，出台资金分摊指引。",
        "signing_leader": "张局长",
        "contact_name": "刘科长",
        "contact_phone": "0571-88886666",
        "public_scope": "full",
        "quality_research": "4",
    }
    url = reverse("proposals:unit_act", args=[assignment.pk, "reply_save"])
    response = client.post(url, data)
    assert response.status_code == 400 and "三项都选" in response.content.decode()
    assert not Reply.objects.exists()
    client.post(url, {**data, "quality_feasibility": "4", "quality_clarity": "5"})
    assert Reply.objects.get().quality_clarity == 5
