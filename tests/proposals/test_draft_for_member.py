"""Another channel prepares a proposal draft for a member: the draft is the member's own, shows
its source, and the member is told."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice
from zhengxie.proposals.models import Proposal
from zhengxie.proposals.services import submission as sub


def test_the_draft_is_the_members_own_and_shows_its_source(client: Client, p: Personas) -> None:
    draft = sub.draft_for_member(
        committee_id=p.city.pk,
        member=p.member_wang_record,
        by=p.proposal_staff,
        data=complete_data(),
        source_label="微建议：老旧小区加装电梯",
        source_url="/participation/micro/1/",
    )
    assert draft.state == Proposal.State.DRAFT and draft.created_by == p.member_wang
    assert draft.proposer == p.member_wang_record and draft.proposer_name == "王建国"
    event = AuditEvent.objects.get(action="proposals.proposal.drafted_for_member")
    assert event.actor_id == p.proposal_staff.pk
    assert Notice.objects.filter(recipient=p.member_wang, key=f"proposal:{draft.pk}:prepared").exists()
    # The member edits it as his own draft and sees where it came from.
    sub.proposal_update(proposal=draft, by=p.member_wang, data=complete_data(title="关于加装电梯的建议"))
    client.force_login(p.member_wang)
    page = client.get(f"/proposals/{draft.pk}/").content.decode()
    assert "微建议：老旧小区加装电梯" in page and 'href="/participation/micro/1/"' in page


def test_a_member_of_another_committee_is_refused_and_nothing_is_stored(p: Personas) -> None:
    county_member = p.member_wang_record.__class__.objects.get(person__user=p.member_county)
    with pytest.raises(DomainError, match="本政协的在任委员"):
        sub.draft_for_member(
            committee_id=p.city.pk,
            member=county_member,
            by=p.proposal_staff,
            data=complete_data(),
            source_label="微建议",
        )
    assert not Proposal.objects.exists()


def test_a_draft_needs_a_title(p: Personas) -> None:
    with pytest.raises(DomainError):
        sub.draft_for_member(
            committee_id=p.city.pk,
            member=p.member_wang_record,
            by=p.proposal_staff,
            data=complete_data(title=" "),
            source_label="微建议",
        )
    assert not Proposal.objects.exists()
