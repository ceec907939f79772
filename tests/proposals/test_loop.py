"""One joint, key, 会办 proposal through the whole loop with the real services: drafted, co-signed,
reviewed in two stages, filed and made key, assigned to a lead and a co-handling unit, handled,
replied (B), rated dissatisfied, handled again, replied, rated, closed — with its supervision
items, duty points, statistics and public page along the way."""

from __future__ import annotations

from datetime import date

import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from tests.proposals.helpers import filed_proposal, reply_data
from zhengxie.duty.models import PointEntry
from zhengxie.proposals import stats
from zhengxie.proposals.models import Assignment, CoOpinion, Proposal, ProposerKind, Reply
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import evaluation as ev
from zhengxie.proposals.services import replies, review
from zhengxie.proposals.services import submission as sub
from zhengxie.proposals.unit_workbench import pending_items
from zhengxie.supervision.models import Item
from zhengxie.supervision.selectors import items_for_source

P = Proposal.State


def _lead(proposal: Proposal) -> Assignment:
    return proposal.assignments.get(role=Assignment.Role.LEAD)


def _co(proposal: Proposal) -> Assignment:
    return proposal.assignments.get(role=Assignment.Role.CO)


def _fresh(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_related("proposer__person").get(pk=proposal.pk)


def _reply_round(p: Personas, proposal: Proposal, edu_clerk, *, category: str) -> None:
    """The co unit sends its opinion, the lead drafts and submits, the co unit co-signs, staff approve."""
    handling.co_opinion_send(
        assignment=_co(proposal), by=edu_clerk, text="我局同意纳入老旧小区改造计划统筹推进。"
    )
    reply = replies.reply_save(
        assignment=_lead(proposal), by=p.unit_clerk, data=reply_data(category=category)
    )
    replies.reply_submit(reply=reply, by=p.unit_clerk)
    reply.refresh_from_db()
    assert reply.state == Reply.State.COSIGNING
    replies.reply_cosign(reply=reply, by=edu_clerk)
    reply.refresh_from_db()
    assert reply.state == Reply.State.REVIEWING
    replies.reply_review(reply=reply, by=p.proposal_staff, approve=True, public_scope="full")


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_a_joint_key_proposal_goes_round_the_whole_loop(
    client: Client, p: Personas, zhao, session, edu_unit, edu_clerk, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _walk(p, zhao, edu_unit, edu_clerk)
    _check_outcome(client, p, zhao, proposal)


def _walk(p: Personas, zhao, edu_unit, edu_clerk) -> Proposal:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]], suggested_units=[p.unit])
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    sub.cosign_answer(proposal=_fresh(proposal), by=zhao[0], agree=True)
    proposal = _fresh(proposal)
    assert proposal.state == P.SUBMITTED

    review.review_pass_stage(proposal=proposal, by=p.proposal_staff, comment="格式规范")
    proposal = _fresh(proposal)
    review.proposal_file(
        proposal=proposal, by=p.proposal_staff, category="社会建设", is_key=True, key_leader=p.leader
    )
    proposal = _fresh(proposal)
    assert proposal.state == P.FILED and proposal.number == "14-3-0001"

    handling.proposal_assign(
        proposal=proposal, by=p.proposal_staff, mode="joint", units=[p.unit], co_units=[edu_unit]
    )
    proposal = _fresh(proposal)
    assert proposal.state == P.ASSIGNED and proposal.due_on == date(2026, 6, 2)
    key_item = items_for_source(proposal).get(category="重点提案")
    assert key_item.supervising_leader == p.leader and key_item.lead_unit == p.unit

    handling.assignment_sign(assignment=_lead(proposal), by=p.unit_clerk)
    handling.assignment_sign(assignment=_co(proposal), by=edu_clerk)
    handling.contact_record(
        assignment=_lead(proposal),
        by=p.unit_clerk,
        stage="before",
        mode="meeting",
        on=date(2026, 3, 2),
        participants="王建国、赵晓梅、住建局张局长",
        notes="当面听取提案者意见，商定办理方案。",
    )
    _reply_round(p, proposal, edu_clerk, category="B")
    proposal = _fresh(proposal)
    assert proposal.state == P.REPLIED and proposal.result == "B"
    assert items_for_source(proposal).filter(category="提案回头看").count() == 1

    # The first proposer is dissatisfied: the loop goes round again.
    ev.rating_submit(
        proposal=proposal, by=p.member_wang, work="basic", result="dissatisfied", comment="进度太慢"
    )
    ev.rating_submit(proposal=_fresh(proposal), by=zhao[0], work="satisfied", result="basic")
    ev.proposal_rehandle(proposal=_fresh(proposal), by=p.proposal_staff, reason="请加快落实")
    proposal = _fresh(proposal)
    assert proposal.state == P.REHANDLING and proposal.round == 2
    assert _lead(proposal).state == _co(proposal).state == Assignment.State.HANDLING

    _reply_round(p, proposal, edu_clerk, category="A")
    proposal = _fresh(proposal)
    assert proposal.state == P.REPLIED and proposal.result == "A"
    assert CoOpinion.objects.filter(assignment=_co(proposal)).count() == 2
    ev.rating_submit(proposal=proposal, by=p.member_wang, work="satisfied", result="satisfied")
    ev.rating_submit(proposal=_fresh(proposal), by=zhao[0], work="satisfied", result="satisfied")
    ev.proposal_close(proposal=_fresh(proposal), by=p.proposal_staff)
    proposal = _fresh(proposal)
    assert proposal.state == P.CLOSED
    return proposal


