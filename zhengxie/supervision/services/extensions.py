"""Extension requests (延期申请): the lead unit asks before the due date, with reason, progress
and a new date; the supervision office approves or refuses. The item keeps its original due date
(`original_due_on`) so that bulletins still count lateness against it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workdays import add_months

from ..models import Extension, Item
from ..permissions import OFFICE_ROLES, actor_roles
from ..workflow import UNIT

MAX_EXTENSION_MONTHS = 6


def extension_request(*, item: Item, by: Any, reason: str, progress_text: str, new_due_on: date) -> Extension:
    if UNIT not in actor_roles(by, item):
        raise NotAllowed()
    if item.state not in (Item.State.ISSUED, Item.State.IN_PROGRESS):
        raise DomainError(f"事项当前为“{item.get_state_display()}”，不能申请延期")
    today = timezone.localdate()
    if today > item.due_on:
        raise DomainError("延期须在办结时限之前申请；事项已逾期，请尽快办理并说明情况")
    if new_due_on <= item.due_on:
        raise DomainError("申请延至的日期须晚于现在的办结时限")
    if new_due_on > add_months(item.due_on, MAX_EXTENSION_MONTHS):
        raise DomainError(f"一次延期不能超过{MAX_EXTENSION_MONTHS}个月")
    if len(reason.strip()) < 5 or len(progress_text.strip()) < 5:
        raise DomainError("请写明延期理由和目前进展（各至少5个字）")
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                committee_id=item.committee_id,
                item=item,
                reason=reason.strip(),
                progress_text=progress_text.strip(),
                old_due_on=item.due_on,
                new_due_on=new_due_on,
                requested_by=by,
            )
            record(
                action="supervision.extension.requested",
                obj=item,
                by=by,
                data={"extension": extension.pk, "from": item.due_on, "to": new_due_on},
            )
    except IntegrityError:
        raise DomainError("已有一个延期申请在审批中") from None
    return extension


def extension_decide(*, extension: Extension, by: Any, approve: bool, note: str = "") -> Extension:
    item = extension.item
    if not actor_roles(by, item) & OFFICE_ROLES:
        raise NotAllowed()
    if extension.state != Extension.State.PENDING:
        raise DomainError("该延期申请已审批")
    if not approve and len(note.strip()) < 2:
        raise DomainError("不同意延期时请填写意见")
    if approve and item.state not in Item.OPEN_STATES:
        raise DomainError(f"事项当前为“{item.get_state_display()}”，不能再延期")
    state = Extension.State.APPROVED if approve else Extension.State.REFUSED
    with transaction.atomic():
        updated = Extension.objects.filter(
            pk=extension.pk, state=Extension.State.PENDING, version=extension.version
        ).update(
            state=state,
            version=F("version") + 1,
            decided_by=by,
            decided_at=timezone.now(),
            decision_note=note.strip(),
        )
        if updated != 1:
            raise Conflict()
        if approve:
            # The due date moves; original_due_on stays for the bulletin's overdue figures.
            Item.objects.filter(pk=item.pk).update(due_on=extension.new_due_on)
            item.due_on = extension.new_due_on
        record(
            action=f"supervision.extension.{'approved' if approve else 'refused'}",
            obj=item,
            by=by,
            data={"extension": extension.pk, "to": extension.new_due_on, "note": note.strip()},
        )
    extension.refresh_from_db()
    return extension
