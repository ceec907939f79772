"""Keeping a proposal's supervision items in step with its handling (domain.md §1.10, §5).

Supervision cannot import proposals, so the proposal services call these at each step, inside
their own transaction, and the supervision services they call are the `*_from_source` ones:

- an approved extension moves the key item's due date (as an extension, so supervision still
  counts lateness against the original date) and that of the unit's open 催办 item;
- an accepted objection hands the key item to the replacement lead unit, which signs for it
  again, or swaps the replaced co-unit for the new one, and settles the old unit's 催办 item;
- the daily job opens a 催办 item (source 提案办理催办) for each replying unit that is late, issued
  to the unit at once, so the lateness shows in supervision's warnings;
- an approved reply settles the unit's 催办 item, and a key proposal's approved replies become its
  item's completion report for the office to verify (the daily job does it for an item the
  leader approved only after the reply);
- an accepted 回头看 item comes back (settings.SUPERVISION_DONE_RECEIVERS): the proposal records
  the result and its proposers are told.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict
from zhengxie.notices.services import notify
from zhengxie.supervision.config import source_named
from zhengxie.supervision.models import Item
from zhengxie.supervision.selectors import items_for_model, items_for_source
from zhengxie.supervision.services.from_source import (
    LIVE_STATES,
    item_co_unit_replace_from_source,
    item_extend_from_source,
    item_issue_for_source,
    item_reassign_from_source,
    item_report_from_source,
    item_settle_from_source,
)
from zhengxie.supervision.services.items import ItemData

from ..models import Assignment, Proposal, Reply
from ..selectors import latest_approved_replies
from .followup import FOLLOWUP_CATEGORY, KEY_SOURCE, proposers

URGE_SOURCE = URGE_CATEGORY = "提案办理催办"
A = Assignment.State
REPLYING_ROLES = (Assignment.Role.LEAD, Assignment.Role.SPLIT)
# A share still owed: not replied, not handed to another unit.
OWED_STATES = (A.PENDING, A.OBJECTING, A.HANDLING)


def _live(proposal: Proposal, category: str) -> QuerySet[Item]:
    return items_for_source(proposal).filter(category=category, state__in=LIVE_STATES).order_by("id")


def _open_urges(proposal: Proposal, unit_id: int) -> list[Item]:
    return list(
        items_for_source(proposal).filter(
            category=URGE_CATEGORY, lead_unit_id=unit_id, state__in=Item.OPEN_STATES
        )
    )


# --- extensions and reassignment ----------------------------------------------------------------


def follow_extension(*, assignment: Assignment, by: Any, reason: str) -> None:
    """An extension of `assignment` was approved (its and the proposal's due dates are already
    moved): the key item follows the proposal's date, the unit's 催办 item the unit's date."""
    proposal = assignment.proposal
    note = f"提案延期：{assignment.unit.name}答复期限延至{assignment.due_on:%Y年%m月%d日}。{reason}"[:2000]
    if proposal.is_key and proposal.due_on is not None:
        for item in _live(proposal, KEY_SOURCE):
            item_extend_from_source(item=item, by=by, new_due_on=proposal.due_on, reason=note)
    for item in _open_urges(proposal, assignment.unit_id):
        item_extend_from_source(item=item, by=by, new_due_on=assignment.due_on, reason=note)


def follow_reassignment(*, old: Assignment, new: Assignment, by: Any) -> None:
    """An objection was accepted and `new` replaces `old`: the key item goes to the new unit
    with the new unit's due date if the old unit led it, or lists the new unit among its
    co-units in place of the old; the old unit's 催办 item is settled."""
    proposal = old.proposal
    for item in _open_urges(proposal, old.unit_id):
        item_settle_from_source(item=item, by=by, note=f"已改办，由{new.unit.name}办理")
    if not proposal.is_key:
        return
    note = f"提案改办：由{old.unit.name}改由{new.unit.name}办理"
    for item in _live(proposal, KEY_SOURCE):
        if item.lead_unit_id == old.unit_id and old.role in REPLYING_ROLES:
            item_reassign_from_source(item=item, by=by, lead_unit=new.unit, due_on=new.due_on, note=note)
        else:
            # A 会办 unit, or a 分办 unit other than the item's lead, is one of its co-units.
            item_co_unit_replace_from_source(
                item=item, by=by, old_unit=old.unit, new_unit=new.unit, note=note
            )


# --- 催办 items for late handling -----------------------------------------------------------------


def overdue_assignments(today: date) -> QuerySet[Assignment]:
    """Replying shares past their due date and still owed, not yet chased for that due date,
    leaving out those whose reply waits for the office's review (the unit has done its part)."""
    awaiting_review = Reply.objects.filter(
        assignment_id=OuterRef("pk"), round=OuterRef("proposal__round"), state=Reply.State.REVIEWING
    )
    return (
        Assignment.objects.filter(
            role__in=REPLYING_ROLES,
            state__in=OWED_STATES,
            due_on__lt=today,
            proposal__state__in=Proposal.HANDLING_STATES,
        )
        .exclude(urged_due_on=F("due_on"))
        .filter(~Exists(awaiting_review))
    )


def _covered_by_key_item(proposal: Proposal, unit_id: int) -> bool:
    """A key proposal's issued item led by the same unit already shows its lateness in red."""
    return (
        proposal.is_key
        and items_for_source(proposal)
        .filter(category=KEY_SOURCE, lead_unit_id=unit_id, state__in=Item.OPEN_STATES)
        .exists()
    )


