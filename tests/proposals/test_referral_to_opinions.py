"""A proposal not filed with the destination 转社情民意 arrives in the information centre's queue as
an incoming item linked to it, crediting its proposers (issue #6 point 8, through the receiver
registered in settings.REFERRAL_RECEIVERS)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.opinions.models import Opinion
from zhengxie.proposals.models import Destination, Proposal, ProposerKind
from zhengxie.proposals.services import review
from zhengxie.proposals.services import submission as sub


def test_not_filed_proposal_becomes_an_incoming_opinion_item(client: Client, p: Personas, zhao) -> None:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]])
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    sub.cosign_answer(proposal=Proposal.objects.get(pk=proposal.pk), by=zhao[0], agree=True)
    proposal = Proposal.objects.get(pk=proposal.pk)
    review.review_not_file(
        proposal=proposal,
        by=p.proposal_staff,
        reason="内容空泛、没有具体建议的",
        destination=Destination.OPINION,
        comment="反映的情况有参考价值，转作社情民意信息",
    )
    proposal.refresh_from_db()
    opinion = Opinion.objects.get(committee=p.city)
    assert proposal.state == Proposal.State.NOT_FILED and proposal.referral_id == opinion.pk
    assert opinion.channel == Opinion.Channel.REFERRAL and opinion.link_id == proposal.pk
    assert opinion.title == proposal.title
    assert set(opinion.authors.values_list("pk", flat=True)) == {p.member_wang_record.pk, zhao[1].pk}
    # The information centre finds it in its queue, with the way back to the proposal.
    client.force_login(p.info_staff)
    page = client.get(reverse("opinions:detail", args=[opinion.pk])).content.decode()
    assert proposal.title in page and reverse("proposals:detail", args=[proposal.pk]) in page
    # …and opens the proposal it came from, though it reads no other proposal.
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200
    other = sub.proposal_create(
        committee_id=p.city.pk, by=p.member_wang, data=complete_data(title="关于发展冰雪运动的建议")
    )
    sub.proposal_submit(proposal=other, by=p.member_wang)
    assert client.get(reverse("proposals:detail", args=[other.pk])).status_code == 404
