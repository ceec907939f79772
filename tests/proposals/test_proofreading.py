"""Proofreading (校对, the 校 of 三审三校): the office corrects a filed proposal's text in rounds,
each correction kept before and after, the proposal carries the proofread text, the proposer
confirms or comments; the detail page shows the stages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.helpers import filed_proposal, fresh, signed
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.proposals.models import ProofRound, Proposal
from zhengxie.proposals.services import proofreading
from zhengxie.proposals.workbench import pending_items

R = ProofRound.State


def _proof(p: Personas, proposal: Proposal, **texts: str) -> ProofRound:
    return proofreading.proof_round_start(proposal=fresh(proposal), by=p.proposal_staff, texts=texts)


def test_a_round_keeps_its_corrections_and_the_proposal_carries_the_proofread_text(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = filed_proposal(p)
    before = proposal.suggestion
    with django_capture_on_commit_callbacks(execute=True):
        row = _proof(p, proposal, title=proposal.title, suggestion=before + "（校）")
    assert row.number == 1 and row.state == R.PENDING
    correction = row.corrections.get()
    assert (correction.field, correction.before, correction.after) == (
        "suggestion",
        before,
        before + "（校）",
    )
    assert fresh(proposal).suggestion == before + "（校）"
    assert AuditEvent.objects.filter(action="proposals.proof.started", object_id=str(proposal.pk)).exists()
    assert Notice.objects.filter(recipient=p.member_wang, key=f"proposals.proof.{row.pk}").exists()
    # The proposer's home page shows the round to confirm; he confirms it.
    labels = [i.label for i in pending_items(p.member_wang, p.city.pk)]
    assert "待确认校对稿的提案" in labels
    proofreading.proof_round_answer(row=row, by=p.member_wang, confirm=True)
    assert ProofRound.objects.get(pk=row.pk).state == R.CONFIRMED
    assert "待确认校对稿的提案" not in [i.label for i in pending_items(p.member_wang, p.city.pk)]


def test_a_comment_goes_to_the_office_which_proofreads_again(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = filed_proposal(p)
    row = _proof(p, proposal, situation="改过的情况。")
    with pytest.raises(DomainError, match="尚待提案者确认"):
        _proof(p, proposal, situation="再改一次。")
    with pytest.raises(DomainError, match="请写明"):
        proofreading.proof_round_answer(row=row, by=p.member_wang, confirm=False, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        proofreading.proof_round_answer(row=row, by=p.member_wang, confirm=False, comment="第二段数据写错了")
    assert Notice.objects.filter(recipient=p.proposal_staff, key=f"proposals.proof.comment.{row.pk}").exists()
    items = {i.label: i for i in pending_items(p.proposal_staff, p.city.pk)}
    assert items["提案者对校对稿有意见的提案"].count == 1
    with pytest.raises(DomainError, match="已答复"):
        proofreading.proof_round_answer(row=ProofRound.objects.get(pk=row.pk), by=p.member_wang, confirm=True)
    second = _proof(p, proposal, situation="数据已改正的情况。")
    assert second.number == 2


def test_the_committees_number_of_rounds_is_the_limit(p: Personas) -> None:
    proposal = filed_proposal(p)
    for i in range(3):
        row = _proof(p, proposal, situation=f"第{i}稿。")
        proofreading.proof_round_answer(row=row, by=p.member_wang, confirm=True)
    with pytest.raises(DomainError, match="校对3轮"):
        _proof(p, proposal, situation="第四稿。")


def test_wrong_role_wrong_state_and_bad_input_store_nothing(p: Personas) -> None:
    proposal = filed_proposal(p)
    with pytest.raises(NotAllowed):
        proofreading.proof_round_start(proposal=proposal, by=p.member_wang, texts={"title": "x"})
    with pytest.raises(DomainError, match="案由不能为空"):
        _proof(p, proposal, title="  ")
    with pytest.raises(DomainError, match="过长"):
        _proof(p, proposal, suggestion="字" * 20001)
    assigned = signed(p).proposal
    with pytest.raises(DomainError, match="尚未交办的提案可以校对"):
        _proof(p, assigned, title="新案由")
    assert not ProofRound.objects.exists()
    row = _proof(p, proposal, title="关于加装电梯的建议（校）")
    with pytest.raises(NotAllowed):
        proofreading.proof_round_answer(row=row, by=p.proposal_staff, confirm=True)


def test_the_pages_from_list_to_answer(client: Client, p: Personas) -> None:
    proposal = filed_proposal(p)
    client.force_login(p.proposal_staff)
    page = client.get(reverse("proposals:proof_list")).content.decode()
    assert proposal.title in page
    url = reverse("proposals:proof", args=[proposal.pk])
    bad = client.post(url, {"title": "", "situation": "x"})
    assert bad.status_code == 400 and "案由不能为空" in bad.content.decode()
    data = {
        "title": proposal.title,
        "situation": proposal.situation,
        "analysis": proposal.analysis,
        "suggestion": "校对后的建议。",
    }
    assert client.post(url, data).status_code == 302
    assert fresh(proposal).suggestion == "校对后的建议。"
    client.force_login(p.member_wang)
    detail = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert (
        'data-testid="panel-proof"' in detail and "第1校：待提案者确认" in detail and "进入校对" not in detail
    )
    answer = reverse("proposals:proof_answer", args=[proposal.pk, 1])
    assert client.post(answer, {"answer": "confirm"}).status_code == 302
    assert ProofRound.objects.get().state == R.CONFIRMED
    # Outside the office the proofreading pages do not exist.
    assert client.get(url).status_code == 404
    assert client.get(reverse("proposals:proof_list")).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(url).status_code == 404
    client.force_login(p.unit_clerk)
    assert client.post(answer, {"answer": "confirm"}).status_code == 404


def test_the_proof_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)

    def add(n: int) -> None:
        for _ in range(n):
            _proof(p, filed_proposal(p), situation="校对后的情况。")

    same_for_few_and_many(client, reverse("proposals:proof_list") + "?show=pending", add)


def test_the_proof_page_query_count_does_not_grow_with_rounds(client: Client, p: Personas) -> None:
    proposal = filed_proposal(p)
    client.force_login(p.proposal_staff)
    from zhengxie.proposals.models import ProposalSettings

    ProposalSettings.objects.filter(committee=p.city).update(proof_rounds=9)

    def add(n: int) -> None:
        for i in range(n):
            row = _proof(p, proposal, situation=f"第{i}稿情况。", suggestion=f"第{i}稿建议。")
            proofreading.proof_round_answer(row=row, by=p.member_wang, confirm=True)

    same_for_few_and_many(client, reverse("proposals:proof", args=[proposal.pk]), add, few=2, many=6)
