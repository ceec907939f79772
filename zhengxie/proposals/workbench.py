"""Proposals' pending items on the home page: for proposal staff, the proposals waiting at each
review stage (初审, 复审…); for members, joint proposals to co-sign, proposals returned for
revision and replies to rate — `Task`s whose rows 我的提案 lists when opened with `?task=`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .config import settings_for
from .models import AssistRequest, ClaimWindow, CoSigner, ProofRound, Proposal, Rating, SuggestedTopic
from .permissions import member_ids
from .selectors import claimable, my_proposals, proof_rows

P = Proposal.State
IN_REVIEW = (P.SUBMITTED, P.REVIEWING)


def _to_cosign(user: Any, committee_id: int) -> QuerySet[Proposal]:
    asked = CoSigner.objects.filter(member__person__user_id=user.pk, answer=CoSigner.Answer.PENDING)
    return my_proposals(user, committee_id).filter(state=P.COSIGNING, pk__in=asked.values("proposal_id"))


def _returned(user: Any, committee_id: int) -> QuerySet[Proposal]:
    return my_proposals(user, committee_id).filter(state=P.RETURNED, created_by_id=user.pk)


def _to_rate(user: Any, committee_id: int) -> QuerySet[Proposal]:
    """Replied proposals in their rating period that this member rates (first proposer, convener
    of a collective one, or a co-signer who agreed) and has not rated in the current round."""
    ids = member_ids(user)
    agreed = CoSigner.objects.filter(member_id__in=ids, answer=CoSigner.Answer.AGREED)
    rated = Rating.objects.filter(proposal_id=OuterRef("pk"), round=OuterRef("round"), member_id__in=ids)
    return (
        Proposal.objects.filter(
            committee_id=committee_id, state=P.REPLIED, rating_until__gte=timezone.localdate()
        )
        .filter(
            Q(proposer_id__in=ids)
            | Q(proposer__isnull=True, convener_id__in=ids)
            | Q(pk__in=agreed.values("proposal_id"))
        )
        .exclude(Exists(rated))
    )


def _to_confirm_proof(user: Any, committee_id: int) -> QuerySet[Proposal]:
    """Filed proposals whose latest proofreading round waits for this proposer (first proposer
    or a collective's convener)."""
    ids = member_ids(user)
    waiting = ProofRound.objects.filter(committee_id=committee_id, state=ProofRound.State.PENDING)
    return Proposal.objects.filter(committee_id=committee_id, pk__in=waiting.values("proposal_id")).filter(
        Q(proposer_id__in=ids) | Q(proposer__isnull=True, convener_id__in=ids)
    )


MEMBER_TASKS = TaskList(
    Task("to_cosign", "待确认的联名提案", "proposals:mine", _to_cosign),
    Task("returned", "退回修改的提案", "proposals:mine", _returned, urgent=True),
    Task("to_rate", "待评价办理情况的提案", "proposals:mine", _to_rate),
    Task("to_confirm_proof", "待确认校对稿的提案", "proposals:mine", _to_confirm_proof),
)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    result: list[PendingItem] = []
    if Role.MEMBER in roles:
        result += MEMBER_TASKS.pending(
            user, committee_id, ["to_cosign", "returned", "to_rate", "to_confirm_proof"]
        )
    if Role.PROPOSAL_STAFF in roles:
        result += _review_items(committee_id)
        result += _proof_items(committee_id)
        result += _assist_items(committee_id)
        result += _topic_items(committee_id)
    if Role.LEADER in roles:
        result += _claim_items(user, committee_id)
    return result


def _claim_items(user: Any, committee_id: int) -> list[PendingItem]:
    """For a leader, while the year's claim window is open: the key proposals still to claim."""
    today = timezone.localdate()
    window = ClaimWindow.objects.filter(
        committee_id=committee_id, year=today.year, opens_on__lte=today, closes_on__gte=today
    ).first()
    if window is None:
        return []
    n = claimable(user, window).count()
    if not n:
        return []
    return [
        PendingItem(
            "可认领督办的重点提案", n, reverse("proposals:claims") + f"?year={window.year}&task=claimable"
        )
    ]


def _proof_items(committee_id: int) -> list[PendingItem]:
    """Filed proposals still to proofread, and those whose proposer commented on a round."""
    url = reverse("proposals:proof_list")
    result: list[PendingItem] = []
    for show, label, urgent in (
        ("commented", "提案者对校对稿有意见的提案", True),
        ("to_proof", "待校对的提案", False),
    ):
        n = proof_rows(committee_id, show).count()
        if n:
            result.append(PendingItem(label, n, f"{url}?show={show}", urgent=urgent))
    return result


def _review_items(committee_id: int) -> list[PendingItem]:
    stages = settings_for(committee_id).review_stages
    counts = dict(
        Proposal.objects.filter(committee_id=committee_id, state__in=IN_REVIEW)
        .values_list("review_stage")
        .annotate(n=Count("id"))
        .values_list("review_stage", "n")
    )
    queue = reverse("proposals:queue")
    result: list[PendingItem] = []
    for index, name in enumerate(stages):
        # A committee that dropped a stage keeps its proposals visible under the last one.
        n = counts.get(index, 0) + (
            sum(v for k, v in counts.items() if k >= len(stages)) if index == len(stages) - 1 else 0
        )
        if n:
            result.append(PendingItem(f"待{name}的提案", n, f"{queue}?stage={index}"))
    return result


def _assist_items(committee_id: int) -> list[PendingItem]:
    """Members' proposals for an upper level's session waiting for the office's comments."""
    n = AssistRequest.objects.filter(committee_id=committee_id, state=AssistRequest.State.SUBMITTED).count()
    if not n:
        return []
    return [PendingItem("待协助审查修改的提案", n, reverse("proposals:assist_office"))]


def _topic_items(committee_id: int) -> list[PendingItem]:
    """Topics suggested by leaders or entered for the public, waiting for the office to publish."""
    year = timezone.localdate().year
    n = SuggestedTopic.objects.filter(
        committee_id=committee_id, year=year, state=SuggestedTopic.State.DRAFT
    ).count()
    if not n:
        return []
    return [PendingItem("待发布的提案选题", n, reverse("proposals:topics") + f"?year={year}&show=draft")]
