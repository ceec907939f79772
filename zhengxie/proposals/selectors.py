"""Reads of the proposals app that are more than a `get`: the member's own lists, a proposal's
timeline, and the handling side — a unit's inbox by bucket (with the bucket counts in one query)
and the staff's queues of objections, extensions and replies to review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from zhengxie.audit.models import AuditEvent
from zhengxie.audit.selectors import actor_label
from zhengxie.lib.labels import action_label

from .config import settings_for
from .models import (
    Assignment,
    ClaimWindow,
    CoSigner,
    Extension,
    KeyClaim,
    Objection,
    ProofRound,
    Proposal,
    Rating,
    Reply,
)
from .permissions import member_ids, user_units

P = Proposal.State


def latest_approved_replies(assignments: Any) -> list[Reply]:
    """Each replying share's latest approved reply (a re-handling round's replaces the earlier
    one), in assignment order; a share with none approved is missing from the list."""
    latest: dict[int, Reply] = {}
    for reply in (
        Reply.objects.filter(assignment__in=assignments, state=Reply.State.APPROVED)
        .select_related("assignment__unit", "proposal")
        .order_by("assignment_id", "-round")
    ):
        latest.setdefault(reply.assignment_id, reply)
    return list(latest.values())


def my_proposals(user: Any, committee_id: int) -> QuerySet[Proposal]:
    """What a member wrote, co-signed (once asked) or convenes, newest first."""
    ids = member_ids(user)
    mine = (
        Q(created_by_id=user.pk)
        | Q(proposer_id__in=ids)
        | Q(convener_id__in=ids)
        | Q(pk__in=CoSigner.objects.filter(member_id__in=ids).values("proposal_id"))
    )
    return (
        Proposal.objects.filter(committee_id=committee_id)
        .filter(mine)
        .exclude(Q(state=P.DRAFT) & ~Q(created_by_id=user.pk))
        .select_related("session", "term")
    )


def cosign_invitations(user: Any, committee_id: int) -> QuerySet[CoSigner]:
    """Joint proposals waiting for this member's answer."""
    return CoSigner.objects.filter(
        committee_id=committee_id,
        member__person__user_id=user.pk,
        answer=CoSigner.Answer.PENDING,
        proposal__state=P.COSIGNING,
    ).select_related("proposal")


@dataclass
class TimelineEntry:
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


def timeline(proposal: Proposal) -> list[TimelineEntry]:
    """Every recorded step of the proposal and of its units' assignments and replies, oldest
    first, from the audit log (written in the same transaction as each change)."""
    assignment_ids = [str(pk) for pk in proposal.assignments.values_list("pk", flat=True)]
    reply_ids = [str(pk) for pk in proposal.replies.values_list("pk", flat=True)]
    events = (
        AuditEvent.objects.filter(
            Q(object_type="proposals.proposal", object_id=str(proposal.pk))
            | Q(object_type="proposals.assignment", object_id__in=assignment_ids)
            | Q(object_type="proposals.reply", object_id__in=reply_ids)
        )
        .select_related("actor")
        .order_by("id")
    )
    return [
        TimelineEntry(
            at=e.created_at,
            actor=actor_label(e),
            action=action_label(e.action),
            detail=e.data,
        )
        for e in events
    ]


# --- handling ------------------------------------------------------------------------------------

A = Assignment.State

# The unit's inbox buckets (待签收 / 办理中 / 已答复 / 已评价). An assignment with an objection
# under review stays in 待签收: the unit has not taken the work up for good yet.
UNIT_BUCKETS: dict[str, str] = {
    "to_sign": "待签收",
    "handling": "办理中",
    "replied": "已答复",
    "rated": "已评价",
}


def _rated() -> Exists:
    """The proposal is closed, or a proposer has rated its current round."""
    return Exists(
        Rating.objects.filter(proposal_id=OuterRef("proposal_id"), round=OuterRef("proposal__round"))
    )


def _bucket_q(bucket: str) -> Q:
    closed = Q(proposal__state=P.CLOSED) | Q(rated=True)
    return {
        "to_sign": Q(state__in=(A.PENDING, A.OBJECTING)),
        "handling": Q(state=A.HANDLING),
        "replied": Q(state=A.REPLIED) & ~closed,
        "rated": Q(state=A.REPLIED) & closed,
    }[bucket]


def _unit_assignments(user: Any, committee_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        committee_id=committee_id, unit_id__in=user_units(user, committee_id)
    ).annotate(rated=_rated())


def unit_inbox(user: Any, committee_id: int, bucket: str) -> QuerySet[Assignment]:
    """The assignments of the user's units in one bucket (paginate with keyset_page)."""
    return _unit_assignments(user, committee_id).filter(_bucket_q(bucket)).select_related("proposal", "unit")


