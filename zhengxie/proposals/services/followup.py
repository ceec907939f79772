"""What proposals hand to the supervision engine and the duty ledger.

- A key proposal (重点提案) gets a supervision item led by its supervising leader once its lead
  unit is known (domain.md §1.10).
- A B-class reply (列入计划/正在解决) opens a follow-up item (回头看) due `followup_months` after
  the reply (domain.md §1.12); so does the reply of every key proposal, whatever its category
  (seed 004: 重点提案 are all looked back at), led by its lead unit under its supervising leader.
- Points for proposers go to the duty ledger (rules P01–P07 of duty/defaults.py).

Each call is safe to repeat: an open item for the same proposal and source is reused, and
`record_points` is idempotent per member, rule and source.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone

from zhengxie.duty.services import record_points
from zhengxie.lib.workdays import add_months
from zhengxie.org.models import Member
from zhengxie.supervision.config import source_named
from zhengxie.supervision.models import Item
from zhengxie.supervision.selectors import items_for_source
from zhengxie.supervision.services.items import ItemData, item_register

from ..config import settings_for
from ..models import Assignment, CoSigner, Proposal, Reply

KEY_SOURCE = "重点提案"
FOLLOWUP_SOURCE = FOLLOWUP_CATEGORY = "提案回头看"


def _lead(proposal: Proposal) -> Assignment | None:
    return (
        proposal.assignments.filter(role__in=(Assignment.Role.LEAD, Assignment.Role.SPLIT))
        .exclude(state=Assignment.State.WITHDRAWN)
        .select_related("unit")
        .order_by("id")
        .first()
    )


def _existing(proposal: Proposal, category: str) -> Item | None:
    return items_for_source(proposal).filter(category=category).exclude(state=Item.State.CANCELLED).first()


def key_item_open(*, proposal: Proposal, by: Any) -> Item | None:
    """Open the key proposal's supervision item (once it is key, has a leader and a lead unit)."""
    if not proposal.is_key or proposal.key_leader_id is None or proposal.due_on is None:
        return None
    lead = _lead(proposal)
    if lead is None:
        return None
    existing = _existing(proposal, KEY_SOURCE)
    if existing is not None:
        return existing
    data = ItemData(
        title=f"重点提案督办：{proposal.title}"[:200],
        source=source_named(proposal.committee_id, KEY_SOURCE),
        due_on=proposal.due_on,
        lead_unit=lead.unit,
        co_units=[
            a.unit for a in proposal.assignments.exclude(pk=lead.pk).exclude(state=Assignment.State.WITHDRAWN)
        ],
        content=f"第{proposal.number}号提案（{proposal.proposer_name}）列为重点提案，由领导领衔督办。",
        requirement="按期办理答复，办前与提案者当面协商，办理情况及时报送。",
        category=KEY_SOURCE,
        supervising_leader=proposal.key_leader,
    )
    return item_register(
        committee_id=proposal.committee_id,
        by=by,
        data=data,
        link=proposal,
        link_label=f"提案 {proposal.number}",
        link_url=reverse("proposals:detail", args=[proposal.pk]),
    )


def followup_item_open(*, reply: Reply, by: Any) -> Item | None:
    """Open the follow-up (回头看) item for an approved B-class reply, or for the replied key
    proposal (one item per proposal: the first reply that qualifies opens it)."""
    proposal = reply.proposal
    if reply.final_category != "B" and not proposal.is_key:
        return None
    if _existing(proposal, FOLLOWUP_CATEGORY) is not None:
        return None
    rules = settings_for(proposal.committee_id)
    replied_on = timezone.localdate(reply.approved_at or reply.written_at)
    if proposal.is_key:
        lead = _lead(proposal) or reply.assignment
        others = proposal.assignments.exclude(pk=lead.pk).exclude(state=Assignment.State.WITHDRAWN)
        data = ItemData(
            title=f"重点提案办理落实情况回头看：{proposal.title}"[:200],
            source=source_named(proposal.committee_id, FOLLOWUP_SOURCE),
            due_on=add_months(replied_on, rules.followup_months),
            lead_unit=lead.unit,
            co_units=[a.unit for a in others.select_related("unit")],
            content=f"第{proposal.number}号重点提案已答复，请报告答复中承诺事项的落实情况。",
            requirement="填报重点提案办理落实情况，说明已落实、正在落实和未落实的事项及原因。",
            category=FOLLOWUP_CATEGORY,
            supervising_leader=proposal.key_leader,
        )
    else:
        data = ItemData(
            title=f"B类答复落实情况回头看：{proposal.title}"[:200],
            source=source_named(proposal.committee_id, FOLLOWUP_SOURCE),
            due_on=add_months(replied_on, rules.followup_months),
            lead_unit=reply.assignment.unit,
            content=f"第{proposal.number}号提案答复为B类（列入计划或正在解决），请报告承诺事项的落实情况。",
            requirement="填报B类答复件办理落实情况，说明已落实、正在落实和未落实的事项。",
            category=FOLLOWUP_CATEGORY,
        )
    return item_register(
        committee_id=proposal.committee_id,
        by=by,
        data=data,
        link=proposal,
        link_label=f"提案 {proposal.number}",
        link_url=reverse("proposals:detail", args=[proposal.pk]),
    )


def proposers(proposal: Proposal) -> list[tuple[Member, bool]]:
    """The members credited with a proposal: (member, is_first). Co-signers count once they
    agreed; merged proposals' proposers are credited on the primary."""
    credited: list[tuple[Member, bool]] = []
    seen: set[int] = set()
    if proposal.proposer is not None:
        credited.append((proposal.proposer, True))
        seen.add(proposal.proposer_id)  # type: ignore[arg-type]
    agreed = CoSigner.objects.filter(proposal=proposal, answer=CoSigner.Answer.AGREED).select_related(
        "member"
    )
    for c in agreed:
        if c.member_id not in seen:
            credited.append((c.member, False))
            seen.add(c.member_id)
    # A merged (并案) proposal counts for its own proposers as filed with the primary: its first
    # proposer as a first proposer, its co-signers as co-signers.
    for secondary in Proposal.objects.filter(merged_into=proposal).select_related("proposer").order_by("id"):
        for member, first in proposers(secondary):
            if member.pk not in seen:
                credited.append((member, first))
                seen.add(member.pk)
    return credited


def award(
    *, proposal: Proposal, code: str, by: Any, source: models.Model | None = None, variants: bool = False
) -> int:
    """Give every credited proposer the points of rule `code` for `proposal`. `variants` picks
    the rule's 第一提案人/联名人 variant. Returns how many members were scored."""
    credited = proposers(proposal)
    for member, first in credited:
        if code == "P01" and not first:
            rule_code = "P02"
        elif code == "P01" and proposal.is_collective:
            rule_code = "P03"
        else:
            rule_code = code
        record_points(
            member=member,
            code=rule_code,
            source=source or proposal,
            by=by,
            year=proposal.year,
            variant=("第一提案人" if first else "联名人") if variants else "",
            note=f"提案：{proposal.title}"[:200],
        )
    return len(credited)
