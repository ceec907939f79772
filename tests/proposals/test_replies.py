"""Replies: drafting, co-signing under 会办, review (return, approve with adjusted category and
publication scope) and the proposal becoming replied."""

from __future__ import annotations

import pytest

from tests.personas import Personas
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workdays import add_working_days
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.config import settings_update
from zhengxie.proposals.models import Assignment, HandlingMode, Proposal, Reply
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import replies
from zhengxie.supervision.models import Item

from .helpers import (
    assigned,
    assignment_of,
    fresh,
    fresh_assignment,
    fresh_reply,
    reply_data,
    signed,
    submitted_reply,
    today,
)

P = Proposal.State
A = Assignment.State
R = Reply.State


def test_lead_unit_replies_and_the_proposal_is_replied_after_approval(
    p: Personas, django_capture_on_commit_callbacks
) -> None:
    assignment = signed(p)
    reply = submitted_reply(p, assignment)
    assert fresh_reply(reply).state == R.REVIEWING
    with django_capture_on_commit_callbacks(execute=True):
        replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    proposal = fresh(assignment.proposal)
    assert proposal.state == P.REPLIED and proposal.result == "A" and proposal.public_scope == "full"
    assert proposal.rating_until == add_working_days(today(), 15) and proposal.replied_at
    assert fresh_assignment(assignment).state == A.REPLIED
    assert Notice.objects.filter(recipient=p.member_wang, title__startswith="请评价").exists()


def test_the_contact_phone_is_stored_encrypted(p: Personas) -> None:
    from django.db import connection

    reply = replies.reply_save(assignment=signed(p), by=p.unit_clerk, data=reply_data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM proposals_reply WHERE id = %s", [reply.pk])
        raw = cursor.fetchone()[0]
    assert "88886666" not in raw and fresh_reply(reply).contact_phone == "0571-88886666"


def test_staff_adjust_the_category_and_both_are_kept(p: Personas) -> None:
    reply = submitted_reply(p, signed(p), category="A")
    replies.reply_review(
        reply=fresh_reply(reply),
        by=p.proposal_staff,
        approve=True,
        adjusted_category="B",
        public_scope="summary",
    )
    stored = fresh_reply(reply)
    assert (stored.category, stored.adjusted_category, stored.final_category) == ("A", "B", "B")
    proposal = fresh(reply.proposal)
    assert proposal.result == "B"
    # A B reply opens the follow-up (回头看) item for the unit.
    assert Item.objects.get().lead_unit == p.unit


def test_no_consent_forces_the_reply_unpublished(p: Personas) -> None:
    assignment = signed(p, consent_publish=False, no_publish_reason="涉及个人隐私")
    reply = submitted_reply(p, assignment)
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    assert fresh_reply(reply).public_scope == "none" and fresh(assignment.proposal).public_scope == "none"


def test_a_returned_reply_is_rewritten_and_resubmitted(
    p: Personas, django_capture_on_commit_callbacks
) -> None:
    assignment = signed(p)
    reply = submitted_reply(p, assignment)
    with pytest.raises(DomainError, match="退回时请填写审核意见"):
        replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        replies.reply_review(
            reply=fresh_reply(reply), by=p.proposal_staff, approve=False, comment="请逐条答复"
        )
    assert fresh_reply(reply).state == R.RETURNED
    assert Notice.objects.get(recipient=p.unit_clerk, title__startswith="答复被退回").body == "请逐条答复"
    replies.reply_save(
        assignment=fresh_assignment(assignment), by=p.unit_clerk, data=reply_data(category="B")
    )
    replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    stored = fresh_reply(reply)
    assert stored.state == R.REVIEWING and stored.category == "B" and Reply.objects.count() == 1


def test_a_second_submission_while_under_review_is_refused(p: Personas) -> None:
    assignment = signed(p)
    reply = submitted_reply(p, assignment)
    with pytest.raises(DomainError, match="当前状态为“待审核”"):
        replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    with pytest.raises(DomainError, match="不能修改"):
        replies.reply_save(
            assignment=fresh_assignment(assignment), by=p.unit_clerk, data=reply_data(category="C")
        )
    assert fresh_reply(reply).category == "A"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": "E"}, "请选择答复类别"),
        ({"category": "D"}, "请选择答复类别"),  # D is off by default
        ({"text": "已办理"}, "请填写答复内容"),
        ({"signing_leader": ""}, "请填写签发领导"),
        ({"contact_phone": "电话号码"}, "联系电话格式不正确"),
        ({"public_scope": "partial"}, "请选择公开范围建议"),
    ],
)
def test_a_reply_with_bad_input_is_refused_and_nothing_stored(p: Personas, overrides, message) -> None:
    with pytest.raises(DomainError, match=message):
        replies.reply_save(assignment=signed(p), by=p.unit_clerk, data=reply_data(**overrides))
    assert not Reply.objects.exists()


