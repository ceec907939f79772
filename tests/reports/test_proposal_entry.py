"""What the published figures rest on: collective proposals belong to their organisation, staff
enter paper proposals for any session (which gives the year), and a committee names its own
destinations for proposals not filed."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.opinions.models import Opinion
from zhengxie.org.models import Session, Term
from zhengxie.proposals import config
from zhengxie.proposals.models import CoSigner, Proposal, ProposerKind
from zhengxie.proposals.services import review
from zhengxie.proposals.services import submission as sub
from zhengxie.reports.proposal_stats import participant_ids, proposal_figures

P = Proposal.State


@pytest.fixture
def past_session(p: Personas) -> Session:
    return Session.objects.create(
        committee=p.city,
        term=Term.objects.get(committee=p.city),
        number=1,
        plenary_opens_on=date(2024, 1, 8),
        plenary_closes_on=date(2024, 1, 12),
    )


def test_a_members_collective_draft_is_not_his_proposal(p: Personas) -> None:
    data = complete_data(kind=ProposerKind.SECTOR, sector=p.sector, convener=p.member_wang_record)
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    assert proposal.proposer is None and proposal.proposer_name == p.sector.name
    # He can still edit what he drafted.
    sub.proposal_update(
        proposal=proposal,
        by=p.member_wang,
        data=complete_data(kind=ProposerKind.SECTOR, sector=p.sector, title="关于另一件事的建议"),
    )
    assert Proposal.objects.get(pk=proposal.pk).title == "关于另一件事的建议"


def test_staff_enter_a_collective_proposal_of_a_past_session(p: Personas, past_session: Session) -> None:
    data = complete_data(kind=ProposerKind.SECTOR, sector=p.sector)
    proposal = sub.proposal_enter_on_behalf(
        committee_id=p.city.pk, by=p.proposal_staff, data=data, session=past_session, plenary=True
    )
    assert (proposal.state, proposal.year, proposal.session_id, proposal.is_plenary) == (
        P.SUBMITTED, 2024, past_session.pk, True,
    )  # fmt: skip
    assert proposal.proposer is None and proposal.created_by_id == p.proposal_staff.pk
    figures = proposal_figures(p.city.pk, 2024)
    assert (
        figures.received == 1 and figures.kind_count("集体提案合计") == (1, 0) and figures.participants == 0
    )
    # The staff file it through the ordinary review.
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff)
    review.proposal_file(
        proposal=Proposal.objects.get(pk=proposal.pk), by=p.proposal_staff, category="社会建设"
    )
    assert proposal_figures(p.city.pk, 2024).filed == 1


def test_staff_enter_a_joint_paper_proposal_with_its_signers(p: Personas, past_session, zhao) -> None:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]])
    proposal = sub.proposal_enter_on_behalf(
        committee_id=p.city.pk, by=p.proposal_staff, data=data, session=past_session, plenary=False,
        proposer=p.member_wang_record,
    )  # fmt: skip
    assert proposal.proposer == p.member_wang_record and not proposal.is_plenary
    assert list(CoSigner.objects.filter(proposal=proposal).values_list("answer", flat=True)) == ["agreed"]
    assert set(participant_ids(p.city.pk, 2024).values_list("pk", flat=True)) == {
        p.member_wang_record.pk, zhao[1].pk,
    }  # fmt: skip


def test_entry_needs_staff_a_first_proposer_and_a_complete_text(p: Personas, past_session) -> None:
    with pytest.raises(NotAllowed):
        sub.proposal_enter_on_behalf(
            committee_id=p.city.pk, by=p.member_wang, data=complete_data(), session=past_session, plenary=True,
            proposer=p.member_wang_record,
        )  # fmt: skip
    with pytest.raises(DomainError, match="请选择第一提案人"):
        sub.proposal_enter_on_behalf(
            committee_id=p.city.pk,
            by=p.proposal_staff,
            data=complete_data(),
            session=past_session,
            plenary=True,
        )
    with pytest.raises(DomainError, match="请填写"):
        sub.proposal_enter_on_behalf(
            committee_id=p.city.pk, by=p.proposal_staff, data=complete_data(suggestion=""),
            session=past_session, plenary=True, proposer=p.member_wang_record,
        )  # fmt: skip
    assert not Proposal.objects.exists()


def test_the_entry_page_stores_the_proposal_and_rejects_bad_input(
    client: Client, p: Personas, past_session: Session
) -> None:
    url = reverse("proposals:enter")
    client.force_login(p.member_wang)
    assert client.get(url).status_code == 404
    client.force_login(p.proposal_staff)
    assert client.get(url).status_code == 200
    form = {
        "session": past_session.pk, "plenary": "1", "kind": "sector", "sector": p.sector.pk,
        "title": "关于加快老旧小区加装电梯的建议", "situation": "情况", "analysis": "分析", "suggestion": "建议",
        "category": "社会建设", "consent_publish": "on",
    }  # fmt: skip
    bad = client.post(url, {**form, "kind": "member"})
    assert bad.status_code == 400 and "请选择第一提案人" in bad.content.decode()
    assert not Proposal.objects.exists()
    response = client.post(url, form)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and (proposal.year, proposal.proposer_id) == (2024, None)


def test_a_session_s_proposal_takes_the_session_s_year(p: Personas, settings) -> None:
    """A draft of December submitted inside the plenary window of January's session belongs to
    that session and its year."""
    from unittest import mock

    Session.objects.create(
        committee=p.city, term=Term.objects.get(committee=p.city), number=4,
        plenary_opens_on=date(2027, 1, 10), plenary_closes_on=date(2027, 1, 14),
    )  # fmt: skip
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 3)):
        sub.proposal_submit(proposal=proposal, by=p.member_wang)
    proposal.refresh_from_db()
    assert (proposal.year, proposal.is_plenary) == (2027, True)


def test_a_committees_own_destination_is_offered_and_may_hand_to_opinions(p: Personas) -> None:
    own = config.destination_add(
        committee_id=p.city.pk, by=p.proposal_staff, name="转为意见建议", to_opinion=True, rewarded=False
    )
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    review.review_not_file(
        proposal=Proposal.objects.get(pk=proposal.pk), by=p.proposal_staff, reason="内容空泛、没有具体建议的",
        destination=own.code,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.destination == own.code and proposal.destination_label == "转为意见建议"
    assert proposal.referral_id == Opinion.objects.get(committee=p.city).pk
    # Another committee's destination is not one of this committee's.
    other = sub.proposal_create(
        committee_id=p.city.pk, by=p.member_wang, data=complete_data(title="关于另一件事的建议")
    )
    sub.proposal_submit(proposal=other, by=p.member_wang)
    with pytest.raises(DomainError, match="去向"):
        review.review_not_file(
            proposal=Proposal.objects.get(pk=other.pk), by=p.proposal_staff, reason="内容空泛、没有具体建议的",
            destination="nowhere",
        )  # fmt: skip


def test_the_destinations_page_adds_and_retires(client: Client, p: Personas) -> None:
    url = reverse("proposals:destinations")
    client.force_login(p.leader)
    assert client.get(url).status_code == 404
    client.force_login(p.proposal_staff)
    client.post(url, {"action": "add", "name": "转为意见建议", "to_opinion": "1"})
    client.post(url, {"action": "add", "name": ""})
    rows = config.destinations_for(p.city.pk)
    assert [r.name for r in rows][-1] == "转为意见建议" and rows[-1].to_opinion and len(rows) == 5
    client.post(url, {"action": "disable", "id": rows[-1].pk})
    assert len(config.destinations_for(p.city.pk)) == 4
    page = client.get(url).content.decode()
    assert "已停用" in page
