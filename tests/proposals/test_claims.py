"""Leaders claim key proposals to supervise (认领) in the window the office opens: one leader per
proposal unless the window allows more, the first claim sets the supervising leader and opens
the key item; outside the window a clear error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas, _user
from tests.proposals.helpers import filed_proposal, fresh, signed, today
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org.roles import Role
from zhengxie.proposals.models import ClaimWindow, KeyClaim, Proposal
from zhengxie.proposals.services import claims
from zhengxie.proposals.workbench import pending_items
from zhengxie.supervision.selectors import items_for_source


@pytest.fixture
def leader2(p: Personas) -> Any:
    return _user("leader2", "市政协副主席", p.city, Role.LEADER)


def _open(p: Personas, per: int = 1, **kw: Any) -> ClaimWindow:
    return claims.claim_window_set(
        committee_id=p.city.pk,
        by=p.proposal_staff,
        year=kw.get("year", today().year),
        opens_on=kw.get("opens_on", today()),
        closes_on=kw.get("closes_on", today() + timedelta(days=10)),
        leaders_per_proposal=per,
    )


def _offered(p: Personas, proposal: Proposal | None = None) -> Proposal:
    proposal = proposal or filed_proposal(p)
    return claims.key_offer(proposal=proposal, by=p.proposal_staff)


def test_a_leader_claims_and_becomes_the_supervising_leader(
    p: Personas, leader2: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _open(p)
    assert Notice.objects.filter(recipient=leader2, key__startswith="proposals.claims.").exists()
    assignment = signed(p)
    proposal = _offered(p, fresh(assignment.proposal))
    assert proposal.is_key and proposal.key_leader is None
    items = {i.label: i.count for i in pending_items(p.leader, p.city.pk)}
    assert items["可认领督办的重点提案"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        claims.key_claim(proposal=fresh(proposal), by=p.leader)
    proposal = fresh(proposal)
    assert proposal.key_leader == p.leader
    assert items_for_source(proposal).filter(category="重点提案").exists()  # the key item opened
    assert AuditEvent.objects.filter(action="proposals.proposal.key_claimed").count() == 1
    # One leader per proposal: the second one is told who has it.
    with pytest.raises(DomainError, match="已由市政协领导认领"):
        claims.key_claim(proposal=proposal, by=leader2)
    with pytest.raises(DomainError, match="您已认领"):
        claims.key_claim(proposal=proposal, by=p.leader)
    assert "可认领督办的重点提案" not in [i.label for i in pending_items(leader2, p.city.pk)]


def test_a_window_for_two_leaders_lets_a_second_claim(p: Personas, leader2: Any) -> None:
    _open(p, per=2)
    proposal = _offered(p)
    claims.key_claim(proposal=proposal, by=p.leader)
    claims.key_claim(proposal=fresh(proposal), by=leader2)
    assert KeyClaim.objects.filter(proposal=proposal).count() == 2
    assert fresh(proposal).key_leader == p.leader  # the first claim leads


def test_outside_the_window_wrong_role_and_bad_input(p: Personas) -> None:
    proposal = _offered(p)
    with pytest.raises(DomainError, match="尚未开始"):
        claims.key_claim(proposal=proposal, by=p.leader)
    _open(p, opens_on=today() + timedelta(days=2), closes_on=today() + timedelta(days=5))
    with pytest.raises(DomainError, match="开始"):
        claims.key_claim(proposal=proposal, by=p.leader)
    ClaimWindow.objects.update(opens_on=today() - timedelta(days=9), closes_on=today() - timedelta(days=1))
    with pytest.raises(DomainError, match=r"已于.*截止"):
        claims.key_claim(proposal=proposal, by=p.leader)
    with pytest.raises(NotAllowed):
        claims.key_claim(proposal=proposal, by=p.member_wang)
    with pytest.raises(NotAllowed):
        claims.claim_window_set(
            committee_id=p.city.pk, by=p.leader, year=today().year, opens_on=today(), closes_on=today()
        )
    with pytest.raises(DomainError, match="不能早于"):
        _open(p, opens_on=today(), closes_on=today() - timedelta(days=1))
    with pytest.raises(DomainError, match="1至9"):
        _open(p, per=0)
    with pytest.raises(DomainError, match="已是重点提案"):
        _offered(p, fresh(proposal))
    assert not KeyClaim.objects.exists()


def test_the_page_from_window_to_claim(client: Client, p: Personas) -> None:
    proposal = filed_proposal(p)
    client.force_login(p.proposal_staff)
    url = reverse("proposals:claims")
    day = today()
    client.post(
        reverse("proposals:claims_window"),
        {"year": day.year, "opens_on": day.isoformat(), "closes_on": (day + timedelta(days=7)).isoformat()},
    )
    assert ClaimWindow.objects.filter(committee=p.city, year=day.year).exists()
    client.post(reverse("proposals:claims_offer"), {"number": "nope"})
    assert not fresh(proposal).is_key
    client.post(reverse("proposals:claims_offer"), {"number": proposal.number})
    assert fresh(proposal).is_key
    client.force_login(p.leader)
    page = client.get(url).content.decode()
    assert proposal.title in page and 'data-testid="claim"' in page
    assert client.post(reverse("proposals:claim", args=[proposal.pk])).status_code == 302
    assert fresh(proposal).key_leader == p.leader
    # Members and units: no such page.
    client.force_login(p.member_wang)
    assert client.get(url).status_code == 404
    assert client.post(reverse("proposals:claim", args=[proposal.pk])).status_code == 404
    client.force_login(p.unit_clerk)
    assert client.get(url).status_code == 404


def test_the_claims_page_query_count_does_not_grow(client: Client, p: Personas) -> None:
    _open(p, per=2)
    client.force_login(p.leader)

    def add(n: int) -> None:
        for _ in range(n):
            proposal = _offered(p)
            claims.key_claim(proposal=proposal, by=p.leader)

    same_for_few_and_many(client, reverse("proposals:claims"), add)


def test_the_leaders_task_opens_exactly_the_proposals_it_counts(
    client: Any, p: Personas, leader2: Any
) -> None:
    """The home-page count and the list it opens agree: a proposal another leader already holds
    (one leader per proposal) is on the full list but not on the task's."""
    _open(p)
    held = _offered(p)
    _offered(p)
    claims.key_claim(proposal=fresh(held), by=leader2)
    item = next(i for i in pending_items(p.leader, p.city.pk) if i.label == "可认领督办的重点提案")
    assert item.count == 1 and "task=claimable" in item.url
    client.force_login(p.leader)
    assert client.get(item.url).context["page"].total == 1
    assert client.get(reverse("proposals:claims")).context["page"].total == 2