def urge_item_open(*, assignment: Assignment, today: date) -> Item | None:
    """Open the 催办 item for one late share, issued to its unit at once (by the job: no user).
    The share is claimed first with a conditional UPDATE of `urged_due_on`, in the item's
    transaction, so a rerun or a second worker opens nothing twice; None when there was
    nothing to open."""
    proposal = assignment.proposal
    if _covered_by_key_item(proposal, assignment.unit_id):
        return None
    # No savepoint of its own (a job opens thousands, a batch per transaction): the claim is kept
    # even when nothing is opened, and any failure fails the caller's transaction as a whole.
    with transaction.atomic(savepoint=False):
        claimed = (
            Assignment.objects.filter(
                pk=assignment.pk, state__in=OWED_STATES, due_on=assignment.due_on, due_on__lt=today
            )
            .exclude(urged_due_on=assignment.due_on)
            .update(urged_due_on=assignment.due_on)
        )
        if claimed != 1 or _open_urges(proposal, assignment.unit_id):
            return None
        data = ItemData(
            title=f"提案办理催办：{proposal.title}"[:200],
            source=source_named(proposal.committee_id, URGE_SOURCE),
            due_on=assignment.due_on,
            lead_unit=assignment.unit,
            content=(
                f"第{proposal.number}号提案（{proposal.proposer_name}）由贵单位"
                f"{assignment.get_role_display()}，答复期限{assignment.due_on:%Y年%m月%d日}已过，尚未答复。"
            ),
            requirement="请尽快办理并提交答复；提案答复经提案委审核通过后，本事项自动办结，无需另报办结报告。",
            category=URGE_CATEGORY,
        )
        return item_issue_for_source(
            committee_id=proposal.committee_id,
            by=None,
            data=data,
            link=proposal,
            link_label=f"提案 {proposal.number}",
            link_url=reverse("proposals:detail", args=[proposal.pk]),
        )


def urge_item_settle(*, assignment: Assignment, by: Any, note: str) -> int:
    """The unit's share is answered: its open 催办 items are done. Returns how many."""
    items = _open_urges(assignment.proposal, assignment.unit_id)
    for item in items:
        item_settle_from_source(item=item, by=by, note=note)
    return len(items)


# --- the reply and the 回头看 result ---------------------------------------------------------------


REPORTABLE = (Item.State.ISSUED, Item.State.IN_PROGRESS)


def _report_text(approved: Sequence[Reply]) -> str:
    return "\n\n".join(
        f"{r.assignment.unit.name}答复（{r.final_category}类，第{r.round}轮）：\n{r.text}" for r in approved
    )


def key_item_report(*, proposal: Proposal, approved: Sequence[Reply], by: Any) -> Item | None:
    """A key proposal is replied: its issued item gets the approved replies as the completion
    report and waits for the supervision office's verification. An item the leader has not yet
    approved is reported by the daily job once it is issued (`key_items_to_report`)."""
    if not proposal.is_key:
        return None
    item = _live(proposal, KEY_SOURCE).filter(state__in=REPORTABLE).first()
    if item is None:
        return None
    return item_report_from_source(item=item, by=by, text=_report_text(approved))


def key_items_to_report() -> QuerySet[Item]:
    """Key items issued only after their proposal was replied (the leader approved the item
    late): the unit has nothing left to report, the replies are the report."""
    replied = Proposal.objects.filter(is_key=True, state__in=(Proposal.State.REPLIED, Proposal.State.CLOSED))
    return items_for_model(Proposal).filter(
        category=KEY_SOURCE, state__in=REPORTABLE, link_id__in=replied.values("pk")
    )


def key_item_report_late(*, item: Item) -> Item | None:
    """Report one item of `key_items_to_report` (by the job: no user). None when another worker
    reported it first, or the replies are gone (nothing approved to report)."""
    assert item.link_id is not None
    proposal = Proposal.objects.get(pk=item.link_id)
    replying = proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(state=A.WITHDRAWN)
    approved = latest_approved_replies(replying)
    if not approved:
        return None
    try:
        return item_report_from_source(item=item, by=None, text=_report_text(approved))
    except Conflict:
        return None


def followup_item_accepted(*, item: Item, by: Any) -> None:
    """SUPERVISION_DONE_RECEIVERS["proposals.proposal"]: the office accepted an item following up
    a proposal. For a 回头看 item the proposal keeps the result (the completion report and the
    date) and its proposers are told; other items (key, 催办) need nothing more."""
    if item.category != FOLLOWUP_CATEGORY:
        return
    assert item.link_id is not None  # supervision calls receivers for linked items only
    proposal = Proposal.objects.get(pk=item.link_id)
    on = timezone.localdate()
    Proposal.objects.filter(pk=proposal.pk).update(followup_result=item.completion_text, followup_on=on)
    record(
        action="proposals.followup.recorded",
        obj=proposal,
        by=by,
        data={"item": item.pk, "on": on},
    )

    def tell() -> None:
        for member, _ in proposers(proposal):
            user = member.person.user
            if user is None:
                continue
            notify(
                recipient=user,
                key=f"proposals.followup.{proposal.pk}.{item.pk}",
                title=f"提案回头看结果：{proposal.title}"[:200],
                body=f"第{proposal.number}号提案答复的落实情况已经核实：{item.completion_text}"[:1000],
                url=reverse("proposals:detail", args=[proposal.pk]),
                committee_id=proposal.committee_id,
            )

    transaction.on_commit(tell)
