"""The benchmark data set: a small county seed holds proposals in every state, with rows that agree
with each other the way the workflow would have left them, and the same seed gives the same data."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.utils.timezone import localdate

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee, RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.seed import seed_org
from zhengxie.proposals import seed as proposal_seed
from zhengxie.proposals.models import Assignment, CoSigner, Objection, ProofRound, Proposal, Rating, Reply

P = Proposal.State
TOTAL = 3000


class _Undo(Exception):
    pass


def seed_county(settings: Any) -> Committee:
    settings.SEEDERS = []  # only the organisation; the proposals come next, at a test's size
    result = seed_org("county")
    proposal_seed.seed(result, random.Random("zhengxie-county"), total=TOTAL, progress=False)
    return result.committees[0]


@pytest.fixture
def county(db: None, settings: Any) -> Committee:
    return seed_county(settings)


def test_seed_holds_proposals_in_every_state(county):
    states = Counter(Proposal.objects.filter(committee=county).values_list("state", flat=True))
    assert set(states) == set(P.values)
    assert sum(states.values()) == TOTAL
    submitted = TOTAL - states[P.DRAFT] - states[P.COSIGNING] - states[P.WITHDRAWN]
    filed = sum(states[s] for s in proposal_seed.FILED_STATES)
    assert 0.8 < filed / submitted < 0.9
    # Older years are done; this year's are mostly still with the units.
    this_year = Proposal.objects.order_by("-year").values_list("year", flat=True)[0]
    old = Proposal.objects.filter(year__lt=this_year - 1)
    assert not old.filter(state__in=[P.ASSIGNED, P.REPLIED, P.REHANDLING]).exists()
    current = Counter(Proposal.objects.filter(year=this_year).values_list("state", flat=True))
    assert current[P.ASSIGNED] > current[P.CLOSED]


def test_filed_proposals_are_numbered_once_per_committee(county):
    filed = Proposal.objects.filter(state__in=proposal_seed.FILED_STATES)
    numbers = list(filed.values_list("number", flat=True))
    assert all(numbers) and len(set(numbers)) == len(numbers)
    assert not Proposal.objects.exclude(state__in=proposal_seed.FILED_STATES).exclude(number="").exists()
    sample = filed.select_related("term", "session").first()
    assert sample is not None and sample.session is not None
    assert sample.number.startswith(f"{sample.term.number}-{sample.session.number}-")


def test_rows_agree_with_the_workflow(county):
    answered = Reply.objects.filter(state=Reply.State.APPROVED).values("proposal_id")
    done = Proposal.objects.filter(state__in=[P.REPLIED, P.CLOSED, P.REHANDLING])
    assert done.exists() and not done.exclude(pk__in=answered).exists()
    assert not done.filter(result="").exists()
    closed = Proposal.objects.filter(state=P.CLOSED)
    assert not closed.exclude(pk__in=Rating.objects.values("proposal_id")).exists()
    # Every agreed co-signer of a closed proposal rated it, and only they and the proposer did.
    sample = closed.filter(kind="joint").first()
    assert sample is not None
    agreed = set(sample.cosigners.filter(answer=CoSigner.Answer.AGREED).values_list("member_id", flat=True))
    assert set(sample.ratings.values_list("member_id", flat=True)) == agreed | {sample.proposer_id}

    merged = Proposal.objects.filter(state=P.MERGED).select_related("merged_into")
    assert merged.exists()
    for proposal in merged:
        primary = proposal.merged_into
        assert primary is not None and primary.committee_id == proposal.committee_id
        assert primary.state in proposal_seed.FILED_STATES
    assert (
        not Proposal.objects.filter(state=P.NOT_FILED)
        .filter(Q(destination="") | Q(not_filed_reason=""))
        .exists()
    )

    handled = Proposal.objects.filter(state__in=[P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED])
    answering = Assignment.objects.filter(role__in=[Assignment.Role.LEAD, Assignment.Role.SPLIT])
    assert not handled.exclude(pk__in=answering.values("proposal_id")).exists()
    assert not Proposal.objects.filter(state=P.FILED, assignments__isnull=False).exists()
    modes = Counter(handled.values_list("mode", flat=True))
    assert modes["lead"] > modes["joint"] > 0 and modes["split"] > 0
    pending = Assignment.objects.filter(state=Assignment.State.OBJECTING)
    assert pending.exists() and not pending.exclude(objections__state="pending").exists()
    assert Assignment.objects.filter(extensions__state="pending", state=Assignment.State.HANDLING).exists()
    # Each assignment has the committee's objection window (default 10 days), and the seeded
    # objections were raised inside it, as the service would have required.
    windows = Assignment.objects.values_list("assigned_at", "objection_until")
    assert windows and all(until == localdate(at) + timedelta(days=10) for at, until in windows)
    for objection in Objection.objects.select_related("assignment"):
        until = objection.assignment.objection_until
        assert until is not None and localdate(objection.requested_at) <= until
    # Private states stay with their authors: drafts have no submission time, co-signing a deadline.
    assert not Proposal.objects.filter(state=P.DRAFT, submitted_at__isnull=False).exists()
    assert not Proposal.objects.filter(state=P.COSIGNING, cosign_until__isnull=True).exists()
    # Proofreading (校对) only of filed proposals, at most the committee's three rounds.
    rounds = ProofRound.objects.all()
    assert rounds.exists() and not rounds.exclude(proposal__state=P.FILED).exists()
    assert not rounds.filter(number__gt=3).exists()


def test_benchmark_accounts_are_the_busiest_member_and_unit(county):
    member_user = User.objects.get(username="seed_seed-county_member")
    top_proposer = (
        Proposal.objects.exclude(proposer=None)
        .values("proposer_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top_proposer is not None
    assert member_user.person.memberships.get().pk == top_proposer["proposer_id"]
    clerk = RoleAssignment.objects.get(user__username="seed_seed-county_unit", role=Role.UNIT_CLERK)
    top_unit = Assignment.objects.values("unit_id").annotate(n=Count("id")).order_by("-n").first()
    assert top_unit is not None and clerk.handling_unit_id == top_unit["unit_id"]
    # The member's own proposals are his, so they show in his list and he may act on them.
    assert Proposal.objects.filter(created_by=member_user).count() == top_proposer["n"]


def _fingerprint() -> list[tuple[Any, ...]]:
    """The data with database ids left out, which differ between runs on PostgreSQL."""
    rows = Proposal.objects.order_by("id").values_list(
        "year", "state", "number", "kind", "proposer_name", "title", "mode", "result", "created_at"
    )
    children = Proposal.objects.order_by("id").annotate(
        c=Count("cosigners", distinct=True),
        a=Count("assignments", distinct=True),
        r=Count("ratings", distinct=True),
    )
    return [*rows, tuple(children.values_list("c", "a", "r"))]


def test_the_same_seed_gives_the_same_data(db, settings):
    prints = []
    for _ in range(2):
        try:
            with transaction.atomic():
                seed_county(settings)
                prints.append(_fingerprint())
                raise _Undo
        except _Undo:
            pass
    assert prints[0] == prints[1]
    assert not Proposal.objects.exists()


def test_seed_holds_claims_topics_assist_requests_and_inspections_for_two_years(county):
    from zhengxie.proposals.models import (
        AssistRequest,
        ClaimWindow,
        InspectionMember,
        InspectionVisit,
        KeyClaim,
        SuggestedTopic,
        TopicUptake,
    )
    from zhengxie.proposals.permissions import assist_visible

    this_year = localdate().year
    years = {this_year - 1, this_year}
    assert set(ClaimWindow.objects.filter(committee=county).values_list("year", flat=True)) == years
    leader = User.objects.get(username=f"seed_{county.code.lower()}_leader")
    assert RoleAssignment.objects.filter(user=leader, committee=county, role=Role.LEADER).exists()
    claims = KeyClaim.objects.filter(committee=county).select_related("proposal")
    assert all(c.proposal.is_key and c.leader_id == leader.pk for c in claims)
    assert all(c.proposal.key_leader_id == leader.pk for c in claims)
    topics = SuggestedTopic.objects.filter(committee=county)
    assert set(topics.values_list("year", flat=True)) == years
    assert {t.source for t in topics} == {"leader", "public"}
    assert topics.filter(year=this_year, state="draft").exists()
    assert not topics.filter(year=this_year - 1, state="draft").exists()
    for uptake in TopicUptake.objects.filter(topic__committee=county).select_related("proposal", "topic"):
        assert uptake.proposal.proposer_id == uptake.member_id
        assert uptake.proposal.year == uptake.topic.year and uptake.topic.state == "published"
    assert TopicUptake.objects.filter(topic__committee=county).exists()
    requests = AssistRequest.objects.filter(committee=county)
    assert requests.count() == 3 and requests.filter(state="answered").count() == 2
    member = User.objects.get(username=f"seed_{county.code.lower()}_member")
    assert assist_visible(member).count() == 3
    visits = InspectionVisit.objects.filter(committee=county)
    assert set(visits.values_list("group__year", flat=True)) == years
    assert not visits.filter(group__year=this_year - 1).exclude(state="replied").exists()
    assert set(visits.filter(group__year=this_year).values_list("state", flat=True)) == {
        "planned",
        "awaiting",
        "replied",
    }
    assert InspectionMember.objects.filter(group__committee=county).count() == 6
