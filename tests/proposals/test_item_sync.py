"""A proposal's supervision items keep in step with its handling: the key item follows extensions
and a replacement lead unit, a replacement unit gets fresh periods, late units are chased by a
催办 item that the approved reply settles, a key proposal's reply becomes its item's report, and
an accepted 回头看 comes back to the proposal and its proposers."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.helpers import (
    assigned,
    assignment_of,
    fresh,
    fresh_assignment,
    fresh_reply,
    signed,
    submitted_reply,
    today,
)
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals import tasks
from zhengxie.proposals.models import Assignment, HandlingMode, Objection, Proposal
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import replies
from zhengxie.proposals.services.item_sync import key_item_report_late, key_items_to_report, urge_item_open
from zhengxie.supervision.models import Item
from zhengxie.supervision.selectors import items_for_source
from zhengxie.supervision.services import items as item_services

S = Item.State
A = Assignment.State
KEY, URGE, FOLLOWUP = "重点提案", "提案办理催办", "提案回头看"


def _issue(p: Personas, item: Item, *, sign: Any = None) -> Item:
    """The leader approves the item, the office issues it, and `sign` (a clerk) signs for it."""
    item = item_services.item_issue(
        item=item_services.item_approve(item=item, by=p.leader), by=p.supervision_staff
    )
    if sign is not None:
        item = item_services.item_sign(item=item, by=sign)
    return Item.objects.get(pk=item.pk)


def _key_item(proposal: Proposal) -> Item:
    return items_for_source(proposal).get(category=KEY)


def _urges(proposal: Proposal) -> list[Item]:
    return list(items_for_source(proposal).filter(category=URGE).order_by("id"))


def _late(assignment: Assignment, days: int = 1) -> Assignment:
    """The assignment's due date passed `days` ago."""
    Assignment.objects.filter(pk=assignment.pk).update(due_on=today() - timedelta(days=days))
    return fresh_assignment(assignment)


def _approve(p: Personas, reply: Any) -> None:
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")


def _object_and_accept(p: Personas, assignment: Assignment, new_unit: HandlingUnit) -> Assignment:
    handling.objection_raise(
        assignment=fresh_assignment(assignment), by=p.unit_clerk, reason="不属于本单位职责范围"
    )
    objection = Objection.objects.get(assignment=assignment)
    handling.objection_decide(objection=objection, by=p.proposal_staff, accept=True, new_unit=new_unit)
    return assignment_of(assignment.proposal, new_unit)


# --- 1. the key item follows its proposal -----------------------------------------------------------