def test_the_reply_document_must_be_word_or_pdf_by_content(p: Personas, media) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    assignment = signed(p)
    picture = SimpleUploadedFile("答复.png", b"\x89PNG\r\n\x1a\n0000")
    with pytest.raises(DomainError, match="只能是 PDF、Word 文件"):
        replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data(), upload=picture)
    fake = SimpleUploadedFile("答复.pdf", b"not a pdf at all")
    with pytest.raises(DomainError, match="不是有效的PDF"):
        replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data(), upload=fake)
    assert not Reply.objects.exists()


def test_only_the_units_own_people_write_and_only_staff_review(p: Personas, edu_clerk) -> None:
    assignment = signed(p)
    with pytest.raises(NotAllowed):
        replies.reply_save(assignment=assignment, by=edu_clerk, data=reply_data())
    reply = submitted_reply(p, assignment)
    for someone in (p.unit_clerk, p.leader, p.member_wang):
        with pytest.raises(NotAllowed):
            replies.reply_review(reply=fresh_reply(reply), by=someone, approve=True, public_scope="full")
    assert fresh_reply(reply).state == R.REVIEWING


def test_an_unsigned_assignment_cannot_reply(p: Personas) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    with pytest.raises(DomainError, match="当前状态为“待签收”"):
        replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data())


def test_pre_contact_is_required_when_the_committee_says_so(p: Personas) -> None:
    settings_update(committee_id=p.city.pk, by=p.proposal_staff, values={"require_pre_contact": True})
    assignment = signed(p)
    reply = replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data())
    with pytest.raises(DomainError, match="办前沟通"):
        replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    assert fresh_reply(reply).state == R.DRAFT
    handling.contact_record(
        assignment=fresh_assignment(assignment),
        by=p.unit_clerk,
        stage="before",
        mode="phone",
        on=today(),
        participants="王建国",
        notes="电话听取提案人意见。",
    )
    replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    assert fresh_reply(reply).state == R.REVIEWING


def test_joint_reply_goes_through_the_co_units_cosigning(
    p: Personas, edu_unit: HandlingUnit, edu_clerk
) -> None:
    from tests.personas import _user
    from zhengxie.org.roles import Role

    health = HandlingUnit.objects.create(committee=p.city, name="市卫生健康委")
    health_clerk = _user("health_clerk", "卫健委经办人", p.city, Role.UNIT_CLERK, unit=health)
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit, health])
    lead = assignment_of(proposal, p.unit)
    handling.assignment_sign(assignment=lead, by=p.unit_clerk)
    with pytest.raises(NotAllowed):
        replies.reply_save(assignment=assignment_of(proposal, edu_unit), by=edu_clerk, data=reply_data())
    reply = submitted_reply(p, fresh_assignment(lead))
    assert fresh_reply(reply).state == R.COSIGNING
    with pytest.raises(NotAllowed):
        replies.reply_cosign(reply=fresh_reply(reply), by=p.unit_clerk)
    replies.reply_cosign(reply=fresh_reply(reply), by=edu_clerk)
    assert fresh_reply(reply).state == R.COSIGNING
    with pytest.raises(DomainError, match="本单位已会签"):
        replies.reply_cosign(reply=fresh_reply(reply), by=edu_clerk)
    replies.reply_cosign(reply=fresh_reply(reply), by=health_clerk)
    stored = fresh_reply(reply)
    assert stored.state == R.REVIEWING and sorted(stored.cosigned_by) == sorted([edu_unit.pk, health.pk])
    replies.reply_review(reply=stored, by=p.proposal_staff, approve=True, public_scope="full")
    assert fresh(proposal).state == P.REPLIED


def test_split_proposal_is_replied_only_after_every_units_reply(
    p: Personas, edu_unit: HandlingUnit, edu_clerk
) -> None:
    proposal = assigned(p, HandlingMode.SPLIT, units=[p.unit, edu_unit])
    housing, schools = assignment_of(proposal, p.unit), assignment_of(proposal, edu_unit)
    handling.assignment_sign(assignment=housing, by=p.unit_clerk)
    handling.assignment_sign(assignment=schools, by=edu_clerk)
    first = submitted_reply(p, fresh_assignment(housing), category="A")
    second = submitted_reply(p, fresh_assignment(schools), clerk=edu_clerk, category="C")
    replies.reply_review(reply=fresh_reply(first), by=p.proposal_staff, approve=True, public_scope="full")
    assert fresh(proposal).state == P.ASSIGNED
    assert fresh_assignment(housing).state == A.REPLIED
    replies.reply_review(reply=fresh_reply(second), by=p.proposal_staff, approve=True, public_scope="summary")
    stored = fresh(proposal)
    assert stored.state == P.REPLIED and stored.result == "C" and stored.public_scope == "summary"


