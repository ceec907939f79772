"""Handling: contacts with the proposers, co-handling opinions, extension requests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import Personas
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workdays import add_months
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.models import Assignment, Attachment, Contact, CoOpinion, Extension, HandlingMode
from zhengxie.proposals.services import assignment as handling

from .helpers import assigned, assignment_of, fresh, fresh_assignment, in_days, pdf, signed, today

A = Assignment.State


def _contact(p: Personas, assignment: Assignment, **kw: Any) -> Contact:
    values: dict[str, Any] = {
        "stage": "before",
        "mode": "meeting",
        "on": today(),
        "participants": "王建国、刘科长",
        "notes": "当面听取提案人对加装电梯的具体意见。",
    }
    values.update(kw)
    return handling.contact_record(assignment=assignment, by=p.unit_clerk, **values)


def test_a_face_to_face_contact_earns_the_proposer_points_after_commit(
    p: Personas, media, django_capture_on_commit_callbacks
) -> None:
    assignment = signed(p)
    with django_capture_on_commit_callbacks(execute=True):
        contact = _contact(p, assignment, upload=pdf("座谈纪要.pdf"))
    assert contact.evidence is not None and contact.evidence.kind == Attachment.Kind.EVIDENCE
    entry = PointEntry.objects.get(member=p.member_wang_record)
    assert entry.rule.code == "P07"


def test_a_phone_contact_earns_no_points(p: Personas, django_capture_on_commit_callbacks) -> None:
    assignment = signed(p)
    with django_capture_on_commit_callbacks(execute=True):
        _contact(p, assignment, mode="phone", stage="during")
    assert not PointEntry.objects.exists() and Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"stage": "later"}, "请选择沟通环节"),
        ({"mode": "letter"}, "请选择沟通方式"),
        ({"on": date(2099, 1, 1)}, "不能晚于今天"),
        ({"on": date(2000, 1, 1)}, "不能早于交办日期"),
        ({"participants": " "}, "参加人员"),
        ({"notes": "好"}, "沟通情况"),
    ],
)
def test_a_contact_with_bad_input_is_refused_and_nothing_stored(p: Personas, overrides, message) -> None:
    assignment = signed(p)
    with pytest.raises(DomainError, match=message):
        _contact(p, assignment, **overrides)
    assert not Contact.objects.exists()


def test_evidence_that_is_not_what_it_claims_is_refused(p: Personas, media) -> None:
    assignment = signed(p)
    fake = SimpleUploadedFile("纪要.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(DomainError, match="不是有效的PDF"):
        _contact(p, assignment, upload=fake)
    assert not Contact.objects.exists() and not Attachment.objects.exists()


def test_contacts_need_the_signed_assignment_and_its_own_unit(p: Personas, edu_clerk) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    with pytest.raises(DomainError, match="请先签收"):
        _contact(p, assignment)
    handling.assignment_sign(assignment=assignment, by=p.unit_clerk)
    with pytest.raises(NotAllowed):
        handling.contact_record(
            assignment=fresh_assignment(assignment),
            by=edu_clerk,
            stage="before",
            mode="phone",
            on=today(),
            participants="某某",
            notes="电话沟通提案办理思路。",
        )
    assert not Contact.objects.exists()


def test_while_objecting_the_unit_keeps_recording_contacts(p: Personas) -> None:
    assignment = signed(p)
    handling.objection_raise(assignment=assignment, by=p.unit_clerk, reason="该事项属教育部门职责")
    _contact(p, fresh_assignment(assignment), mode="phone")
    assert Contact.objects.count() == 1


@pytest.fixture
def joint(p: Personas, edu_unit: HandlingUnit, edu_clerk):
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    co = assignment_of(proposal, edu_unit)
    handling.assignment_sign(assignment=co, by=edu_clerk)
    return proposal, fresh_assignment(co)


def test_a_co_unit_sends_its_opinion_to_the_lead(p: Personas, joint, edu_clerk, media) -> None:
    _, co = joint
    opinion = handling.co_opinion_send(
        assignment=co,
        by=edu_clerk,
        text="我局将配合做好校园周边加装电梯的协调工作。",
        upload=pdf("会办意见.pdf"),
    )
    assert opinion.round == 1 and opinion.document is not None
    stored = fresh_assignment(co)
    assert stored.state == A.REPLIED and stored.replied_at
    with pytest.raises(DomainError, match="当前状态为“已答复”"):
        handling.co_opinion_send(assignment=stored, by=edu_clerk, text="再补充一份会办意见，请主办单位参考。")
    assert CoOpinion.objects.count() == 1


def test_only_a_co_unit_sends_co_opinions(p: Personas, joint, edu_clerk) -> None:
    proposal, co = joint
    lead = assignment_of(proposal, p.unit)
    handling.assignment_sign(assignment=lead, by=p.unit_clerk)
    with pytest.raises(DomainError, match="只有会办单位"):
        handling.co_opinion_send(
            assignment=fresh_assignment(lead), by=p.unit_clerk, text="主办单位的意见文字内容"
        )
    with pytest.raises(NotAllowed):
        handling.co_opinion_send(assignment=co, by=p.unit_clerk, text="冒充会办单位提交的意见内容")
    with pytest.raises(DomainError, match="10至20000字"):
        handling.co_opinion_send(assignment=co, by=edu_clerk, text="同意")
    assert not CoOpinion.objects.exists()


def test_an_approved_extension_moves_both_due_dates_and_keeps_the_original(p: Personas) -> None:
    assignment = signed(p)
    proposal = assignment.proposal
    new_due = add_months(today(), 4)
    extension = handling.extension_request(
        assignment=assignment, by=p.unit_clerk, new_due_on=new_due, reason="需要跨部门协调资金"
    )
    with pytest.raises(DomainError, match="已有一个延期申请"):
        handling.extension_request(
            assignment=assignment, by=p.unit_clerk, new_due_on=new_due, reason="再次申请延期"
        )
    handling.extension_decide(extension=extension, by=p.proposal_staff, approve=True)
    assert fresh_assignment(assignment).due_on == new_due
    stored = fresh(proposal)
    assert stored.due_on == new_due and stored.original_due_on == add_months(today(), 3)


def test_a_refused_extension_needs_a_note_and_changes_nothing(p: Personas) -> None:
    assignment = signed(p)
    extension = handling.extension_request(
        assignment=assignment, by=p.unit_clerk, new_due_on=add_months(today(), 4), reason="需要跨部门协调资金"
    )
    with pytest.raises(DomainError, match="请填写审批意见"):
        handling.extension_decide(extension=extension, by=p.proposal_staff, approve=False)
    with pytest.raises(NotAllowed):
        handling.extension_decide(extension=extension, by=p.unit_clerk, approve=True)
    handling.extension_decide(extension=extension, by=p.proposal_staff, approve=False, note="时间充足")
    assert fresh_assignment(assignment).due_on == assignment.due_on
    assert Extension.objects.get().state == Extension.State.REFUSED


def test_extension_after_the_due_date_is_refused(p: Personas) -> None:
    assignment = signed(p)
    with time_machine.travel(in_days(100)), pytest.raises(DomainError, match="延期须在答复期限之前申请"):
        handling.extension_request(
            assignment=fresh_assignment(assignment),
            by=p.unit_clerk,
            new_due_on=in_days(150),
            reason="需要跨部门协调资金",
        )
    assert not Extension.objects.exists()


def test_extension_beyond_the_longest_period_or_not_later_is_refused(p: Personas) -> None:
    assignment = signed(p)
    for new_due, message in (
        (add_months(today(), 7), "最长办理期限"),
        (assignment.due_on, "须晚于现在的答复期限"),
    ):
        with pytest.raises(DomainError, match=message):
            handling.extension_request(
                assignment=assignment, by=p.unit_clerk, new_due_on=new_due, reason="需要协调资金"
            )
    assert not Extension.objects.exists()


def test_an_extension_is_decided_once(p: Personas) -> None:
    assignment = signed(p)
    extension = handling.extension_request(
        assignment=assignment, by=p.unit_clerk, new_due_on=add_months(today(), 4), reason="需要跨部门协调资金"
    )
    handling.extension_decide(extension=extension, by=p.proposal_staff, approve=True)
    with pytest.raises(DomainError, match="已审批"):
        handling.extension_decide(
            extension=Extension.objects.get(), by=p.proposal_staff, approve=False, note="撤回"
        )
    assert Extension.objects.get().state == Extension.State.APPROVED


def test_a_co_unit_cannot_ask_for_an_extension(p: Personas, joint, edu_clerk) -> None:
    _, co = joint
    with pytest.raises(DomainError, match="会办单位"):
        handling.extension_request(
            assignment=co, by=edu_clerk, new_due_on=add_months(today(), 2), reason="需要更多时间协调"
        )
    assert not Extension.objects.exists()


def test_proposal_staff_are_told_of_objections_and_extension_requests(
    p: Personas, django_capture_on_commit_callbacks
) -> None:
    assignment = signed(p)
    with django_capture_on_commit_callbacks(execute=True):
        handling.extension_request(
            assignment=assignment,
            by=p.unit_clerk,
            new_due_on=add_months(today(), 4),
            reason="需要跨部门协调资金",
        )
    with django_capture_on_commit_callbacks(execute=True):
        handling.objection_raise(
            assignment=fresh_assignment(assignment), by=p.unit_clerk, reason="该事项属教育部门职责"
        )
    titles = sorted(Notice.objects.filter(recipient=p.proposal_staff).values_list("title", flat=True))
    assert [t[:7] for t in titles] == ["延期申请待审批", "改办申请待审核"]
    # Nobody else is told.
    assert not Notice.objects.filter(recipient=p.leader).exists()
