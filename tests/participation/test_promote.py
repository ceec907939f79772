"""Proposal staff prepare a proposal draft for the member from a micro-suggestion or a studio's
open problem: the draft is the member's own, shows its source, the member is told, and the link
stays on this side."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.participation.conftest import submit
from tests.participation.test_studios import receive, studio
from tests.personas import Personas
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.participation.models import MicroSuggestion, Reception
from zhengxie.participation.services import micro as micro_svc
from zhengxie.participation.services import studios as studio_svc
from zhengxie.proposals.models import Proposal


def test_staff_prepare_the_members_draft_from_a_micro_suggestion(client: Client, p: Personas) -> None:
    micro = submit(p)
    client.force_login(p.proposal_staff)
    page = client.get(f"/participation/micro/{micro.pk}/").content.decode()
    assert "为委员生成提案草稿" in page
    response = client.post(f"/participation/micro/{micro.pk}/to_proposal/")
    assert response.status_code == 302 and response["Location"] == f"/participation/micro/{micro.pk}/"
    micro.refresh_from_db()
    assert micro.proposal_id is not None
    draft = Proposal.objects.get(pk=micro.proposal_id)
    assert draft.state == Proposal.State.DRAFT and draft.created_by == p.member_wang
    assert draft.proposer == p.member_wang_record and draft.source_label == f"微建议：{micro.title}"
    assert draft.source_url == f"/participation/micro/{micro.pk}/"
    assert Notice.objects.filter(recipient=p.member_wang, key=f"proposal:{draft.pk}:prepared").exists()
    # Once only: a second press returns the same draft, the page offers it no more.
    assert micro_svc.micro_to_proposal(micro=micro, by=p.proposal_staff) == draft.pk
    assert Proposal.objects.count() == 1
    assert (
        ">为委员生成提案草稿</button>" not in client.get(f"/participation/micro/{micro.pk}/").content.decode()
    )


def test_information_staff_and_units_may_not_prepare_drafts(p: Personas) -> None:
    micro = submit(p)
    with pytest.raises(NotAllowed):
        micro_svc.micro_to_proposal(micro=micro, by=p.info_staff)
    assert not Proposal.objects.exists()
    assert MicroSuggestion.objects.get(pk=micro.pk).proposal_id is None


def test_staff_prepare_a_draft_from_a_studios_open_problem(client: Client, p: Personas) -> None:
    reception = receive(p, studio(p), problem="企业招工难")
    client.force_login(p.proposal_staff)
    page = client.get(f"/participation/receptions/{reception.pk}/").content.decode()
    assert 'data-testid="promote"' in page
    response = client.post(
        f"/participation/receptions/{reception.pk}/proposal/", {"title": "关于破解企业招工难的建议"}
    )
    assert response.status_code == 302
    reception.refresh_from_db()
    assert reception.outcome == Reception.Outcome.PROPOSAL
    assert reception.proposal_id is not None
    draft = Proposal.objects.get(pk=reception.proposal_id)
    assert draft.created_by == p.member_wang and "接待记录" in draft.source_label
    # Already carried on: a second time is refused with a clear message and nothing stored.
    with pytest.raises(DomainError, match="不能再次处理"):
        studio_svc.reception_to_proposal(reception=reception, by=p.proposal_staff, title="再来一次")
    assert Proposal.objects.count() == 1


def test_a_draft_without_a_title_is_refused_and_the_reception_stays_open(p: Personas) -> None:
    reception = receive(p, studio(p))
    with pytest.raises(DomainError):
        studio_svc.reception_to_proposal(reception=reception, by=p.proposal_staff, title=" ")
    assert Reception.objects.get(pk=reception.pk).outcome == Reception.Outcome.OPEN
    assert not Proposal.objects.exists()
