"""The demo data has a proposal in every state, gives each demo account something to do, and
loading it again changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee
from zhengxie.proposals import demo
from zhengxie.proposals.models import (
    Assignment,
    ClaimWindow,
    Commendation,
    Contact,
    CoSigner,
    Extension,
    InspectionVisit,
    Objection,
    ProofRound,
    Proposal,
    Rating,
    Reply,
)
from zhengxie.supervision.models import Item

P = Proposal.State


@pytest.fixture
def city(db, settings) -> Committee:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)
    return Committee.objects.get(code=demo.CITY_CODE)


def test_every_state_of_the_loop_is_present(city: Committee) -> None:
    proposals = Proposal.objects.filter(committee=city)
    assert set(proposals.values_list("state", flat=True)) == set(P.values)
    assert proposals.filter(state=P.REVIEWING, review_stage=1).exists()
    assert set(proposals.filter(state=P.NOT_FILED).values_list("destination", flat=True)) == {
        "opinion",
        "reference",
    }
    me = User.objects.get(username="demo_member")
    assert CoSigner.objects.filter(
        proposal__state=P.COSIGNING, member__person__user=me, answer=CoSigner.Answer.PENDING
    ).exists()
    assert Assignment.objects.filter(proposal__committee=city, state=Assignment.State.PENDING).exists()
    assert Contact.objects.filter(assignment__proposal__committee=city, stage="before").exists()
    assert Extension.objects.filter(assignment__proposal__committee=city, state="pending").exists()
    assert Objection.objects.filter(assignment__proposal__committee=city, state="pending").exists()
    assert Reply.objects.filter(proposal__committee=city, state=Reply.State.COSIGNING).exists()
    assert Reply.objects.filter(proposal__committee=city, state=Reply.State.REVIEWING).exists()
    assert proposals.filter(state=P.REPLIED, ratings__isnull=True).exists()
    assert Rating.objects.filter(proposal__state=P.REHANDLING, result="dissatisfied").exists()
    # This year's closed one (the assessment demo adds last year's, all closed).
    closed = proposals.filter(year=timezone.localdate().year).get(state=P.CLOSED)
    assert closed.ratings.count() == 2 and closed.replies.filter(public_scope="full").exists()
    assert Commendation.objects.filter(proposal=closed).exists()
    key = proposals.get(is_key=True, key_leader__isnull=False)
    # 认领: one key proposal waits for a leader, in this year's open window.
    assert proposals.filter(is_key=True, key_leader__isnull=True).count() == 1
    assert ClaimWindow.objects.filter(committee=city).exists()
    assert key.key_leader is not None and key.key_leader.username == "demo_leader"
    assert Item.objects.filter(link_id=key.pk, category="重点提案").exists()
    assert Item.objects.filter(committee=city, category="提案回头看").exists()
    # 校对: a round waiting for demo_member, one he commented on, and one he confirmed.
    rounds = set(ProofRound.objects.filter(committee=city).values_list("state", flat=True))
    assert rounds == {"pending", "commented", "confirmed"}
    # 三办督导: one visit's findings wait for the unit's reply, another visit is planned.
    visits = set(InspectionVisit.objects.filter(committee=city).values_list("state", flat=True))
    assert visits == {"awaiting", "planned"}


def test_loading_twice_changes_nothing(city: Committee) -> None:
    counts = (Proposal.objects.count(), Reply.objects.count(), User.objects.count())
    call_command("load_demo", verbosity=0)
    demo.load()  # the loader on its own leaves a committee with proposals alone
    assert (Proposal.objects.count(), Reply.objects.count(), User.objects.count()) == counts


def test_each_role_finds_work(city: Committee, client: Client) -> None:
    def page(username: str, url: str) -> str:
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    home = page("demo_proposal_staff", "/")
    for task in (
        "待初审的提案",
        "待复审的提案",
        "待交办的提案",
        "待审核的改办申请",
        "待审批的提案延期申请",
        "待审核的提案答复",
        "待校对的提案",
        "提案者对校对稿有意见的提案",
        "待协助审查修改的提案",
    ):
        assert task in home
    assert "可认领督办的重点提案" in page("demo_leader", "/")
    assert "待签收的提案" in page("demo_unit", "/")
    assert "督导组反馈待回复" in page("demo_unit", "/")
    # The 会办 unit has sent its opinion (its share is 已答复) and co-signs the lead's reply.
    joint = Reply.objects.get(proposal__committee=city, state=Reply.State.COSIGNING).proposal
    assert joint.title in page("demo_unit_edu", reverse("proposals:unit_inbox") + "?bucket=replied")
    co = Assignment.objects.get(proposal=joint, role=Assignment.Role.CO)
    assert "会签主办单位答复" in page("demo_unit_edu", reverse("proposals:unit_assignment", args=[co.pk]))
    mine = page("demo_member", reverse("proposals:mine"))
    for state in ("草稿", "退回修改", "已答复", "重新办理", "已办结"):
        assert state in mine
    waiting = Proposal.objects.get(committee=city, state=P.COSIGNING)
    assert "同意联名" in page("demo_member", reverse("proposals:detail", args=[waiting.pk]))
    public = Client().get(reverse("proposals:public_list", args=[city.code])).content.decode()
    this_year = Proposal.objects.filter(committee=city, year=timezone.localdate().year)
    assert this_year.get(state=P.CLOSED).title in public
