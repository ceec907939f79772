"""Every proposal export reads through the same visibility rule as the pages: a proposal the
user cannot open (a member's draft, one still awaiting its co-signers) is not in any file."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from tests.proposals.factories import closed_proposal
from tests.proposals.helpers import year_export
from zhengxie.proposals.models import Proposal, ProposerKind
from zhengxie.proposals.services import submission as sub

P = Proposal.State


def _text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(v) for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r)


def test_stats_export_leaves_out_drafts_and_proposals_awaiting_cosigners(
    client: Client, p: Personas, zhao, qian, run_jobs: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    shown = closed_proposal(p)
    draft = sub.proposal_create(
        committee_id=p.city.pk, by=p.member_wang, data=complete_data(title="关于草稿里尚未提交的建议")
    )
    joint = sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(
            title="关于等待联名确认的建议", kind=ProposerKind.JOINT, cosigners=[zhao[1], qian[1]]
        ),
    )
    sub.proposal_submit(proposal=joint, by=p.member_wang)
    joint.refresh_from_db()
    assert draft.state == P.DRAFT and joint.state == P.COSIGNING
    for user in (p.proposal_staff, p.leader):
        client.force_login(user)
        # The pages do not open them ...
        for hidden in (draft, joint):
            assert client.get(reverse("proposals:detail", args=[hidden.pk])).status_code == 404
        # ... so the export does not carry them, nor their co-signers.
        text = _text(year_export(client, run_jobs))
        assert shown.title in text
        assert "草稿里尚未提交" not in text and "等待联名确认" not in text, user
        assert "赵晓梅" not in text and "钱丽华" not in text
