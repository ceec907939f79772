"""The app whose record an item follows up moves the item through services/from_source.py: it
issues a reminder at once, grants more time as an extension, hands the item to another unit,
turns its own answer into the completion report, or settles the item — each audited, and none
of these steps open to a user."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision import warnings
from zhengxie.supervision.models import Extension, Item
from zhengxie.supervision.services import from_source as src
from zhengxie.supervision.services import items as item_services

from .helpers import approved, fresh, in_days, issued, item_data, register, signed, today

S = Item.State
received: list[int] = []


def remember(*, item: Item, by: Any) -> None:
    received.append(item.pk)


def _events(item: Item, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(item.pk), action=action).order_by("id"))


def test_a_reminder_is_issued_at_once_by_the_job_even_when_already_late(p: Personas) -> None:
    late = today() - timedelta(days=3)
    item = src.item_issue_for_source(
        committee_id=p.city.pk, by=None, data=item_data(p, due_on=late), link=p.unit, link_label="某事项"
    )
    item = fresh(item)
    assert item.state == S.ISSUED and item.created_by is None and item.issued_at is not None
    assert (item.due_on, item.original_due_on) == (late, late)
    assert [e.data["by_source"] for e in _events(item, "supervision.item.issued")] == [True]
    warnings.refresh(items=[item])
    assert fresh(item).colour == "red"
    # The unit sees and signs it like any other item.
    item_services.item_sign(item=fresh(item), by=p.unit_clerk)
    assert fresh(item).state == S.IN_PROGRESS


def test_an_item_the_office_registers_still_cannot_be_late(p: Personas) -> None:
    with pytest.raises(DomainError, match="办结时限不能早于今天"):
        register(p, due_on=today() - timedelta(days=1))
    assert not Item.objects.exists()


def test_the_source_extends_like_an_approved_extension(p: Personas) -> None:
    item = signed(p, due_on=in_days(30))
    original = item.due_on
    src.item_extend_from_source(
        item=fresh(item), by=p.proposal_staff, new_due_on=in_days(60), reason="提案延期"
    )
    item = fresh(item)
    assert item.due_on == in_days(60) and item.original_due_on == original
    extension = Extension.objects.get(item=item)
    assert extension.state == Extension.State.APPROVED and extension.old_due_on == original
    assert len(_events(item, "supervision.extension.granted_by_source")) == 1
    # An earlier date changes nothing.
    src.item_extend_from_source(item=item, by=p.proposal_staff, new_due_on=in_days(40), reason="提案延期")
    assert fresh(item).due_on == in_days(60) and Extension.objects.count() == 1


def test_a_finished_item_is_not_extended(p: Personas) -> None:
    item = signed(p)
    src.item_settle_from_source(item=fresh(item), by=None, note="提案已答复")
    with pytest.raises(DomainError, match="已办结"):
        src.item_extend_from_source(
            item=fresh(item), by=p.proposal_staff, new_due_on=in_days(90), reason="延期"
        )
    assert not Extension.objects.exists()


def test_a_signed_item_goes_to_the_new_unit_which_signs_again(
    p: Personas, other_unit: HandlingUnit, other_clerk: Any
) -> None:
    item = signed(p)
    src.item_reassign_from_source(
        item=fresh(item), by=p.proposal_staff, lead_unit=other_unit, note="提案改办", due_on=in_days(90)
    )
    item = fresh(item)
    assert item.lead_unit == other_unit and item.state == S.ISSUED and item.signed_at is None
    assert item.due_on == item.original_due_on == in_days(90)
    assert _events(item, "supervision.item.reassigned_by_source")[0].data["from"] == p.unit.pk
    with pytest.raises(NotAllowed):
        item_services.item_sign(item=item, by=p.unit_clerk)
    item_services.item_sign(item=fresh(item), by=other_clerk)
    assert fresh(item).state == S.IN_PROGRESS


def test_an_item_not_yet_signed_for_changes_unit_in_place(p: Personas, other_unit: HandlingUnit) -> None:
    draft, waiting = approved(p), issued(p, title="乙")
    for item in (draft, waiting):
        src.item_reassign_from_source(
            item=fresh(item), by=p.proposal_staff, lead_unit=other_unit, note="改办"
        )
    assert (fresh(draft).state, fresh(draft).lead_unit) == (S.REGISTERED, other_unit)
    assert (fresh(waiting).state, fresh(waiting).lead_unit) == (S.ISSUED, other_unit)
    assert AuditEvent.objects.filter(action="supervision.item.reassigned_by_source").count() == 2


def test_reassigning_refuses_a_closed_item_or_another_committees_unit(p: Personas) -> None:
    item = signed(p)
    foreign = HandlingUnit.objects.create(committee=p.county_a, name="甲县住建局")
    with pytest.raises(DomainError, match="本政协"):
        src.item_reassign_from_source(item=fresh(item), by=p.proposal_staff, lead_unit=foreign, note="改办")
    src.item_settle_from_source(item=fresh(item), by=None, note="提案已答复")
    other = HandlingUnit.objects.create(committee=p.city, name="市交通局")
    with pytest.raises(DomainError, match="不能调整承办单位"):
        src.item_reassign_from_source(item=fresh(item), by=p.proposal_staff, lead_unit=other, note="改办")
    assert fresh(item).lead_unit == p.unit


def test_a_replaced_co_unit_is_swapped_and_only_a_co_unit_is(p: Personas, other_unit: HandlingUnit) -> None:
    item = signed(p)
    item.co_units.add(other_unit)
    traffic = HandlingUnit.objects.create(committee=p.city, name="市交通局")
    src.item_co_unit_replace_from_source(
        item=fresh(item), by=p.proposal_staff, old_unit=other_unit, new_unit=traffic, note="提案改办"
    )
    assert set(fresh(item).co_units.all()) == {traffic} and fresh(item).state == S.IN_PROGRESS
    [event] = _events(item, "supervision.item.co_unit_replaced_by_source")
    assert (event.data["from"], event.data["to"]) == (other_unit.pk, traffic.pk)
    # A unit that is not among the co-units (here the lead) changes nothing and records nothing.
    src.item_co_unit_replace_from_source(
        item=fresh(item), by=p.proposal_staff, old_unit=p.unit, new_unit=other_unit, note="提案改办"
    )
    assert set(fresh(item).co_units.all()) == {traffic} and fresh(item).lead_unit == p.unit
    assert len(_events(item, "supervision.item.co_unit_replaced_by_source")) == 1


def test_co_units_are_not_changed_on_a_closed_item_or_to_another_committees_unit(
    p: Personas, other_unit: HandlingUnit
) -> None:
    item = signed(p)
    item.co_units.add(other_unit)
    foreign = HandlingUnit.objects.create(committee=p.county_a, name="甲县住建局")
    with pytest.raises(DomainError, match="本政协"):
        src.item_co_unit_replace_from_source(
            item=fresh(item), by=p.proposal_staff, old_unit=other_unit, new_unit=foreign, note="改办"
        )
    src.item_settle_from_source(item=fresh(item), by=None, note="提案已答复")
    traffic = HandlingUnit.objects.create(committee=p.city, name="市交通局")
    with pytest.raises(DomainError, match="不能调整配合单位"):
        src.item_co_unit_replace_from_source(
            item=fresh(item), by=p.proposal_staff, old_unit=other_unit, new_unit=traffic, note="改办"
        )
    assert set(fresh(item).co_units.all()) == {other_unit}


def test_the_sources_answer_becomes_the_completion_report(p: Personas) -> None:
    item = signed(p)
    src.item_report_from_source(item=fresh(item), by=p.proposal_staff, text="答复：已全部解决。")
    item = fresh(item)
    assert item.state == S.VERIFYING and item.completion_text == "答复：已全部解决。"
    item_services.item_verify(item=item, by=p.supervision_staff, accept=True)
    assert fresh(item).state == S.DONE


def test_a_report_needs_text_and_an_issued_item(p: Personas) -> None:
    with pytest.raises(DomainError, match="不能为空"):
        src.item_report_from_source(item=signed(p), by=p.proposal_staff, text="  ")
    draft = register(p, title="乙")
    with pytest.raises(DomainError, match="待审核"):
        src.item_report_from_source(item=draft, by=p.proposal_staff, text="答复：已解决。")
    assert fresh(draft).state == S.DRAFT


def test_settling_finishes_the_item_without_telling_the_source(p: Personas, settings: Any) -> None:
    settings.SUPERVISION_DONE_RECEIVERS = {"org.handlingunit": f"{__name__}.remember"}
    received.clear()
    in_progress = item_services.item_sign(
        item=item_services.item_issue(
            item=item_services.item_approve(
                item=item_services.item_register(
                    committee_id=p.city.pk, by=p.supervision_staff, data=item_data(p), link=p.unit
                ),
                by=p.leader,
            ),
            by=p.supervision_staff,
        ),
        by=p.unit_clerk,
    )
    reported = signed(p, title="乙")
    item_services.item_report_completion(item=fresh(reported), by=p.unit_clerk, text="已全部完成并通过验收。")
    for item in (in_progress, reported):
        src.item_settle_from_source(item=fresh(item), by=None, note="提案已答复")
        assert fresh(item).state == S.DONE and fresh(item).done_at is not None
    assert received == []
    settled = _events(in_progress, "supervision.item.settled_by_source")
    assert settled[0].data["note"] == "提案已答复" and settled[0].actor is None
    assert _events(reported, "supervision.item.accepted")[0].data["by_source"] is True


def test_settling_needs_a_note_and_an_issued_item(p: Personas) -> None:
    with pytest.raises(DomainError, match="说明"):
        src.item_settle_from_source(item=signed(p), by=None, note=" ")
    with pytest.raises(DomainError, match="待审核"):
        src.item_settle_from_source(item=register(p, title="乙"), by=None, note="提案已答复")


def test_no_user_may_take_the_sources_steps(p: Personas) -> None:
    item = signed(p)
    for user in (p.supervision_staff, p.leader, p.unit_clerk):
        assert S.DONE not in item_services.can_act(user, item)
        assert S.ISSUED not in item_services.can_act(user, item)