def test_an_approved_extension_moves_the_key_items_due_date_but_not_the_original(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    proposal = assignment.proposal
    item = _issue(p, _key_item(proposal), sign=p.unit_clerk)
    first_due = item.due_on
    new_due = first_due + timedelta(days=30)
    extension = handling.extension_request(
        assignment=assignment, by=p.unit_clerk, new_due_on=new_due, reason="需要协调多个部门"
    )
    handling.extension_decide(extension=extension, by=p.proposal_staff, approve=True)
    item = Item.objects.get(pk=item.pk)
    assert item.due_on == new_due and item.original_due_on == first_due
    assert item.extensions.get().new_due_on == new_due
    assert AuditEvent.objects.filter(action="supervision.extension.granted_by_source").count() == 1


def test_a_refused_extension_leaves_the_key_item_alone(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    item = _key_item(assignment.proposal)
    extension = handling.extension_request(
        assignment=assignment,
        by=p.unit_clerk,
        new_due_on=item.due_on + timedelta(days=30),
        reason="需要协调多个部门",
    )
    handling.extension_decide(extension=extension, by=p.proposal_staff, approve=False, note="请按期办理")
    assert Item.objects.get(pk=item.pk).due_on == item.due_on and not item.extensions.exists()


def test_the_key_item_goes_to_the_replacement_lead_which_signs_again(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any
) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    item = _issue(p, _key_item(assignment.proposal), sign=p.unit_clerk)
    replacement = _object_and_accept(p, assignment, edu_unit)
    item = Item.objects.get(pk=item.pk)
    assert item.lead_unit == edu_unit and item.state == S.ISSUED and item.signed_at is None
    assert item.due_on == replacement.due_on
    with pytest.raises(NotAllowed):
        item_services.item_sign(item=item, by=p.unit_clerk)
    item_services.item_sign(item=item, by=edu_clerk)
    assert Item.objects.get(pk=item.pk).state == S.IN_PROGRESS


def test_a_key_item_still_awaiting_approval_just_changes_unit(p: Personas, edu_unit: HandlingUnit) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    _object_and_accept(p, assignment, edu_unit)
    item = _key_item(assignment.proposal)
    assert (item.state, item.lead_unit) == (S.DRAFT, edu_unit)


@pytest.mark.parametrize("mode", [HandlingMode.JOINT, HandlingMode.SPLIT])
def test_a_replaced_second_unit_is_replaced_among_the_key_items_co_units(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any, mode: str
) -> None:
    """A 会办 unit, or the second 分办 unit, is one of the key item's co-units; when it is
    replaced, the replacement takes its place there, and the lead's work is not disturbed."""
    traffic = HandlingUnit.objects.create(committee=p.city, name="市交通局")
    units, co_units = ([p.unit], [edu_unit]) if mode == HandlingMode.JOINT else ([p.unit, edu_unit], [])
    proposal = assigned(p, mode=mode, units=units, co_units=co_units, is_key=True, key_leader=p.leader)
    handling.assignment_sign(assignment=assignment_of(proposal, p.unit), by=p.unit_clerk)
    item = _issue(p, _key_item(proposal), sign=p.unit_clerk)
    assert set(item.co_units.all()) == {edu_unit}
    second = assignment_of(proposal, edu_unit)
    handling.objection_raise(assignment=second, by=edu_clerk, reason="不属于本单位职责范围")
    handling.objection_decide(
        objection=Objection.objects.get(), by=p.proposal_staff, accept=True, new_unit=traffic
    )
    item = Item.objects.get(pk=item.pk)
    assert set(item.co_units.all()) == {traffic}
    assert (item.lead_unit, item.state) == (p.unit, S.IN_PROGRESS)


def test_a_refused_objection_keeps_the_key_item_with_its_unit(p: Personas, edu_unit: HandlingUnit) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    handling.objection_raise(assignment=assignment, by=p.unit_clerk, reason="不属于本单位职责范围")
    objection = Objection.objects.get()
    handling.objection_decide(objection=objection, by=p.proposal_staff, accept=False, note="属于职责范围")
    assert _key_item(assignment.proposal).lead_unit == p.unit


# --- 2. a replacement unit starts afresh -------------------------------------------------------------


def test_the_replacement_unit_gets_its_own_objection_window_and_period(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any
) -> None:
    with time_machine.travel(date(2026, 3, 2), tick=False):
        assignment = signed(p)
    with time_machine.travel(date(2026, 3, 10), tick=False):
        replacement = _object_and_accept(p, assignment, edu_unit)
    assert replacement.objection_until == date(2026, 3, 20)  # 10 days from its own assignment
    assert replacement.due_on == date(2026, 6, 10)  # 3 months from its own assignment
    proposal = fresh(replacement.proposal)
    assert proposal.due_on == proposal.original_due_on == date(2026, 6, 10)
    # Past the first unit's window, the new unit may still object within its own.
    with time_machine.travel(date(2026, 3, 18), tick=False):
        handling.objection_raise(assignment=replacement, by=edu_clerk, reason="亦不属于本单位职责")
    assert fresh_assignment(replacement).state == A.OBJECTING


def test_the_replacement_unit_is_locked_after_its_own_window(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any
) -> None:
    with time_machine.travel(date(2026, 3, 2), tick=False):
        assignment = signed(p)
        replacement = _object_and_accept(p, assignment, edu_unit)
    with time_machine.travel(date(2026, 3, 13), tick=False), pytest.raises(DomainError, match="交办已锁定"):
        handling.objection_raise(assignment=replacement, by=edu_clerk, reason="亦不属于本单位职责")
    assert Objection.objects.filter(assignment=replacement).count() == 0


def test_a_replacement_co_unit_gets_a_fresh_opinion_period(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any
) -> None:
    traffic = HandlingUnit.objects.create(committee=p.city, name="市交通局")
    with time_machine.travel(date(2026, 3, 2), tick=False):
        proposal = assigned(p, mode=HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    co = assignment_of(proposal, edu_unit)
    with time_machine.travel(date(2026, 3, 9), tick=False):
        handling.objection_raise(assignment=co, by=edu_clerk, reason="不属于本单位职责范围")
        handling.objection_decide(
            objection=Objection.objects.get(), by=p.proposal_staff, accept=True, new_unit=traffic
        )
    replacement = assignment_of(proposal, traffic)
    assert replacement.due_on == date(2026, 4, 8) and replacement.role == Assignment.Role.CO
    assert fresh(proposal).due_on == date(2026, 6, 2)  # the lead's date stands


def test_the_replacements_longest_period_counts_from_its_assignment(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any
) -> None:
    with time_machine.travel(date(2026, 3, 2), tick=False):
        assignment = signed(p)
    with time_machine.travel(date(2026, 3, 10), tick=False):
        replacement = _object_and_accept(p, assignment, edu_unit)
        assert handling.extension_limit(replacement) == date(2026, 9, 10)
        handling.extension_request(
            assignment=replacement, by=edu_clerk, new_due_on=date(2026, 9, 5), reason="需要协调多个部门"
        )


# --- 3. late handling is chased by a 催办 item --------------------------------------------------------


def test_the_job_chases_a_late_unit_once_with_a_red_item(p: Personas) -> None:
    assignment = _late(signed(p))
    proposal = assignment.proposal
    assert tasks.close_due.call()["urged"] == 1
    (item,) = _urges(proposal)
    assert item.state == S.ISSUED and item.lead_unit == p.unit and item.source.name == URGE
    assert item.due_on == assignment.due_on and item.colour == "red" and item.created_by is None
    assert item.link_url == reverse("proposals:detail", args=[proposal.pk])
    assert Notice.objects.filter(recipient=p.unit_clerk, title__contains="红灯").count() == 1
    assert tasks.close_due.call()["urged"] == 0
    assert len(_urges(proposal)) == 1


def test_two_workers_holding_the_same_late_assignment_open_one_item(p: Personas) -> None:
    assignment = _late(signed(p))
    first, second = fresh_assignment(assignment), fresh_assignment(assignment)
    assert urge_item_open(assignment=first, today=today()) is not None
    assert urge_item_open(assignment=second, today=today()) is None
    assert Item.objects.filter(category=URGE).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)")
def test_two_workers_at_once_chase_each_late_unit_once(transactional_db: None, p: Personas) -> None:
    for i in range(4):
        _late(signed(p, title=f"关于第{i}项的建议"))
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def work() -> None:
        try:
            barrier.wait()
            outcomes.append(tasks.close_due.call()["urged"])
        except Exception as exc:  # shown in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(outcomes) == 4
    assert Item.objects.filter(category=URGE).count() == 4


def test_the_job_leaves_units_on_time_replied_co_handling_or_awaiting_review(
    p: Personas, edu_unit: HandlingUnit, edu_clerk: Any
) -> None:
    signed(p, title="关于按期的建议")
    joint = assigned(p, mode=HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit], title="关于会办的建议")
    _late(assignment_of(joint, edu_unit))  # a 会办 unit owes the lead an opinion, not a reply
    waiting = _late(signed(p, title="关于待审核的建议"))
    submitted_reply(p, waiting)
    replied = signed(p, title="关于已答复的建议")
    _approve(p, submitted_reply(p, replied))
    _late(fresh_assignment(replied))
    assert tasks.close_due.call()["urged"] == 0
    assert not Item.objects.filter(category=URGE).exists()


def test_a_key_proposals_issued_item_already_shows_the_lateness(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    _issue(p, _key_item(assignment.proposal))
    _late(assignment)
    assert tasks.close_due.call()["urged"] == 0


def test_the_approved_reply_settles_the_chase(p: Personas) -> None:
    assignment = _late(signed(p))
    tasks.close_due.call()
    reply = submitted_reply(p, fresh_assignment(assignment))
    (item,) = _urges(assignment.proposal)
    assert item.state == S.ISSUED  # submitted is not yet answered
    _approve(p, reply)
    (item,) = _urges(assignment.proposal)
    assert item.state == S.DONE and item.colour == "red"
    event = AuditEvent.objects.get(action="supervision.item.settled_by_source", object_id=str(item.pk))
    assert event.data["note"] == "提案已答复" and event.actor == p.proposal_staff


def test_a_returned_reply_does_not_settle_the_chase(p: Personas) -> None:
    assignment = _late(signed(p))
    tasks.close_due.call()
    reply = submitted_reply(p, fresh_assignment(assignment))
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=False, comment="请逐条答复")
    assert _urges(assignment.proposal)[0].state == S.ISSUED


def test_the_withdrawn_units_chase_is_settled(p: Personas, edu_unit: HandlingUnit) -> None:
    assignment = _late(signed(p))
    tasks.close_due.call()
    _object_and_accept(p, assignment, edu_unit)
    (item,) = _urges(assignment.proposal)
    assert item.state == S.DONE and item.lead_unit == p.unit
    assert (
        AuditEvent.objects.get(action="supervision.item.settled_by_source").data["note"].startswith("已改办")
    )


def test_an_extension_moves_the_chase_with_the_unit(p: Personas) -> None:
    assignment = signed(p)
    due = assignment.due_on
    extension = handling.extension_request(
        assignment=assignment, by=p.unit_clerk, new_due_on=due + timedelta(days=20), reason="需要协调多个部门"
    )
    _late(assignment)  # the request went in on time; the decision comes after the date
    tasks.close_due.call()
    handling.extension_decide(extension=extension, by=p.proposal_staff, approve=True)
    (item,) = _urges(assignment.proposal)
    assert item.due_on == due + timedelta(days=20) and item.original_due_on < item.due_on


def test_the_key_proposals_reply_becomes_its_items_report(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    item = _issue(p, _key_item(assignment.proposal), sign=p.unit_clerk)
    _approve(p, submitted_reply(p, assignment))
    item = Item.objects.get(pk=item.pk)
    assert item.state == S.VERIFYING and "简化加装电梯审批流程" in item.completion_text
    item_services.item_verify(item=item, by=p.supervision_staff, accept=True)
    assert Item.objects.get(pk=item.pk).state == S.DONE
    assert fresh(assignment.proposal).followup_on is None  # only a 回头看 records a result


def test_a_key_item_approved_after_the_reply_gets_the_reply_from_the_job(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    _approve(p, submitted_reply(p, assignment))
    item = _key_item(assignment.proposal)
    assert item.state == S.DRAFT  # the leader had not approved it when the reply came
    assert tasks.close_due.call()["reported"] == 0  # still with the leader: nothing to report
    item = _issue(p, item)
    assert tasks.close_due.call()["reported"] == 1
    item = Item.objects.get(pk=item.pk)
    assert item.state == S.VERIFYING and "简化加装电梯审批流程" in item.completion_text
    assert tasks.close_due.call()["reported"] == 0  # a rerun reports nothing twice


def test_a_stale_worker_does_not_report_the_key_item_twice(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    _approve(p, submitted_reply(p, assignment))
    _issue(p, _key_item(assignment.proposal))
    first, second = list(key_items_to_report()), list(key_items_to_report())
    assert key_item_report_late(item=first[0]) is not None
    assert key_item_report_late(item=second[0]) is None
    assert AuditEvent.objects.filter(object_id=str(first[0].pk), data__to=S.VERIFYING).count() == 1


# --- 4. the 回头看 result comes back --------------------------------------------------------------------


def test_an_accepted_followup_is_recorded_shown_and_told(
    client: Client, p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    assignment = signed(p)
    _approve(p, submitted_reply(p, assignment, category="B"))
    proposal = assignment.proposal
    item = _issue(p, items_for_source(proposal).get(category=FOLLOWUP), sign=p.unit_clerk)
    item_services.item_report_completion(item=item, by=p.unit_clerk, text="资金分摊指引已出台，补贴已拨付。")
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_verify(item=Item.objects.get(pk=item.pk), by=p.supervision_staff, accept=True)
    proposal = fresh(proposal)
    assert proposal.followup_result == "资金分摊指引已出台，补贴已拨付。"
    assert proposal.followup_on == today()
    assert Notice.objects.filter(recipient=p.member_wang, key__startswith="proposals.followup.").count() == 1
    client.force_login(p.member_wang)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="followup-result"' in page and "补贴已拨付" in page
    # The items are listed for everyone who reads the proposal; only the office gets their pages.
    item_url = reverse("supervision:item_detail", args=[item.pk])
    assert item.number in page and item_url not in page
    client.force_login(p.supervision_staff)
    assert item_url in client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()


def test_a_returned_followup_records_nothing(p: Personas) -> None:
    assignment = signed(p)
    _approve(p, submitted_reply(p, assignment, category="B"))
    item = _issue(p, items_for_source(assignment.proposal).get(category=FOLLOWUP), sign=p.unit_clerk)
    item_services.item_report_completion(item=item, by=p.unit_clerk, text="资金分摊指引已出台，补贴已拨付。")
    item_services.item_verify(
        item=Item.objects.get(pk=item.pk), by=p.supervision_staff, accept=False, note="材料不全，请补充"
    )
    assert fresh(assignment.proposal).followup_result == ""
    assert not Notice.objects.filter(key__startswith="proposals.followup.").exists()


# --- 5. every key proposal gets its 回头看 -------------------------------------------------------------


def test_a_key_proposal_with_an_a_reply_gets_its_followup_under_its_leader(p: Personas) -> None:
    assignment = signed(p, is_key=True, key_leader=p.leader)
    _approve(p, submitted_reply(p, assignment, category="A"))
    proposal = fresh(assignment.proposal)
    item = items_for_source(proposal).get(category=FOLLOWUP)
    assert item.title.startswith("重点提案办理落实情况回头看")
    assert item.lead_unit_id == assignment.unit_id and item.supervising_leader_id == p.leader.pk
    assert item.due_on > today()
    # The leader approves it, the office issues it, the unit reports its findings, the office
    # accepts: the proposal keeps them.
    item = _issue(p, item, sign=p.unit_clerk)
    item_services.item_report_completion(
        item=item, by=p.unit_clerk, text="加装电梯项目已竣工验收并投入使用。"
    )
    item_services.item_verify(item=Item.objects.get(pk=item.pk), by=p.supervision_staff, accept=True)
    assert fresh(proposal).followup_result == "加装电梯项目已竣工验收并投入使用。"


def test_an_ordinary_a_reply_gets_no_followup(p: Personas) -> None:
    assignment = signed(p)
    _approve(p, submitted_reply(p, assignment, category="A"))
    assert not items_for_source(assignment.proposal).filter(category=FOLLOWUP).exists()
