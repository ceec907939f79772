"""Who sees and does what with proposals.

- Proposal staff (提案委/提案办) and the committee's leaders see every proposal of their committee
  once it is submitted; drafts belong to their authors.
- A member sees the proposals he or she wrote, co-signs (or is asked to) or convenes.
- A handling unit's clerks and leader see the proposals assigned to their unit, from assignment on.
Outside that, a proposal does not exist for the user (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhengxie.org.models import Member
from zhengxie.org.roles import UNIT_ROLES, Role
from zhengxie.org.scope import assignments, get_for_user, roles_in, unit_ids
from zhengxie.supervision.selectors import followed_up_ids

from .models import (
    Assignment,
    AssistRequest,
    CoSigner,
    Destination,
    InspectionVisit,
    NotFiledDestination,
    Proposal,
    SuggestedTopic,
)
from .workflow import CO_UNIT, PROPOSER, UNIT

OFFICE_ROLES = frozenset({Role.PROPOSAL_STAFF, Role.LEADER})
P = Proposal.State
PRIVATE_STATES = (P.DRAFT, P.COSIGNING)


def member_ids(user: Any) -> list[int]:
    """The user's memberships (one per committee), loaded once per user object. Matching on
    member ids keeps the visibility filter on the proposals' own indexed columns instead of
    joining through people for every proposal of the committee."""
    cached: list[int] | None = getattr(user, "_zx_member_ids", None)
    if cached is None:
        cached = list(Member.objects.filter(person__user_id=user.pk).values_list("pk", flat=True))
        user._zx_member_ids = cached
    return cached


def _member_q(user: Any) -> Q:
    ids = member_ids(user)
    mine = Q(created_by_id=user.pk) | Q(proposer_id__in=ids) | Q(convener_id__in=ids)
    cosigned = Q(pk__in=CoSigner.objects.filter(member_id__in=ids).values("proposal_id")) & ~Q(state=P.DRAFT)
    # A merged proposal stays readable and linked both ways: its proposers read the primary they
    # are credited on, and the primary's proposers read what was merged into it. Each of the two
    # kinds of one's own proposals gets its own subquery: one subquery over `mine | cosigned`
    # cannot use an index for the OR with the co-signers' subquery, and PostgreSQL then reads the
    # whole table for it (0.9 s at province scale).
    merged = Q()
    for own in (mine, cosigned):
        merged |= Q(pk__in=Proposal.objects.filter(own).exclude(merged_into=None).values("merged_into_id"))
        merged |= Q(merged_into_id__in=Proposal.objects.filter(own).values("pk"))
    return mine | cosigned | merged


def office_q(committee_ids: Any) -> Q:
    """What the proposal office and leaders of these committees see: every proposal once it is
    submitted. Drafts and proposals still awaiting co-signers are their authors' alone. Every
    page, statistic and export of the office starts from this rule."""
    return Q(committee_id__in=committee_ids) & ~Q(state__in=PRIVATE_STATES)


def office_proposals(committee_id: int) -> QuerySet[Proposal]:
    """The proposals of one committee that its office reads (the lists, statistics and exports)."""
    return Proposal.objects.filter(office_q([committee_id]))


def _reach(user: Any) -> Q | None:
    """The filter of what the user sees."""
    held = assignments(user)
    office = {c for c, r, _ in held if r in OFFICE_ROLES}
    members = {c for c, r, _ in held if r == Role.MEMBER}
    units = {u for _, r, u in held if r in UNIT_ROLES and u is not None}
    parts: list[Q] = []
    if office:
        parts.append(office_q(office))
    if members:
        parts.append(Q(committee_id__in=members) & _member_q(user))
    info = {c for c, r, _ in held if r == Role.INFO_STAFF}
    if info:
        # The information centre reads the proposals handed to it as public-opinion information.
        # That is the default destination 转社情民意 or any of the committee's own destinations
        # marked as handing the proposal to 社情民意.
        handed = Q(destination=Destination.OPINION) | Q(
            destination__in=NotFiledDestination.objects.filter(committee_id__in=info, to_opinion=True).values(
                "code"
            )
        )
        parts.append(Q(committee_id__in=info, state=P.NOT_FILED) & handed)
    if any(r == Role.SUPERVISION_STAFF for _, r, _ in held):
        # The supervision office reads the proposals its items follow up (key proposals, 回头看).
        parts.append(Q(pk__in=followed_up_ids(user, Proposal)))
    if units:
        parts.append(
            Q(
                pk__in=Assignment.objects.filter(unit_id__in=units)
                .exclude(state=Assignment.State.WITHDRAWN)
                .values("proposal_id")
            )
        )
    if not parts:
        return None
    reach = parts[0]
    for part in parts[1:]:
        reach |= part
    return reach


def proposals_visible(user: Any, qs: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Every proposal the user may open, in any of his or her committees."""
    qs = Proposal.objects.all() if qs is None else qs
    reach = _reach(user)
    if reach is None:
        return qs.none()
    return qs.filter(reach)