def _check_outcome(client: Client, p: Personas, zhao, proposal: Proposal) -> None:
    # Points went to both proposers: filed (P01 first, P02 co-signer), key (P05), the 面商 (P07).
    codes = sorted(PointEntry.objects.filter(reverses__isnull=True).values_list("member_id", "rule__code"))
    wang, zhao_id = p.member_wang_record.pk, zhao[1].pk
    assert (wang, "P01") in codes and (zhao_id, "P02") in codes
    assert (wang, "P05") in codes and (zhao_id, "P05") in codes
    assert (wang, "P07") in codes

    figures = stats.year_stats(p.city.pk, 2026)
    assert figures.received == 1 and figures.filed == 1 and figures.closed == 1

    public = client.get(reverse("proposals:public_list", args=[p.city.code])).content.decode()
    assert proposal.title in public and "王建国" not in public and "0571-88886666" not in public
    assert Item.objects.filter(link_id=proposal.pk).count() == 2


def test_the_supervision_office_reads_the_proposals_its_items_follow_up(
    client: Client, p: Personas, session, django_capture_on_commit_callbacks
) -> None:
    followed = filed_proposal(p, is_key=True, key_leader=p.leader)
    other = filed_proposal(p, title="关于发展冰雪运动的建议")
    client.force_login(p.supervision_staff)
    assert client.get(reverse("proposals:detail", args=[followed.pk])).status_code == 404
    handling.proposal_assign(proposal=followed, by=p.proposal_staff, mode="lead", units=[p.unit])
    item = items_for_source(followed).get()
    page = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()
    assert reverse("proposals:detail", args=[followed.pk]) in page
    assert client.get(reverse("proposals:detail", args=[followed.pk])).status_code == 200
    assert client.get(reverse("proposals:detail", args=[other.pk])).status_code == 404


def test_the_co_handling_unit_is_pointed_to_the_reply_it_must_co_sign(
    p: Personas, session, edu_unit, edu_clerk
) -> None:
    proposal = filed_proposal(p)
    handling.proposal_assign(
        proposal=proposal, by=p.proposal_staff, mode="joint", units=[p.unit], co_units=[edu_unit]
    )
    proposal = _fresh(proposal)
    handling.assignment_sign(assignment=_lead(proposal), by=p.unit_clerk)
    handling.assignment_sign(assignment=_co(proposal), by=edu_clerk)
    handling.co_opinion_send(
        assignment=_co(proposal), by=edu_clerk, text="我局同意纳入老旧小区改造计划统筹推进。"
    )
    reply = replies.reply_save(assignment=_lead(proposal), by=p.unit_clerk, data=reply_data())
    labels = [i.label for i in pending_items(edu_clerk, p.city.pk)]
    assert "待会签的提案答复" not in labels
    replies.reply_submit(reply=reply, by=p.unit_clerk)
    assert "待会签的提案答复" in [i.label for i in pending_items(edu_clerk, p.city.pk)]
    assert "待会签的提案答复" not in [i.label for i in pending_items(p.unit_clerk, p.city.pk)]
    replies.reply_cosign(reply=Reply.objects.get(pk=reply.pk), by=edu_clerk)
    assert "待会签的提案答复" not in [i.label for i in pending_items(edu_clerk, p.city.pk)]
