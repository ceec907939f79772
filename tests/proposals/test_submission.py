"""Drafting, co-signing, collective confirmation, submission and withdrawal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.org.models import Member
from zhengxie.proposals.models import Attachment, CoSigner, Proposal, ProposerKind
from zhengxie.proposals.services import submission as sub

P = Proposal.State
PDF = b"%PDF-1.4\n%test\n"


def test_member_drafts_and_submits_an_individual_proposal(p: Personas, session) -> None:
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    assert draft.state == P.DRAFT and draft.proposer_name == "王建国"
    assert "电梯" in draft.terms.split()
    with time_machine.travel(date(2026, 3, 2)):
        sub.proposal_submit(proposal=draft, by=p.member_wang)
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED
    assert draft.session == session and draft.is_plenary is False and draft.year == 2026


def test_proposal_in_the_plenary_window_is_a_plenary_proposal(p: Personas, session) -> None:
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    with time_machine.travel(date(2025, 12, 1)):
        sub.proposal_submit(proposal=draft, by=p.member_wang)
    draft.refresh_from_db()
    assert draft.is_plenary and draft.session == session and draft.year == 2026


def test_submission_needs_the_three_parts_and_the_title_format(p: Personas) -> None:
    draft = sub.proposal_create(
        committee_id=p.city.pk, by=p.member_wang, data=complete_data(title="电梯问题", analysis="")
    )
    with pytest.raises(DomainError) as exc:
        sub.proposal_submit(proposal=draft, by=p.member_wang)
    assert "关于……的建议" in exc.value.message and "分析" in exc.value.message
    draft.refresh_from_db()
    assert draft.state == P.DRAFT


def test_non_member_cannot_draft(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        sub.proposal_create(committee_id=p.city.pk, by=p.proposal_staff, data=complete_data())
    assert not Proposal.objects.exists()


def test_joint_proposal_goes_in_when_every_cosigner_answered(p: Personas, zhao, qian) -> None:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1], qian[1]])
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    draft.refresh_from_db()
    assert draft.state == P.COSIGNING and draft.proposer_name == "王建国等"
    sub.cosign_answer(proposal=draft, by=zhao[0], agree=True)
    draft.refresh_from_db()
    assert draft.state == P.COSIGNING
    with pytest.raises(DomainError):
        sub.cosign_answer(proposal=draft, by=zhao[0], agree=False)
    sub.cosign_answer(proposal=draft, by=qian[0], agree=False)
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED
    answers = dict(CoSigner.objects.values_list("member_id", "answer"))
    assert answers == {zhao[1].pk: "agreed", qian[1].pk: "declined"}


def test_cosigning_deadline_submits_with_those_who_agreed_once(p: Personas, zhao, qian) -> None:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1], qian[1]])
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    sub.cosign_answer(proposal=draft, by=zhao[0], agree=True)
    draft.refresh_from_db()
    assert not sub.close_cosigning(proposal=draft)  # period not over yet
    later = date.today() + timedelta(days=30)
    with time_machine.travel(later):
        assert sub.close_cosigning(proposal=draft)
        stale = Proposal.objects.get(pk=draft.pk)
        stale.state, stale.version = P.COSIGNING, draft.version  # a second worker's stale copy
        assert not sub.close_cosigning(proposal=stale)
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED
    assert CoSigner.objects.get(member=qian[1]).answer == "declined"


def test_someone_else_cannot_answer_a_cosign_invitation(p: Personas, zhao, qian) -> None:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]])
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    with pytest.raises(NotAllowed):
        sub.cosign_answer(proposal=draft, by=qian[0], agree=True)


def test_collective_proposal_needs_the_conveners_confirmation_with_seal(p: Personas, zhao, media) -> None:
    data = complete_data(kind=ProposerKind.SPECIAL_COMMITTEE, special_committee=p.special, convener=zhao[1])
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    assert draft.proposer_name == p.special.name
    with pytest.raises(DomainError, match="召集人确认"):
        sub.proposal_submit(proposal=draft, by=p.member_wang)
    with pytest.raises(DomainError, match="公章"):
        sub.convener_confirm(proposal=draft, by=zhao[0])
    with pytest.raises(NotAllowed):
        sub.convener_confirm(proposal=draft, by=p.member_wang)
    seal = SimpleUploadedFile("盖章件.pdf", PDF, content_type="application/pdf")
    sub.attachment_add(proposal=draft, by=p.member_wang, upload=seal, kind=Attachment.Kind.SEAL)
    sub.convener_confirm(proposal=Proposal.objects.get(pk=draft.pk), by=zhao[0])
    draft.refresh_from_db()
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    assert Proposal.objects.get(pk=draft.pk).state == P.SUBMITTED


def test_attachment_checked_by_content(p: Personas, media) -> None:
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    fake = SimpleUploadedFile("材料.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError):
        sub.attachment_add(proposal=draft, by=p.member_wang, upload=fake)
    assert not Attachment.objects.exists()


def test_withdraw_before_filing_only_by_the_proposer(p: Personas) -> None:
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    with pytest.raises(NotAllowed):
        sub.proposal_withdraw(proposal=draft, by=p.proposal_staff)
    sub.proposal_withdraw(proposal=draft, by=p.member_wang, reason="已另行反映")
    assert Proposal.objects.get(pk=draft.pk).state == P.WITHDRAWN


def test_update_only_in_draft_and_by_the_author(p: Personas, zhao) -> None:
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_update(proposal=draft, by=p.member_wang, data=complete_data(title="关于增设社区食堂的建议"))
    assert Proposal.objects.get(pk=draft.pk).title == "关于增设社区食堂的建议"
    with pytest.raises(NotAllowed):
        sub.proposal_update(proposal=draft, by=zhao[0], data=complete_data())
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    with pytest.raises(DomainError, match="不能修改"):
        sub.proposal_update(proposal=draft, by=p.member_wang, data=complete_data())


def test_cosigners_must_be_members_of_the_committee(p: Personas) -> None:
    county_member = Member.objects.get(committee=p.county_a)
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[county_member])
    with pytest.raises(DomainError, match="联名人须是本政协的在任委员"):
        sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
