"""Registering items and moving them through their workflow (supervision/workflow.py).

Other apps open items here for what they follow up: `item_register(..., link=obj,
link_label=..., link_url=...)` keeps a generic link back to the object, so supervision never
imports them; `items_for_source(obj)` (selectors) shows them the status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from zhengxie.audit.services import record
from zhengxie.lib import batch
from zhengxie.lib.errors import Conflict, DomainError
from zhengxie.lib.workflow import steps_from, transition
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments, has_role
from zhengxie.search.index import reindex

from ..models import Attachment, Item, ItemSource, ReportCycle
from ..permissions import UNIT_ROLES, actor_roles
from ..workflow import LABELS, TABLE
from . import announce
from .schedule import first_report_on
from .tree import rollup_progress

S = Item.State


@dataclass
class ItemData:
    """What staff enter to register an item (one form, one import row or one call from another app)."""

    title: str
    source: ItemSource
    due_on: date
    lead_unit: HandlingUnit
    content: str = ""
    requirement: str = ""
    category: str = ""
    co_units: Sequence[HandlingUnit] = field(default_factory=tuple)
    responsible_person: str = ""
    responsible_user: Any = None
    supervising_leader: Any = None
    parent: Item | None = None
    weight: Decimal = Decimal(1)
    report_cycle: str = ReportCycle.NONE
    report_day: int = 5
    report_dates: Sequence[date] = field(default_factory=tuple)
    number: str = ""


def validate(
    committee_id: int, data: ItemData, *, today: date | None = None, past_due_ok: bool = False
) -> list[str]:
    """Every problem with `data`, in Chinese; empty when it can be registered. `past_due_ok`
    is for an item chasing work already late (its due date is the missed one)."""
    today = today or timezone.localdate()
    problems: list[str] = []
    if not data.title.strip():
        problems.append("请填写事项名称")
    elif len(data.title) > 200:
        problems.append("事项名称不能超过200个字")
    if data.source.committee_id != committee_id:
        problems.append("来源不属于本政协")
    if data.due_on < today and not past_due_ok:
        problems.append("办结时限不能早于今天")
    if data.lead_unit.committee_id != committee_id or not data.lead_unit.is_active:
        problems.append("牵头单位不是本政协的有效承办单位")
    if any(u.pk == data.lead_unit.pk for u in data.co_units):
        problems.append("配合单位不能与牵头单位相同")
    if any(u.committee_id != committee_id for u in data.co_units):
        problems.append("配合单位须是本政协的承办单位")
    if data.supervising_leader is not None and not has_role(
        data.supervising_leader, committee_id, Role.LEADER
    ):
        problems.append("督办领导须是本政协的领导")
    if data.responsible_user is not None and not any(
        r in UNIT_ROLES and u == data.lead_unit.pk
        for r, u in _unit_roles(data.responsible_user, committee_id)
    ):
        problems.append("责任人账号须是牵头单位的经办人或负责人")
    if data.parent is not None:
        if data.parent.committee_id != committee_id:
            problems.append("上级事项不属于本政协")
        elif data.parent.state in (S.CLOSED, S.CANCELLED):
            problems.append("上级事项已销号或撤销，不能再分解")
        elif data.due_on > data.parent.due_on:
            problems.append("分解事项的时限不能晚于上级事项")
    if data.weight <= 0:
        problems.append("权重须大于0")
    if data.report_cycle == ReportCycle.DATES and not data.report_dates:
        problems.append("按指定日期报告时，请填写报告日期")
    if not 1 <= data.report_day <= 28:
        problems.append("每期报告日须在1至28日之间")
    return problems


def _unit_roles(user: Any, committee_id: int) -> list[tuple[str, int | None]]:
    return [(r, u) for c, r, u in assignments(user) if c == committee_id]


def next_number(committee_id: int, year: int) -> str:
    """督〔2026〕N号, the next free N of the committee's year."""
    prefix = f"督〔{year}〕"
    key = ("supervision.number", committee_id, year)
    taken = batch.recall(key)
    if taken is not None:
        # In a job's batch (`lib.batch`) the year's sequence is read once: the batch's own items
        # take the next numbers (a clash with a number taken meanwhile is caught by the unique
        # index and retried from the database in `item_register`).
        batch.remember(key, taken + 1)
        return f"{prefix}{taken + 1}号"
    year_items = Item.objects.filter(committee_id=committee_id)
    # Numbers are dense (1…n) unless an import set its own, so the count is almost always the
    # answer; checking each candidate on the unique (committee, number) index keeps a job that
    # opens hundreds of items from reading the whole year's numbers for every one of them.
    seq = year_items.filter(number__startswith=prefix).count() + 1
    while year_items.filter(number=f"{prefix}{seq}号").exists():
        seq += 1
    batch.remember(key, seq)
    return f"{prefix}{seq}号"


