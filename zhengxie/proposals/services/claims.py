"""Leaders claim key proposals to supervise (认领, seed 004: 重点提案推送给领导班子成员督办，班子成员
“认领”督办任务). The proposal office opens a window for a year and offers key proposals without a
leader; within the window each leader of the committee claims the ones he or she will supervise.
One leader per proposal unless the committee's window allows more; the first claim makes the
leader the proposal's supervising leader (领衔督办), which opens its supervision item.

The claim locks the proposal row and counts its claims inside the transaction, and the unique
(proposal, leader) constraint stops a double click: two leaders claiming the last place at the
same moment cannot both get it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from ..models import ClaimWindow, KeyClaim, Proposal
from ..workflow import LABELS
from . import followup
from .review import KEY_STATES, _note, _require_staff

MAX_PER_PROPOSAL = 9


def window_for(committee_id: int, year: int) -> ClaimWindow | None:
    return ClaimWindow.objects.filter(committee_id=committee_id, year=year).first()


def is_open(window: ClaimWindow | None, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return window is not None and window.opens_on <= today <= window.closes_on


def claim_window_set(
    *, committee_id: int, by: Any, year: int, opens_on: date, closes_on: date, leaders_per_proposal: int = 1
) -> ClaimWindow:
    """Open (or change) the year's claim window; the committee's leaders are told."""
    if Role.PROPOSAL_STAFF not in roles_in(by, committee_id):
        raise NotAllowed("只有本政协提案工作人员可以安排重点提案认领")
    if closes_on < opens_on:
        raise DomainError("认领截止日期不能早于开始日期")
    if closes_on < timezone.localdate():
        raise DomainError("认领截止日期已过，请重新选择")
    if not 1 <= leaders_per_proposal <= MAX_PER_PROPOSAL:
        raise DomainError(f"每件提案可由1至{MAX_PER_PROPOSAL}位领导认领")
    with transaction.atomic():
        window, _ = ClaimWindow.objects.update_or_create(
            committee_id=committee_id,
            year=year,
            defaults={
                "opens_on": opens_on,
                "closes_on": closes_on,
                "leaders_per_proposal": leaders_per_proposal,
                "by": by,
            },
        )
        record(
            action="proposals.claims.window_set",
            obj=window,
            by=by,
            data={"year": year, "opens_on": opens_on, "closes_on": closes_on, "per": leaders_per_proposal},
        )
    leader_ids = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values_list(
        "user_id", flat=True
    )

    def tell() -> None:
        for user in get_user_model().objects.filter(pk__in=list(leader_ids)):
            notify(
                recipient=user,
                key=f"proposals.claims.{window.pk}.{opens_on}.{closes_on}",
                title=f"{year}年重点提案领导认领",
                body=f"请于{opens_on:%Y年%m月%d日}至{closes_on:%Y年%m月%d日}认领督办的重点提案。",
                url=reverse("proposals:claims"),
                committee_id=committee_id,
            )

    transaction.on_commit(tell)
    return window


def key_offer(*, proposal: Proposal, by: Any) -> Proposal:
    """The office makes a filed proposal a key proposal for the leaders to claim (no leader yet)."""
    _require_staff(by, proposal)
    if proposal.state not in KEY_STATES:
        raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，只有已立案、办理中的提案可以列为重点提案")
    if proposal.is_key:
        raise DomainError("该提案已是重点提案")
    with transaction.atomic():
        updated = Proposal.objects.filter(
            pk=proposal.pk, version=proposal.version, state=proposal.state, is_key=False
        ).update(is_key=True, version=F("version") + 1)
        if updated != 1:
            raise Conflict()
        proposal.is_key = True
        proposal.version += 1
        record(action="proposals.proposal.key_offered", obj=proposal, by=by, data={})
        _note(proposal, by, "重点提案遴选", "列为重点提案", "待领导认领督办。")
        transaction.on_commit(lambda: followup.award(proposal=proposal, code="P05", by=by, variants=True))
    return proposal


def key_claim(*, proposal: Proposal, by: Any) -> KeyClaim:
    """A leader claims a key proposal within the year's window."""
    if Role.LEADER not in roles_in(by, proposal.committee_id):
        raise NotAllowed("只有本政协领导可以认领督办重点提案")
    if not proposal.is_key:
        raise DomainError("只能认领重点提案")
    if proposal.state not in KEY_STATES:
        raise DomainError(f"当前状态为“{LABELS[proposal.state]}”，不能再认领")
    window = window_for(proposal.committee_id, proposal.year)
    if window is None:
        raise DomainError(f"{proposal.year}年的重点提案认领尚未开始")
    today = timezone.localdate()
    if today < window.opens_on:
        raise DomainError(f"重点提案认领于{window.opens_on:%Y年%m月%d日}开始")
    if today > window.closes_on:
        raise DomainError(f"重点提案认领已于{window.closes_on:%Y年%m月%d日}截止")
    try:
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            # A leader the office named (key_select) holds a place as well as those who claimed.
            holders: dict[int, Any] = {
                c.leader_id: c.leader
                for c in KeyClaim.objects.filter(proposal=locked).select_related("leader")
            }
            if locked.key_leader is not None and locked.key_leader.pk not in holders:
                holders[locked.key_leader.pk] = locked.key_leader
            if by.pk in holders:
                raise DomainError("您已认领该提案")
            if len(holders) >= window.leaders_per_proposal:
                names = "、".join(u.display_name for u in holders.values())
                raise DomainError(f"该提案已由{names}认领督办")
            claim = KeyClaim.objects.create(committee_id=locked.committee_id, proposal=locked, leader=by)
            first = locked.key_leader_id is None
            if first:
                Proposal.objects.filter(pk=locked.pk, key_leader__isnull=True).update(
                    key_leader=by, version=F("version") + 1
                )
                locked.key_leader = by
            record(action="proposals.proposal.key_claimed", obj=locked, by=by, data={"leader_set": first})
            if first:
                transaction.on_commit(lambda: followup.key_item_open(proposal=locked, by=by))
    except IntegrityError:
        raise DomainError("您已认领该提案") from None
    proposal.key_leader = locked.key_leader
    return claim
