"""What the app whose record an item follows up does to the item when that record moves on.

Supervision never imports those apps (a proposal, an instruction…); they call these services so
that their items keep in step without the office re-entering anything:

- `item_issue_for_source`: register and issue at once an item the source's rules demand (a
  reminder for overdue handling needs no leader's decision);
- `item_extend_from_source`: the source granted more time — recorded as an approved extension,
  so `original_due_on` stays and lateness is still counted against it, as for the unit's own;
- `item_reassign_from_source`: the source gave the work to another unit — the new unit signs
  for the item again;
- `item_co_unit_replace_from_source`: the source replaced a co-operating unit — the item's
  co-units follow;
- `item_report_from_source`: the source's approved answer becomes the completion report, for
  the office to verify;
- `item_settle_from_source`: the source resolved what the item chases — the item is done,
  and the unit is not asked to report twice.

Each change of state is a row of the pseudo-role `system` in workflow.TABLE (taken with
`roles={SYSTEM}`), audited like any other; `by` is the user whose action moved the source, or
None for a job.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError
from zhengxie.lib.workflow import transition
from zhengxie.org.models import HandlingUnit

from .. import warnings
from ..models import Extension, Item
from ..workflow import LABELS, SYSTEM, TABLE
from . import announce
from .items import ItemData, item_register
from .schedule import first_report_on
from .tree import rollup_progress

S = Item.State
# Items still with someone: the source's changes reach them; done, struck off or cancelled
# items are history.
LIVE_STATES = (S.DRAFT, S.REGISTERED, *Item.OPEN_STATES)


def _move(
    item: Item, to: str, by: Any, *, data: dict[str, Any], fields: dict[str, Any] | None = None
) -> Item:
    transition(
        item,
        table=TABLE,
        to=to,
        by=by,
        roles={SYSTEM},
        data={"by_source": True, **data},
        fields=fields,
        state_labels=LABELS,
    )
    return item


def item_issue_for_source(
    *,
    committee_id: int,
    by: Any,
    data: ItemData,
    link: models.Model,
    link_label: str = "",
    link_url: str = "",
) -> Item:
    """Register, approve and issue an item in one transaction. Its due date may already be past:
    it chases work that is late, and the warning colour shows that at once."""
    # No savepoint of its own (a nightly job opens thousands): register validates before it
    # writes, and any later failure must fail the caller's transaction as a whole.
    with transaction.atomic(savepoint=False):
        item = item_register(
            committee_id=committee_id,
            by=by,
            data=data,
            link=link,
            link_label=link_label,
            link_url=link_url,
            past_due_ok=True,
        )
        _move(item, S.REGISTERED, by, data={})
        _move(
            item,
            S.ISSUED,
            by,
            data={},
            fields={
                "issued_at": timezone.now(),
                "next_report_on": first_report_on(item, timezone.localdate()),
            },
        )
        announce.tell_lead_unit(item)
        # Its colour (red when the chased work is already late) in the same transaction, so that
        # a job opening thousands of items writes each one once.
        warnings.refresh(items=[item])
    return item


def item_extend_from_source(*, item: Item, by: Any, new_due_on: date, reason: str) -> Item:
    """The source granted a later date (an approved extension of the proposal's handling, say).
    Kept as an approved Extension row, like one the unit asked for, so the item's history and
    the bulletins' lateness against `original_due_on` read the same. An earlier or equal date
    changes nothing. `by` is the user who granted it (the extension row names him or her)."""
    if item.state not in LIVE_STATES:
        raise DomainError(f"事项当前为“{item.get_state_display()}”，不能再延期")
    if new_due_on <= item.due_on:
        return item
    now = timezone.now()
    with transaction.atomic():
        extension = Extension.objects.create(
            committee_id=item.committee_id,
            item=item,
            reason=reason.strip(),
            progress_text="",
            old_due_on=item.due_on,
            new_due_on=new_due_on,
            state=Extension.State.APPROVED,
            requested_by=by,
            decided_by=by,
            decided_at=now,
            decision_note="来源事项已批准延期",
        )
        Item.objects.filter(pk=item.pk).update(due_on=new_due_on)
        record(
            action="supervision.extension.granted_by_source",
            obj=item,
            by=by,
            data={"extension": extension.pk, "from": item.due_on, "to": new_due_on, "reason": reason.strip()},
        )
        item.due_on = new_due_on
    return item


def item_reassign_from_source(
    *, item: Item, by: Any, lead_unit: HandlingUnit, note: str, due_on: date | None = None
) -> Item:
    """The source moved the work to `lead_unit`. An item not yet issued just changes unit; an
    issued one goes (back) to 待签收 so that the new unit signs for it, whatever the old unit had
    done. `due_on` is the new unit's own deadline when the source gave it a fresh period: it is
    the original date too, since the new unit cannot be late against its predecessor's date.
    The same unit again changes nothing."""
    if item.state not in LIVE_STATES:
        raise DomainError(f"事项当前为“{item.get_state_display()}”，不能调整承办单位")
    if lead_unit.committee_id != item.committee_id:
        raise DomainError("新的承办单位须是本政协的承办单位")
    if lead_unit.pk == item.lead_unit_id:
        return item
    issued = item.state in Item.OPEN_STATES
    fields: dict[str, Any] = {
        "lead_unit": lead_unit,
        "responsible_user": None,
        "responsible_person": "",
        "signed_at": None,
    }
    if issued:
        # The signing window (and the blue light for not signing) counts from the handover.
        fields["issued_at"] = timezone.now()
    if due_on is not None:
        fields.update(due_on=due_on, original_due_on=due_on)
    data = {"from": item.lead_unit_id, "to": lead_unit.pk, "note": note, "due_on": due_on}
    with transaction.atomic():
        if item.state in (S.DRAFT, S.REGISTERED, S.ISSUED):
            # Nobody has signed for it yet: the state stays, only the unit (and dates) change.
            updated = Item.objects.filter(pk=item.pk, state=item.state, version=item.version).update(
                version=models.F("version") + 1, **fields
            )
            if updated != 1:
                raise Conflict()
            item.version += 1
            for name, value in fields.items():
                setattr(item, name, value)
            record(
                action="supervision.item.reassigned_by_source",
                obj=item,
                by=by,
                data={"by_source": True, **data},
            )
        else:
            _move(item, S.ISSUED, by, data=data, fields=fields)
        item.co_units.remove(lead_unit)
        if item.state == S.ISSUED:
            announce.tell_lead_unit(item)
    return item


def item_co_unit_replace_from_source(
    *, item: Item, by: Any, old_unit: HandlingUnit, new_unit: HandlingUnit, note: str
) -> Item:
    """The source replaced a co-operating unit (a 会办 or another 分办 unit): the item's co-units
    follow, so the new unit sees the item among its co-operating ones and the old no longer does.
    The state is unchanged: the lead unit still carries the item. A unit that is not a co-unit,
    or one that leads the item, changes nothing."""
    if item.state not in LIVE_STATES:
        raise DomainError(f"事项当前为“{item.get_state_display()}”，不能调整配合单位")
    if new_unit.committee_id != item.committee_id:
        raise DomainError("新的配合单位须是本政协的承办单位")
    if not item.co_units.filter(pk=old_unit.pk).exists():
        return item
    with transaction.atomic():
        item.co_units.remove(old_unit)
        if new_unit.pk != item.lead_unit_id:
            item.co_units.add(new_unit)
        record(
            action="supervision.item.co_unit_replaced_by_source",
            obj=item,
            by=by,
            data={"by_source": True, "from": old_unit.pk, "to": new_unit.pk, "note": note},
        )
    return item


def item_report_from_source(*, item: Item, by: Any, text: str) -> Item:
    """The source's approved answer is the completion report: the item waits for the office's
    verification (待核实) instead of the unit writing the same thing again."""
    text = text.strip()
    if not text:
        raise DomainError("办结报告不能为空")
    with transaction.atomic():
        _move(
            item, S.VERIFYING, by, data={"note": "来源事项答复作为办结报告"}, fields={"completion_text": text}
        )
    return item


def item_settle_from_source(*, item: Item, by: Any, note: str) -> Item:
    """The source resolved what the item chases (the proposal was answered, the unit relieved of
    it): the item is done without a report from the unit."""
    note = note.strip()
    if not note:
        raise DomainError("请说明办结原因")
    with transaction.atomic():
        _move(item, S.DONE, by, data={"note": note}, fields={"done_at": timezone.now(), "progress": 100})
        if item.parent_id:
            rollup_progress(item.parent_id)
    return item