def item_register(
    *,
    committee_id: int,
    by: Any,
    data: ItemData,
    link: models.Model | None = None,
    link_label: str = "",
    link_url: str = "",
    past_due_ok: bool = False,
) -> Item:
    """Register an item as a draft awaiting the leader's approval (待审核)."""
    problems = validate(committee_id, data, past_due_ok=past_due_ok)
    if problems:
        raise DomainError("；".join(problems))
    if data.number and Item.objects.filter(committee_id=committee_id, number=data.number).exists():
        raise DomainError(f"编号“{data.number}”已被使用")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _create(committee_id, by, data, link, link_label, link_url)
        except IntegrityError:
            if data.number:
                raise DomainError(f"编号“{data.number}”已被使用") from None
            batch.forget(("supervision.number", committee_id, timezone.localdate().year))
            # Another clerk took the same automatic number at the same moment: take the next one.
    raise DomainError("编号分配冲突，请重试")


def _create(
    committee_id: int, by: Any, data: ItemData, link: models.Model | None, link_label: str, link_url: str
) -> Item:
    today = timezone.localdate()
    item = Item(
        committee_id=committee_id,
        number=data.number or next_number(committee_id, today.year),
        parent=data.parent,
        weight=data.weight,
        title=data.title.strip(),
        content=data.content.strip(),
        category=data.category.strip(),
        source=data.source,
        requirement=data.requirement.strip(),
        due_on=data.due_on,
        original_due_on=data.due_on,
        lead_unit=data.lead_unit,
        responsible_person=data.responsible_person.strip(),
        responsible_user=data.responsible_user,
        supervising_leader=data.supervising_leader,
        report_cycle=data.report_cycle,
        report_day=data.report_day,
        report_dates=sorted(d.isoformat() for d in data.report_dates),
        created_by=by,
    )
    if link is not None:
        item.link_type = ContentType.objects.get_for_model(link)
        item.link_id = link.pk
        item.link_label = (link_label or str(link))[:200]
        item.link_url = link_url
    item.save()
    if data.co_units:
        item.co_units.set(data.co_units)
    reindex("supervision", item.pk)
    record(
        action="supervision.item.registered",
        obj=item,
        by=by,
        data={
            "number": item.number,
            "lead_unit": item.lead_unit_id,
            "due_on": item.due_on,
            "parent": item.parent_id,
            "link": f"{item.link_type_id}:{item.link_id}" if link is not None else None,
        },
    )
    if item.parent_id:
        rollup_progress(item.parent_id)
    announce.tell_approvers(item)
    return item


def item_update(*, item: Item, by: Any, data: ItemData) -> Item:
    """Correct an item before it is issued (after that, only extensions change the due date)."""
    if item.state not in (S.DRAFT, S.REGISTERED):
        raise DomainError("事项已下发，不能再修改；如需调整时限请由承办单位申请延期")
    data.number = item.number
    problems = validate(item.committee_id, data)
    if data.parent is not None and data.parent.pk == item.pk:
        problems.append("上级事项不能是本事项")
    if problems:
        raise DomainError("；".join(problems))
    fields = {
        "title": data.title.strip(),
        "content": data.content.strip(),
        "category": data.category.strip(),
        "source_id": data.source.pk,
        "requirement": data.requirement.strip(),
        "due_on": data.due_on,
        "original_due_on": data.due_on,
        "lead_unit_id": data.lead_unit.pk,
        "responsible_person": data.responsible_person.strip(),
        "responsible_user_id": getattr(data.responsible_user, "pk", None),
        "supervising_leader_id": getattr(data.supervising_leader, "pk", None),
        "parent_id": getattr(data.parent, "pk", None),
        "weight": data.weight,
        "report_cycle": data.report_cycle,
        "report_day": data.report_day,
        "report_dates": sorted(d.isoformat() for d in data.report_dates),
    }
    with transaction.atomic():
        updated = Item.objects.filter(pk=item.pk, version=item.version, state=item.state).update(
            version=models.F("version") + 1, **fields
        )
        if updated != 1:
            raise Conflict()
        item.co_units.set(data.co_units)
        reindex("supervision", item.pk)
        record(
            action="supervision.item.updated", obj=item, by=by, data={k: str(v) for k, v in fields.items()}
        )
        for parent_id in {item.parent_id, getattr(data.parent, "pk", None)} - {None}:
            rollup_progress(parent_id)
    item.refresh_from_db()
    return item


def _move(
    item: Item, to: str, by: Any, *, data: dict[str, Any] | None = None, fields: dict[str, Any] | None = None
) -> Item:
    transition(
        item,
        table=TABLE,
        to=to,
        by=by,
        roles=actor_roles(by, item),
        data=data,
        fields=fields,
        state_labels=LABELS,
    )
    return item


def item_approve(*, item: Item, by: Any) -> Item:
    return _move(item, S.REGISTERED, by)