def get_proposal_for_user(user: Any, pk: Any, qs: QuerySet[Proposal] | None = None) -> Proposal:
    base = proposals_visible(user, Proposal.objects.all() if qs is None else qs)
    return get_for_user(base, user, pk)  # type: ignore[arg-type]


def get_assignment_for_unit(user: Any, pk: Any) -> Assignment:
    """An assignment of one of the user's units (or any, for the committee's proposal staff)."""
    held = assignments(user)
    units = {u for _, r, u in held if r in UNIT_ROLES and u is not None}
    office = {c for c, r, _ in held if r == Role.PROPOSAL_STAFF}
    qs = Assignment.objects.filter(Q(unit_id__in=units) | Q(committee_id__in=office)).select_related(
        "proposal", "unit"
    )
    return get_for_user(qs, user, pk)


def is_staff(user: Any, committee_id: int) -> bool:
    return Role.PROPOSAL_STAFF in roles_in(user, committee_id)


def is_office(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & OFFICE_ROLES)


def user_units(user: Any, committee_id: int) -> set[int]:
    return {u for c, r, u in assignments(user) if c == committee_id and r in UNIT_ROLES and u is not None}


def is_proposer(user: Any, proposal: Proposal) -> bool:
    """The author: the user who drafted it, the first proposer, or a collective's convener."""
    if proposal.created_by_id == user.pk:
        return True
    for member in (proposal.proposer, proposal.convener):
        if member is not None and member.person.user_id == user.pk:
            return True
    return False


def actor_roles(user: Any, proposal: Proposal, assignment: Assignment | None = None) -> set[str]:
    """The user's roles for this proposal (and one unit's assignment of it): committee roles plus
    the pseudo-roles of workflow.py."""
    roles = roles_in(user, proposal.committee_id)
    if Role.MEMBER in roles and is_proposer(user, proposal):
        roles = roles | {PROPOSER}
    elif Role.PROPOSAL_STAFF in roles and proposal.created_by_id == user.pk:
        # Staff who entered a proposal on its proposers' behalf (代录) act for them on it.
        roles = roles | {PROPOSER}
    if assignment is not None:
        mine = user_units(user, proposal.committee_id)
        if assignment.unit_id in mine:
            roles = roles | {UNIT}
        if any(
            a.unit_id in mine and a.role == Assignment.Role.CO and a.state != Assignment.State.WITHDRAWN
            for a in proposal.assignments.all()
        ):
            roles = roles | {CO_UNIT}
    return roles


# --- the record kinds around proposals (issue 22) --------------------------------------------------


def _office_committees(user: Any) -> set[int]:
    return {c for c, r, _ in assignments(user) if r in OFFICE_ROLES}


def assist_visible(user: Any) -> QuerySet[AssistRequest]:
    """协助审查修改 requests the user may read: his or her own, and the office's committees' ones."""
    return AssistRequest.objects.filter(
        Q(created_by_id=getattr(user, "pk", None)) | Q(committee_id__in=_office_committees(user))
    )


def visits_visible(user: Any) -> QuerySet[InspectionVisit]:
    """督导组 visits the user may read: the office's committees' ones and those to the user's units."""
    return InspectionVisit.objects.filter(
        Q(committee_id__in=_office_committees(user)) | Q(unit_id__in=unit_ids(user))
    )


def topics_visible(user: Any) -> QuerySet[SuggestedTopic]:
    """提案选题 the user may read: the office (leaders, proposal staff) every topic of its committee,
    members the published ones of theirs (the topic pages' rule)."""
    held = assignments(user)
    office = {c for c, r, _ in held if r in OFFICE_ROLES}
    members = {c for c, r, _ in held if r == Role.MEMBER} - office
    return SuggestedTopic.objects.filter(
        Q(committee_id__in=office) | Q(committee_id__in=members, state=SuggestedTopic.State.PUBLISHED)
    )
