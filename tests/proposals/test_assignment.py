"""Assignment (交办) in its three modes, batch assignment, signing for it, and objections."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workdays import add_calendar_days, add_months, add_working_days
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.config import settings_update
from zhengxie.proposals.models import Assignment, HandlingMode, Objection, Proposal
from zhengxie.proposals.services import assignment as handling
from zhengxie.supervision.models import Item

from .helpers import assigned, assignment_of, filed_proposal, fresh, fresh_assignment, in_days, today

P = Proposal.State
A = Assignment.State


def test_staff_assign_a_filed_proposal_to_one_lead_unit(
    p: Personas, django_capture_on_commit_callbacks
) -> None:
    proposal = filed_proposal(p)
    with django_capture_on_commit_callbacks(execute=True):
        handling.proposal_assign(
            proposal=proposal, by=p.proposal_staff, mode=HandlingMode.LEAD, units=[p.unit]
        )
    proposal = fresh(proposal)
    assert proposal.state == P.ASSIGNED and proposal.mode == HandlingMode.LEAD
    assert proposal.due_on == proposal.original_due_on == add_months(today(), 3)
    assert proposal.objection_until == add_calendar_days(today(), 10)
    lead = assignment_of(proposal, p.unit)
    assert (lead.role, lead.state, lead.due_on) == ("lead", A.PENDING, proposal.due_on)
    assert Notice.objects.filter(recipient=p.unit_clerk, title__contains=proposal.title).exists()
    assert AuditEvent.objects.filter(action="proposals.proposal.assigned").count() == 1


def test_joint_handling_gives_co_units_the_co_opinion_deadline(p: Personas, edu_unit: HandlingUnit) -> None:
    settings_update(committee_id=p.city.pk, by=p.proposal_staff, values={"objection_in_working_days": True})
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    co = assignment_of(proposal, edu_unit)
    assert co.role == "co" and co.due_on == add_calendar_days(today(), 30)
    assert assignment_of(proposal, p.unit).due_on == add_months(today(), 3)
    assert proposal.objection_until == add_working_days(today(), 10)


def test_split_handling_gives_every_unit_the_reply_deadline(p: Personas, edu_unit: HandlingUnit) -> None:
    proposal = assigned(p, HandlingMode.SPLIT, units=[p.unit, edu_unit])
    roles = set(Assignment.objects.filter(proposal=proposal).values_list("role", "due_on"))
    assert roles == {("split", add_months(today(), 3))}


@pytest.mark.parametrize(
    ("mode", "units", "co", "message"),
    [
        ("split", ["unit"], [], "分办须至少选择两个承办单位"),
        ("joint", ["unit"], [], "会办方式请至少选择一个会办单位"),
        ("lead", ["unit"], ["edu"], "只有会办方式才有会办单位"),
        ("joint", ["unit"], ["unit"], "同一单位不能重复选择"),
        ("lead", [], [], "请选择承办单位"),
        ("other", ["unit"], [], "请选择办理方式"),
    ],
)
def test_assignment_with_wrong_units_is_refused_and_nothing_is_stored(
    p: Personas, edu_unit: HandlingUnit, mode: str, units: list[str], co: list[str], message: str
) -> None:
    named = {"unit": p.unit, "edu": edu_unit}
    proposal = filed_proposal(p)
    with pytest.raises(DomainError, match=message):
        handling.proposal_assign(
            proposal=proposal,
            by=p.proposal_staff,
            mode=mode,
            units=[named[u] for u in units],
            co_units=[named[u] for u in co],
        )
    assert fresh(proposal).state == P.FILED and not Assignment.objects.exists()


def test_a_unit_of_another_committee_cannot_be_assigned(p: Personas) -> None:
    county_unit = HandlingUnit.objects.create(committee=p.county_a, name="甲县住建局")
    proposal = filed_proposal(p)
    with pytest.raises(DomainError, match="本政协的有效承办单位"):
        handling.proposal_assign(proposal=proposal, by=p.proposal_staff, mode="lead", units=[county_unit])


def test_only_proposal_staff_assign(p: Personas) -> None:
    proposal = filed_proposal(p)
    for someone in (p.unit_clerk, p.leader, p.member_wang):
        with pytest.raises(NotAllowed):
            handling.proposal_assign(proposal=fresh(proposal), by=someone, mode="lead", units=[p.unit])
    assert fresh(proposal).state == P.FILED


def test_an_assigned_proposal_cannot_be_assigned_again(p: Personas, edu_unit: HandlingUnit) -> None:
    proposal = assigned(p)
    with pytest.raises(DomainError, match="当前状态为“已交办”"):
        handling.proposal_assign(proposal=proposal, by=p.proposal_staff, mode="lead", units=[edu_unit])
    assert Assignment.objects.count() == 1


def test_a_key_proposal_opens_its_supervision_item_once_assigned(p: Personas) -> None:
    proposal = assigned(p, is_key=True, key_leader=p.leader)
    item = Item.objects.get()
    assert item.lead_unit == p.unit and item.supervising_leader == p.leader
    assert item.due_on == proposal.due_on and item.category == "重点提案"


def test_batch_assignment_is_all_or_nothing(p: Personas) -> None:
    first, second = filed_proposal(p), filed_proposal(p, title="关于增设社区食堂的建议")
    already = assigned(p, title="关于改善公交线路的建议")
    with pytest.raises(DomainError, match=f"第{already.number}号提案"):
        handling.proposals_assign(
            proposals=[first, second, already], by=p.proposal_staff, mode="lead", units=[p.unit]
        )
    assert {fresh(first).state, fresh(second).state} == {P.FILED}
    assert Assignment.objects.count() == 1
    done = handling.proposals_assign(
        proposals=[fresh(first), fresh(second)], by=p.proposal_staff, mode="lead", units=[p.unit]
    )
    assert done == 2 and Assignment.objects.filter(state=A.PENDING).count() == 3


def test_the_unit_signs_for_its_assignment(p: Personas) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    handling.assignment_sign(assignment=assignment, by=p.unit_clerk)
    stored = fresh_assignment(assignment)
    assert stored.state == A.HANDLING and stored.signed_by == p.unit_clerk and stored.signed_at


def test_another_unit_or_staff_cannot_sign(p: Personas, edu_clerk) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    for someone in (edu_clerk, p.proposal_staff, p.member_wang):
        with pytest.raises(NotAllowed):
            handling.assignment_sign(assignment=fresh_assignment(assignment), by=someone)
    assert fresh_assignment(assignment).state == A.PENDING


def test_two_clerks_signing_at_once_one_wins(p: Personas) -> None:
    from tests.personas import _user
    from zhengxie.org.roles import Role

    second_clerk = _user("clerk2", "住建局经办人二", p.city, Role.UNIT_CLERK, unit=p.unit)
    assignment = assignment_of(assigned(p), p.unit)
    first, second = fresh_assignment(assignment), fresh_assignment(assignment)
    handling.assignment_sign(assignment=first, by=p.unit_clerk)
    with pytest.raises(Conflict, match="此事项已被他人处理，请刷新"):
        handling.assignment_sign(assignment=second, by=second_clerk)
    assert fresh_assignment(assignment).signed_by == p.unit_clerk


def test_signing_twice_is_refused(p: Personas) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    handling.assignment_sign(assignment=assignment, by=p.unit_clerk)
    with pytest.raises(DomainError, match="当前状态为“办理中”"):
        handling.assignment_sign(assignment=fresh_assignment(assignment), by=p.unit_clerk)


def test_objection_accepted_moves_the_work_to_the_unit_staff_choose(
    p: Personas, edu_unit: HandlingUnit, edu_clerk
) -> None:
    proposal = assigned(p)
    assignment = assignment_of(proposal, p.unit)
    objection = handling.objection_raise(
        assignment=assignment, by=p.unit_clerk, reason="该事项属教育部门职责", suggested_unit="市教育局"
    )
    assert fresh_assignment(assignment).state == A.OBJECTING
    handling.objection_decide(objection=objection, by=p.proposal_staff, accept=True, new_unit=edu_unit)
    assert fresh_assignment(assignment).state == A.WITHDRAWN
    new = assignment_of(proposal, edu_unit)
    assert (new.role, new.state, new.due_on) == ("lead", A.PENDING, assignment.due_on)
    assert Objection.objects.get().state == Objection.State.ACCEPTED


def test_objection_refused_keeps_the_unit_handling(p: Personas) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    objection = handling.objection_raise(
        assignment=assignment, by=p.unit_clerk, reason="该事项属教育部门职责"
    )
    with pytest.raises(DomainError, match="请填写审核意见"):
        handling.objection_decide(objection=objection, by=p.proposal_staff, accept=False)
    handling.objection_decide(objection=objection, by=p.proposal_staff, accept=False, note="属于本局职责范围")
    stored = fresh_assignment(assignment)
    assert stored.state == A.HANDLING and stored.signed_at is not None
    with pytest.raises(DomainError, match="已审核"):
        handling.objection_decide(objection=Objection.objects.get(), by=p.proposal_staff, accept=True)


def test_objection_after_the_period_is_refused(p: Personas) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    with time_machine.travel(in_days(11)), pytest.raises(DomainError, match="交办已锁定"):
        handling.objection_raise(assignment=assignment, by=p.unit_clerk, reason="该事项属教育部门职责")
    assert fresh_assignment(assignment).state == A.PENDING and not Objection.objects.exists()


def test_objection_needs_a_reason_and_the_units_own_clerk(p: Personas, edu_clerk) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    with pytest.raises(DomainError, match="理由"):
        handling.objection_raise(assignment=assignment, by=p.unit_clerk, reason=" ")
    with pytest.raises(NotAllowed):
        handling.objection_raise(assignment=assignment, by=edu_clerk, reason="该事项属教育部门职责")
    assert not Objection.objects.exists()


def test_only_staff_decide_objections(p: Personas, edu_unit: HandlingUnit) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    objection = handling.objection_raise(
        assignment=assignment, by=p.unit_clerk, reason="该事项属教育部门职责"
    )
    with pytest.raises(NotAllowed):
        handling.objection_decide(objection=objection, by=p.unit_clerk, accept=True, new_unit=edu_unit)
    with pytest.raises(DomainError, match="选择新的承办单位"):
        handling.objection_decide(objection=objection, by=p.proposal_staff, accept=True)
    assert Objection.objects.get().state == Objection.State.PENDING


def test_a_failed_assignment_in_a_transaction_leaves_nothing(p: Personas) -> None:
    proposal = filed_proposal(p)
    with pytest.raises(DomainError), transaction.atomic():
        handling.proposal_assign(proposal=proposal, by=p.proposal_staff, mode="lead", units=[p.unit])
        raise DomainError("后续步骤失败")
    assert fresh(proposal).state == P.FILED and not Assignment.objects.exists()