def item_issue(*, item: Item, by: Any) -> Item:
    now = timezone.now()
    with transaction.atomic():
        _move(
            item,
            S.ISSUED,
            by,
            fields={"issued_at": now, "next_report_on": first_report_on(item, timezone.localdate())},
        )
        announce.tell_lead_unit(item)
    return item


def items_in_bulk(*, items: Iterable[Item], by: Any, action: str) -> int:
    """Approve (leader) or issue (office) many items at once: all of them or none."""
    step = {"approve": item_approve, "issue": item_issue}[action]
    done = 0
    with transaction.atomic():
        for item in items:
            try:
                step(item=item, by=by)
            except DomainError as exc:
                raise DomainError(f"{item.number}：{exc.message}") from exc
            done += 1
    return done


def item_sign(*, item: Item, by: Any) -> Item:
    return _move(item, S.IN_PROGRESS, by, fields={"signed_at": timezone.now()})


def item_request_return(*, item: Item, by: Any, reason: str) -> Item:
    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError("请写明退办理由（至少5个字）")
    return _move(item, S.RETURN_REVIEW, by, data={"reason": reason}, fields={"return_reason": reason})


def item_decide_return(
    *, item: Item, by: Any, accept: bool, note: str = "", new_lead_unit: HandlingUnit | None = None
) -> Item:
    """Accepting a return sends the item back to 已立项 for reassignment (optionally to another
    unit at once); refusing keeps it with the unit, in progress."""
    if not accept:
        return _move(
            item,
            S.IN_PROGRESS,
            by,
            data={"note": note},
            fields={"signed_at": item.signed_at or timezone.now()},
        )
    fields: dict[str, Any] = {"signed_at": None, "issued_at": None}
    if new_lead_unit is not None:
        if new_lead_unit.committee_id != item.committee_id or new_lead_unit.pk == item.lead_unit_id:
            raise DomainError("请选择本政协的另一个承办单位")
        fields.update(lead_unit=new_lead_unit, responsible_user=None, responsible_person="")
    return _move(
        item,
        S.REGISTERED,
        by,
        data={"note": note, "new_lead_unit": new_lead_unit.pk if new_lead_unit else None},
        fields=fields,
    )


def item_report_completion(*, item: Item, by: Any, text: str, attachment: Attachment | None = None) -> Item:
    text = text.strip()
    if len(text) < 10:
        raise DomainError("请填写办结报告（至少10个字）")
    if item.children.exclude(state__in=(S.DONE, S.CLOSED, S.CANCELLED)).exists():
        raise DomainError("还有分解事项未办结，不能报送办结报告")
    data = {"attachment": attachment.pk if attachment else None}
    with transaction.atomic():
        _move(item, S.VERIFYING, by, data=data, fields={"completion_text": text})
        announce.tell_office(
            item, step=f"verifying.{item.rejections}", title="办结报告待核实", state=S.VERIFYING
        )
    return item


def item_verify(*, item: Item, by: Any, accept: bool, note: str = "") -> Item:
    if accept:
        with transaction.atomic():
            _move(item, S.DONE, by, data={"note": note}, fields={"done_at": timezone.now(), "progress": 100})
            if item.parent_id:
                rollup_progress(item.parent_id)
            _tell_source(item, by)
        return item
    if len(note.strip()) < 5:
        raise DomainError("退回时请写明理由（至少5个字）")
    return _move(item, S.IN_PROGRESS, by, data={"note": note}, fields={"rejections": item.rejections + 1})


def _tell_source(item: Item, by: Any) -> None:
    """Hand an accepted item back to the app whose record it follows up (an instruction's
    落实情况 goes to its authors, say). Supervision cannot import those apps, so each names its
    receiver in `settings.SUPERVISION_DONE_RECEIVERS` by the linked model's label; it runs in
    the verification's transaction, so both happen or neither."""
    if item.link_type_id is None or item.link_id is None:
        return
    linked = ContentType.objects.get_for_id(item.link_type_id)
    path = settings.SUPERVISION_DONE_RECEIVERS.get(f"{linked.app_label}.{linked.model}")
    if path:
        import_string(path)(item=item, by=by)


def item_close(*, item: Item, by: Any) -> Item:
    """销号: the office strikes a verified item off the list; it is archived."""
    return _move(item, S.CLOSED, by, fields={"closed_at": timezone.now()})


def item_cancel(*, item: Item, by: Any, reason: str) -> Item:
    if len(reason.strip()) < 2:
        raise DomainError("请填写撤销理由")
    if item.children.exclude(state__in=(S.CLOSED, S.CANCELLED, S.DONE)).exists():
        raise DomainError("还有未办结的分解事项，请先撤销或办结分解事项")
    _move(item, S.CANCELLED, by, data={"reason": reason.strip()})
    if item.parent_id:
        rollup_progress(item.parent_id)
    return item


def can_act(user: Any, item: Item) -> set[str]:
    """Target states the user may move the item to now (for showing buttons)."""
    return set(steps_from(TABLE, item.state, actor_roles(user, item)))
