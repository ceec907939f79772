"""A convener turns a problem into a proposal draft for a member assigned to the platform: the
draft is the member's own with the platform as its source, the member is told, the problem keeps
the proposal and counts as passed on as a proposal; wrong member, wrong state, wrong town."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Platform
from zhengxie.grassroots import selectors, services
from zhengxie.grassroots.models import Problem
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_problem_becomes_a_draft_for_an_assigned_member(
    client: Client, p: Personas, convener: User, village: Platform, other_town: Platform
) -> None:
    problem = services.problem_raise(platform=village, by=convener, text="村道路灯不亮，夜间出行不便")
    with pytest.raises(DomainError, match="联系本平台的委员"):
        services.problem_to_proposal(problem=problem, by=convener, member=p.member_wang_record)
    services.members_assign(platform=village, by=p.activity_staff, members=[p.member_wang_record])
    far = services.problem_raise(platform=other_town, by=p.activity_staff, text="企业用工难")
    with pytest.raises(NotAllowed):
        services.problem_to_proposal(problem=far, by=convener, member=p.member_wang_record)
    assert not Proposal.objects.exists()
    client.force_login(convener)
    r = client.post(
        reverse("grassroots:platform_act", args=[village.pk, "draft"]),
        {"problem": problem.pk, "member": p.member_wang_record.pk},
        follow=True,
    )
    assert "已为王建国委员生成提案草稿" in r.content.decode()
    problem = Problem.objects.get(pk=problem.pk)
    proposal = Proposal.objects.get()
    assert problem.state == "proposal" and problem.proposal_id == proposal.pk
    assert proposal.proposer_id == p.member_wang_record.pk and "高城村协商议事点" in proposal.source_label
    assert "村道路灯不亮" in proposal.title and proposal.state == "draft"
    assert Notice.objects.filter(recipient=p.member_wang, title__startswith="已为您生成提案草稿").exists()
    with pytest.raises(DomainError, match="已办结"):
        services.problem_to_proposal(problem=problem, by=convener, member=p.member_wang_record)
    overall, _ = selectors.year_totals(Platform.objects.filter(pk=village.pk), timezone.localdate().year)
    assert (overall.raised, overall.proposal) == (1, 1)
    # The member finds the draft as his own.
    client.force_login(p.member_wang)
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200