def unit_bucket_counts(user: Any, committee_id: int) -> dict[str, int]:
    """Every bucket's count in one grouped query (a unit has a few hundred assignments a year)."""
    rows = (
        _unit_assignments(user, committee_id)
        .order_by()
        .values("state", "proposal__state", "rated")  # type: ignore[misc]  # an annotation
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys([*UNIT_BUCKETS, ""], 0)
    for row in rows:
        counts[_bucket_of(row["state"], row["proposal__state"], row["rated"])] += row["n"]
    counts.pop("", None)
    return counts


def _bucket_of(state: str, proposal_state: str, rated: bool) -> str:
    """The same split as _bucket_q, for one grouped row ("" for withdrawn assignments)."""
    if state in (A.PENDING, A.OBJECTING):
        return "to_sign"
    if state == A.HANDLING:
        return "handling"
    if state == A.REPLIED:
        return "rated" if rated or proposal_state == P.CLOSED else "replied"
    return ""


def filed_to_assign(committee_id: int) -> QuerySet[Proposal]:
    return Proposal.objects.filter(committee_id=committee_id, state=P.FILED).prefetch_related(
        "suggested_units"
    )


def lead_reply(proposal: Proposal) -> Reply | None:
    """The lead unit's reply of the current round, which the 会办 units read and co-sign."""
    return (
        Reply.objects.filter(proposal=proposal, round=proposal.round, assignment__role=Assignment.Role.LEAD)
        .exclude(assignment__state=A.WITHDRAWN)
        .select_related("assignment__unit", "document")
        .first()
    )


def pending_objections(committee_id: int) -> QuerySet[Objection]:
    return Objection.objects.filter(committee_id=committee_id, state=Objection.State.PENDING).select_related(
        "assignment__proposal", "assignment__unit", "requested_by"
    )


def pending_extensions(committee_id: int) -> QuerySet[Extension]:
    return Extension.objects.filter(committee_id=committee_id, state=Extension.State.PENDING).select_related(
        "assignment__proposal", "assignment__unit", "requested_by"
    )


def replies_to_review(committee_id: int) -> QuerySet[Reply]:
    return Reply.objects.filter(committee_id=committee_id, state=Reply.State.REVIEWING).select_related(
        "proposal", "assignment__unit"
    )


# The text is proofread (校对) once filed and before it is assigned: the units receive the final text.
PROOF_STATES = (P.FILED,)


def proof_rows(committee_id: int, show: str = "") -> QuerySet[Proposal]:
    """The committee's filed proposals (not yet assigned) with their rounds counted and the
    state of the latest round, narrowed to one of SHOWS."""
    rules = settings_for(committee_id)
    last = ProofRound.objects.filter(proposal_id=OuterRef("pk")).order_by("-number").values("state")[:1]
    qs = Proposal.objects.filter(committee_id=committee_id, state__in=PROOF_STATES).annotate(
        proof_done=Count("proof_rounds"), proof_last=Subquery(last)
    )
    # The latest round's state is NULL before the first round: `exclude(=pending)` would drop it.
    not_waiting = Q(proof_last__isnull=True) | ~Q(proof_last=ProofRound.State.PENDING)
    if show == "pending":
        qs = qs.filter(proof_last=ProofRound.State.PENDING)
    elif show == "commented":
        qs = qs.filter(proof_last=ProofRound.State.COMMENTED, proof_done__lt=rules.proof_rounds)
    elif show == "to_proof":
        qs = qs.filter(proof_done__lt=rules.proof_rounds).filter(not_waiting)
    elif show == "done":
        qs = qs.filter(proof_done__gte=rules.proof_rounds).filter(not_waiting)
    return qs


CLAIM_STATES = (P.FILED, P.ASSIGNED, P.REHANDLING)


def claimable(user: Any, window: ClaimWindow) -> QuerySet[Proposal]:
    """The window's key proposals this leader could still claim: not his or hers already, and
    with fewer holders than the window allows (a leader the office named holds a place too)."""
    named_unclaimed = ~Exists(
        KeyClaim.objects.filter(proposal_id=OuterRef("pk"), leader_id=OuterRef("key_leader_id"))
    )
    return (
        Proposal.objects.filter(
            committee_id=window.committee_id, year=window.year, is_key=True, state__in=CLAIM_STATES
        )
        .exclude(key_leader_id=user.pk)
        .exclude(Exists(KeyClaim.objects.filter(proposal_id=OuterRef("pk"), leader_id=user.pk)))
        .annotate(
            claim_n=Count("claims", distinct=True),
            claim_named=Case(
                When(Q(key_leader__isnull=False) & named_unclaimed, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .annotate(claim_holders=F("claim_n") + F("claim_named"))
        .filter(claim_holders__lt=window.leaders_per_proposal)
    )