def test_a_co_unit_cannot_cosign_before_submission(p: Personas, edu_unit: HandlingUnit, edu_clerk) -> None:
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    lead = assignment_of(proposal, p.unit)
    handling.assignment_sign(assignment=lead, by=p.unit_clerk)
    reply = replies.reply_save(assignment=fresh_assignment(lead), by=p.unit_clerk, data=reply_data())
    with pytest.raises(DomainError, match="当前为“草稿”，不能会签"):
        replies.reply_cosign(reply=fresh_reply(reply), by=edu_clerk)


def test_submitting_while_objecting_is_refused(p: Personas) -> None:
    assignment = signed(p)
    reply = replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data())
    handling.objection_raise(
        assignment=fresh_assignment(assignment), by=p.unit_clerk, reason="该事项属教育部门职责"
    )
    with pytest.raises(DomainError, match="改办申请审核中"):
        replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    assert fresh_reply(reply).state == R.DRAFT


def test_in_a_rehandling_round_the_other_parts_replies_still_stand(
    p: Personas, edu_unit: HandlingUnit, edu_clerk
) -> None:
    from zhengxie.lib.workflow import transition
    from zhengxie.proposals.workflow import ASSIGNMENT_TABLE, TABLE

    proposal = assigned(p, HandlingMode.SPLIT, units=[p.unit, edu_unit])
    housing, schools = assignment_of(proposal, p.unit), assignment_of(proposal, edu_unit)
    handling.assignment_sign(assignment=housing, by=p.unit_clerk)
    handling.assignment_sign(assignment=schools, by=edu_clerk)
    for assignment, clerk, category in ((housing, p.unit_clerk, "C"), (schools, edu_clerk, "A")):
        reply = submitted_reply(p, fresh_assignment(assignment), clerk=clerk, category=category)
        replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    assert fresh(proposal).result == "C"
    # The proposer was not satisfied with the housing part: staff ask 住建局 again (round 2).
    transition(fresh(proposal), table=TABLE, to=P.REHANDLING, by=p.proposal_staff, roles={"proposal_staff"})
    Proposal.objects.filter(pk=proposal.pk).update(round=2)
    transition(
        fresh_assignment(housing),
        table=ASSIGNMENT_TABLE,
        to=A.HANDLING,
        by=p.proposal_staff,
        roles={"proposal_staff"},
    )
    again = submitted_reply(p, fresh_assignment(housing), category="B")
    assert fresh_reply(again).round == 2
    replies.reply_review(reply=fresh_reply(again), by=p.proposal_staff, approve=True, public_scope="full")
    stored = fresh(proposal)
    assert stored.state == P.REPLIED and stored.result == "B"


def test_a_draft_cannot_be_reviewed(p: Personas) -> None:
    reply = replies.reply_save(assignment=signed(p), by=p.unit_clerk, data=reply_data())
    with pytest.raises(DomainError, match="当前状态为“草稿”"):
        replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    assert fresh_reply(reply).state == R.DRAFT and fresh(reply.proposal).state == P.ASSIGNED


def test_the_first_proposer_and_agreed_cosigners_are_asked_to_rate(
    p: Personas, zhao, qian, django_capture_on_commit_callbacks
) -> None:
    proposal = _joint_filed(p, zhao, qian)
    handling.proposal_assign(proposal=proposal, by=p.proposal_staff, mode="lead", units=[p.unit])
    assignment = assignment_of(proposal, p.unit)
    handling.assignment_sign(assignment=assignment, by=p.unit_clerk)
    reply = submitted_reply(p, fresh_assignment(assignment))
    with django_capture_on_commit_callbacks(execute=True):
        replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    asked = set(
        Notice.objects.filter(title__startswith="请评价").values_list("recipient__username", flat=True)
    )
    assert asked == {"wang", "zhao"}


def _joint_filed(p: Personas, zhao, qian) -> Proposal:
    from tests.proposals.conftest import complete_data
    from zhengxie.lib.workflow import transition
    from zhengxie.proposals.models import ProposerKind
    from zhengxie.proposals.services import submission as sub
    from zhengxie.proposals.workflow import TABLE

    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1], qian[1]])
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    sub.cosign_answer(proposal=fresh(proposal), by=zhao[0], agree=True)
    sub.cosign_answer(proposal=fresh(proposal), by=qian[0], agree=False)
    transition(
        fresh(proposal),
        table=TABLE,
        to=P.FILED,
        by=p.proposal_staff,
        roles={"proposal_staff"},
        fields={"number": "14-3-0099"},
    )
    return fresh(proposal)


def test_two_clerks_starting_the_reply_at_once_one_wins(p: Personas) -> None:
    from unittest import mock

    from zhengxie.lib.errors import Conflict

    assignment = signed(p)
    replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data(category="A"))
    # The second clerk read "no reply yet" before the first one's reply was stored.
    with (
        mock.patch.object(replies, "current_reply", return_value=None),
        pytest.raises(Conflict, match="此事项已被他人处理"),
    ):
        replies.reply_save(
            assignment=fresh_assignment(assignment), by=p.unit_clerk, data=reply_data(category="C")
        )
    assert [r.category for r in Reply.objects.all()] == ["A"]
