"""Review and filing: review stages, returning, not filing (with referral), merging, filing with
its number, key proposals, and the batch actions of the plenary rush."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import models
from django.http import Http404

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org.models import Member
from zhengxie.proposals.config import settings_update
from zhengxie.proposals.models import Destination, Proposal, ProposerKind, ReviewNote
from zhengxie.proposals.services import review
from zhengxie.proposals.services import submission as sub

P = Proposal.State


def submitted(p: Personas, by: Any = None, **overrides: Any) -> Proposal:
    proposal = sub.proposal_create(
        committee_id=p.city.pk, by=by or p.member_wang, data=complete_data(**overrides)
    )
    with time_machine.travel(date(2026, 3, 2)):
        sub.proposal_submit(proposal=proposal, by=by or p.member_wang)
    proposal.refresh_from_db()
    return proposal


def at_last_stage(p: Personas, **overrides: Any) -> Proposal:
    proposal = submitted(p, **overrides)
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff)
    return proposal


def points(member: Member, code: str) -> list[PointEntry]:
    return list(PointEntry.objects.filter(member=member, rule__code=code))


# Review stages


def test_staff_pass_the_first_stage_and_the_proposal_moves_to_the_next(p: Personas, session) -> None:
    proposal = submitted(p)
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff, comment="内容具体")
    proposal.refresh_from_db()
    assert proposal.state == P.REVIEWING and proposal.review_stage == 1
    note = ReviewNote.objects.get(proposal=proposal)
    assert (note.stage, note.outcome, note.comment) == ("初审", "通过", "内容具体")


def test_the_last_stage_cannot_be_passed_on(p: Personas, session) -> None:
    proposal = at_last_stage(p)
    with pytest.raises(DomainError) as exc:
        review.review_pass_stage(proposal=proposal, by=p.proposal_staff)
    assert "最后一个审查环节" in exc.value.message
    proposal.refresh_from_db()
    assert proposal.review_stage == 1


def test_three_stage_committee_reviews_three_times_before_filing(p: Personas, session) -> None:
    settings_update(
        committee_id=p.city.pk, by=p.proposal_staff, values={"review_stages": ["初审", "复审", "终审"]}
    )
    proposal = submitted(p)
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff)
    with pytest.raises(DomainError) as exc:
        review.proposal_file(proposal=proposal, by=p.proposal_staff, category="社会建设")
    assert "复审" in exc.value.message
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff)
    review.proposal_file(proposal=proposal, by=p.proposal_staff, category="社会建设")
    assert proposal.state == P.FILED


@pytest.mark.parametrize("who", ["member_wang", "leader", "unit_clerk", "county_b_staff"])
def test_only_the_committees_proposal_staff_review(p: Personas, session, who: str) -> None:
    proposal = submitted(p)
    actor = getattr(p, who)
    for action in (
        lambda: review.review_pass_stage(proposal=proposal, by=actor),
        lambda: review.review_return(proposal=proposal, by=actor, comment="请补充"),
        lambda: review.review_not_file(
            proposal=proposal, by=actor, reason="属于学术研讨的", destination=Destination.NONE
        ),
        lambda: review.proposal_file(proposal=proposal, by=actor, category="社会建设"),
    ):
        with pytest.raises(NotAllowed):
            action()
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED and not ReviewNote.objects.exists()


def test_a_draft_cannot_be_reviewed(p: Personas) -> None:
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    with pytest.raises(DomainError) as exc:
        review.review_return(proposal=draft, by=p.proposal_staff, comment="请补充")
    assert "草稿" in exc.value.message
    draft.refresh_from_db()
    assert draft.state == P.DRAFT


# Returning


def test_returned_proposal_tells_the_proposer_and_restarts_review_on_resubmission(
    p: Personas, session, django_capture_on_commit_callbacks
) -> None:
    proposal = at_last_stage(p)
    with django_capture_on_commit_callbacks(execute=True):
        review.review_return(proposal=proposal, by=p.proposal_staff, comment="请补充具体的资金测算")
    proposal.refresh_from_db()
    assert proposal.state == P.RETURNED and proposal.return_comment == "请补充具体的资金测算"
    assert proposal.review_stage == 0
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="退回修改").exists()
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED and proposal.review_stage == 0


def test_return_needs_a_comment(p: Personas, session) -> None:
    proposal = submitted(p)
    with pytest.raises(DomainError) as exc:
        review.review_return(proposal=proposal, by=p.proposal_staff, comment="  ")
    assert "退回意见" in exc.value.message
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED


# Not filing


def test_not_filed_needs_a_reason_from_the_committees_list(p: Personas, session) -> None:
    proposal = submitted(p)
    with pytest.raises(DomainError) as exc:
        review.review_not_file(
            proposal=proposal, by=p.proposal_staff, reason="我不喜欢", destination=Destination.NONE
        )
    assert "不予立案理由" in exc.value.message
    with pytest.raises(DomainError):
        review.review_not_file(
            proposal=proposal, by=p.proposal_staff, reason="属于学术研讨的", destination="x"
        )
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED and not ReviewNote.objects.exists()


def test_not_filed_without_a_receiver_records_the_destination(
    p: Personas, session, settings, django_capture_on_commit_callbacks
) -> None:
    settings.REFERRAL_RECEIVERS = {}
    proposal = submitted(p)
    with django_capture_on_commit_callbacks(execute=True):
        review.review_not_file(
            proposal=proposal,
            by=p.proposal_staff,
            reason="内容空泛、没有具体建议的",
            destination=Destination.OPINION,
        )
    proposal.refresh_from_db()
    assert proposal.state == P.NOT_FILED and proposal.destination == Destination.OPINION
    assert proposal.referral_id is None
    assert len(points(p.member_wang_record, "P04")) == 1


received: list[dict[str, Any]] = []


def receive_referral(**kwargs: Any) -> models.Model:
    """A stand-in for the public-opinion app's intake: it hands back an existing row."""
    received.append(kwargs)
    return kwargs["source"].committee


def refuse_referral(**kwargs: Any) -> models.Model:
    raise DomainError("社情民意暂不接收")


def test_referral_to_public_opinion_calls_the_receiver_once(
    p: Personas, session, settings, django_capture_on_commit_callbacks
) -> None:
    settings.REFERRAL_RECEIVERS = {"opinion": "tests.proposals.test_review.receive_referral"}
    received.clear()
    proposal = submitted(p)
    with django_capture_on_commit_callbacks(execute=True):
        review.review_not_file(
            proposal=proposal, by=p.proposal_staff, reason="属于学术研讨的", destination=Destination.OPINION
        )
    proposal.refresh_from_db()
    assert len(received) == 1
    call = received[0]
    assert call["committee_id"] == p.city.pk and call["title"] == proposal.title
    assert call["author_member_ids"] == [p.member_wang_record.pk] and call["source"] == proposal
    assert "建议：" in call["body"] and call["by"] == p.proposal_staff
    assert (
        proposal.referral_id == p.city.pk
        and proposal.referral_type is not None
        and proposal.referral_type.model == "committee"
    )
    # Deciding again is refused, and the receiver is not called a second time.
    with pytest.raises(DomainError):
        review.review_not_file(
            proposal=proposal, by=p.proposal_staff, reason="属于学术研讨的", destination=Destination.OPINION
        )
    assert len(received) == 1 and len(points(p.member_wang_record, "P04")) == 1


def test_a_refused_referral_leaves_the_proposal_in_review(p: Personas, session, settings) -> None:
    settings.REFERRAL_RECEIVERS = {"opinion": "tests.proposals.test_review.refuse_referral"}
    proposal = submitted(p)
    with pytest.raises(DomainError) as exc:
        review.review_not_file(
            proposal=proposal, by=p.proposal_staff, reason="属于学术研讨的", destination=Destination.OPINION
        )
    assert exc.value.message == "社情民意暂不接收"
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED and proposal.destination == ""
    assert not ReviewNote.objects.exists()


def test_not_filed_and_not_referred_earns_no_points(
    p: Personas, session, django_capture_on_commit_callbacks
) -> None:
    proposal = submitted(p)
    with django_capture_on_commit_callbacks(execute=True):
        review.review_not_file(
            proposal=proposal, by=p.proposal_staff, reason="属于学术研讨的", destination=Destination.NONE
        )
    assert points(p.member_wang_record, "P04") == []


# Merging


def test_merged_proposals_stay_readable_and_their_proposers_are_credited_on_the_primary(
    p: Personas, session, zhao, qian, django_capture_on_commit_callbacks
) -> None:
    primary = submitted(p)
    second = submitted(p, by=zhao[0], title="关于老旧住宅加装电梯补贴的建议")
    third = submitted(p, by=qian[0], title="关于老楼电梯加装审批的建议")
    review.review_merge(primary=primary, secondaries=[second, third], by=p.proposal_staff)
    second.refresh_from_db()
    assert second.state == P.MERGED and second.merged_into == primary
    assert set(primary.merged.all()) == {second, third}
    # The member still opens his merged proposal.
    from zhengxie.proposals.permissions import get_proposal_for_user

    assert get_proposal_for_user(zhao[0], second.pk) == second
    # …and the primary he is credited on; the primary's proposer reads what was merged into it,
    # but the two secondaries' proposers do not read each other's.
    assert get_proposal_for_user(zhao[0], primary.pk) == primary
    assert get_proposal_for_user(p.member_wang, third.pk) == third
    with pytest.raises(Http404):
        get_proposal_for_user(zhao[0], third.pk)
    review.review_pass_stage(proposal=primary, by=p.proposal_staff)
    with django_capture_on_commit_callbacks(execute=True):
        review.proposal_file(proposal=primary, by=p.proposal_staff, category="社会建设")
    for member in (p.member_wang_record, zhao[1], qian[1]):
        assert len(points(member, "P01")) == 1


def test_co_signers_read_across_a_merge_both_ways(p: Personas, session, zhao, qian) -> None:
    """The co-signers of a merged proposal read what it is merged with, as its proposer does."""

    def joint(title: str) -> Proposal:
        data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]], title=title)
        proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
        with time_machine.travel(date(2026, 3, 2)):
            sub.proposal_submit(proposal=proposal, by=p.member_wang)
            sub.cosign_answer(proposal=proposal, by=zhao[0], agree=True)
        return Proposal.objects.get(pk=proposal.pk)

    from zhengxie.proposals.permissions import get_proposal_for_user

    secondary = joint("关于老旧住宅加装电梯补贴的建议")
    primary = submitted(p, by=qian[0], title="关于老楼电梯加装审批的建议")
    review.review_merge(primary=primary, secondaries=[secondary], by=p.proposal_staff)
    assert get_proposal_for_user(zhao[0], primary.pk) == primary
    other_primary = joint("关于社区养老服务站建设的建议")
    other_secondary = submitted(p, by=qian[0], title="关于社区养老助餐点的建议")
    review.review_merge(primary=other_primary, secondaries=[other_secondary], by=p.proposal_staff)
    assert get_proposal_for_user(zhao[0], other_secondary.pk) == other_secondary
    unrelated = submitted(p, by=qian[0], title="关于公交线路优化的建议")
    with pytest.raises(Http404):
        get_proposal_for_user(zhao[0], unrelated.pk)


def test_merge_refuses_proposals_out_of_review(p: Personas, session) -> None:
    primary = submitted(p)
    other = at_last_stage(p, title="关于另一件事的建议")
    review.proposal_file(proposal=other, by=p.proposal_staff, category="社会建设")
    with pytest.raises(DomainError) as exc:
        review.review_merge(primary=primary, secondaries=[other], by=p.proposal_staff)
    assert "已立案" in exc.value.message
    with pytest.raises(DomainError):
        review.review_merge(primary=primary, secondaries=[primary], by=p.proposal_staff)
    with pytest.raises(DomainError):
        review.review_merge(primary=primary, secondaries=[], by=p.proposal_staff)
    primary.refresh_from_db()
    assert primary.state == P.SUBMITTED and not primary.merged.exists()


def test_merging_a_primary_brings_the_proposals_merged_into_it_along(
    p: Personas, session, zhao, qian, django_capture_on_commit_callbacks
) -> None:
    first = submitted(p, by=zhao[0], title="关于老旧住宅加装电梯补贴的建议")
    middle = submitted(p)
    last = submitted(p, by=qian[0], title="关于老楼电梯加装审批的建议")
    review.review_merge(primary=middle, secondaries=[first], by=p.proposal_staff)
    review.review_merge(primary=last, secondaries=[fresh_proposal(middle)], by=p.proposal_staff)
    # Nothing is left pointing at a merged proposal: the earlier one now rides on the last.
    first.refresh_from_db()
    assert first.state == P.MERGED and first.merged_into == last
    assert set(last.merged.all()) == {first, fresh_proposal(middle)}
    review.review_pass_stage(proposal=fresh_proposal(last), by=p.proposal_staff)
    with django_capture_on_commit_callbacks(execute=True):
        review.proposal_file(proposal=fresh_proposal(last), by=p.proposal_staff, category="社会建设")
    for member in (p.member_wang_record, zhao[1], qian[1]):
        assert len(points(member, "P01")) == 1
    assert AuditEvent.objects.filter(
        action="proposals.proposal.merge_moved", object_id=str(first.pk)
    ).exists()


def fresh_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.get(pk=proposal.pk)


def test_merge_is_all_or_none(p: Personas, session) -> None:
    primary = submitted(p)
    good = submitted(p, title="关于电梯的建议")
    stale = submitted(p, title="关于电梯维护的建议")
    Proposal.objects.filter(pk=stale.pk).update(version=99)  # someone else acted meanwhile
    with pytest.raises(DomainError):
        review.review_merge(primary=primary, secondaries=[good, stale], by=p.proposal_staff)
    good.refresh_from_db()
    assert good.state == P.SUBMITTED and good.merged_into is None


# Filing


def test_filing_gives_the_number_of_term_session_and_serial_and_awards_points(
    p: Personas, session, zhao, django_capture_on_commit_callbacks
) -> None:
    first = at_last_stage(p)
    with django_capture_on_commit_callbacks(execute=True):
        review.proposal_file(
            proposal=first,
            by=p.proposal_staff,
            category="经济建设",
            suggested_units=[p.unit],
            comment="同意立案",
        )
    first.refresh_from_db()
    term_no = first.term.number
    assert first.state == P.FILED and first.number == f"{term_no}-3-0001" and first.serial == 1
    assert first.category == "经济建设" and list(first.suggested_units.all()) == [p.unit]
    assert first.filed_at is not None
    assert ReviewNote.objects.filter(proposal=first, outcome="立案", comment="同意立案").exists()
    assert AuditEvent.objects.filter(action="proposals.proposal.filed").exists()
    assert len(points(p.member_wang_record, "P01")) == 1
    second = at_last_stage(p, title="关于第二件事的建议")
    review.proposal_file(proposal=second, by=p.proposal_staff, category="经济建设")
    assert second.number == f"{term_no}-3-0002"


def test_filing_without_a_session_numbers_session_zero(p: Personas) -> None:
    proposal = at_last_stage(p)
    review.proposal_file(proposal=proposal, by=p.proposal_staff, category="社会建设")
    assert proposal.number.split("-")[1:] == ["0", "0001"]


def test_two_filings_at_once_get_different_numbers(p: Personas, session, monkeypatch) -> None:
    first = at_last_stage(p)
    second = at_last_stage(p, title="关于同时立案的建议")
    review.proposal_file(proposal=first, by=p.proposal_staff, category="社会建设")
    # The second clerk read the top serial before the first filing committed.
    real = review._next_serial
    stale = iter([1])
    monkeypatch.setattr(review, "_next_serial", lambda proposal: next(stale, None) or real(proposal))
    review.proposal_file(proposal=second, by=p.proposal_staff, category="社会建设")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.serial == 1 and second.serial == 2 and first.number != second.number
    assert ReviewNote.objects.filter(proposal=second, outcome="立案").count() == 1


def test_filing_needs_a_category_of_the_committee(p: Personas, session) -> None:
    proposal = at_last_stage(p)
    with pytest.raises(DomainError) as exc:
        review.proposal_file(proposal=proposal, by=p.proposal_staff, category="体育建设")
    assert "不在本政协的提案分类中" in exc.value.message
    proposal.refresh_from_db()
    assert proposal.state == P.REVIEWING and proposal.number == ""


def test_filing_as_key_needs_a_leader_of_the_committee(p: Personas, session) -> None:
    proposal = at_last_stage(p)
    with pytest.raises(DomainError) as exc:
        review.proposal_file(
            proposal=proposal,
            by=p.proposal_staff,
            category="社会建设",
            is_key=True,
            key_leader=p.proposal_staff,
        )
    assert "领导" in exc.value.message
    proposal.refresh_from_db()
    assert proposal.state == P.REVIEWING


def test_filed_proposal_cannot_be_filed_again(p: Personas, session) -> None:
    proposal = at_last_stage(p)
    review.proposal_file(proposal=proposal, by=p.proposal_staff, category="社会建设")
    with pytest.raises(DomainError) as exc:
        review.proposal_file(proposal=proposal, by=p.proposal_staff, category="社会建设")
    assert "已立案" in exc.value.message


# Key proposals


def test_key_selection_awards_p05_to_first_proposer_and_cosigners(
    p: Personas, session, zhao, django_capture_on_commit_callbacks
) -> None:
    proposal = sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]]),
    )
    with time_machine.travel(date(2026, 3, 2)):
        sub.proposal_submit(proposal=proposal, by=p.member_wang)
        proposal.refresh_from_db()
        sub.cosign_answer(proposal=proposal, by=zhao[0], agree=True)
    proposal.refresh_from_db()
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff)
    review.proposal_file(proposal=proposal, by=p.proposal_staff, category="社会建设")
    with django_capture_on_commit_callbacks(execute=True):
        review.key_select(proposal=proposal, by=p.proposal_staff, leader=p.leader)
    proposal.refresh_from_db()
    assert proposal.is_key and proposal.key_leader == p.leader
    assert [e.variant for e in points(p.member_wang_record, "P05")] == ["第一提案人"]
    assert [e.variant for e in points(zhao[1], "P05")] == ["联名人"]
    with pytest.raises(DomainError):
        review.key_select(proposal=proposal, by=p.proposal_staff, leader=p.leader)


def test_key_selection_wrong_role_and_wrong_state(p: Personas, session) -> None:
    proposal = submitted(p)
    with pytest.raises(DomainError) as exc:
        review.key_select(proposal=proposal, by=p.proposal_staff, leader=p.leader)
    assert "已立案" in exc.value.message
    with pytest.raises(NotAllowed):
        review.key_select(proposal=proposal, by=p.leader, leader=p.leader)
    proposal.refresh_from_db()
    assert not proposal.is_key


# Batch actions


def test_batch_filing_files_all(p: Personas, session) -> None:
    batch = [at_last_stage(p, title=f"关于第{i}件事的建议") for i in range(3)]
    assert review.proposals_file_many(proposals=batch, by=p.proposal_staff) == 3
    assert sorted(s or 0 for s in Proposal.objects.values_list("serial", flat=True)) == [1, 2, 3]


def test_batch_filing_is_all_or_none_and_names_the_blocker(p: Personas, session) -> None:
    ready = at_last_stage(p, title="关于已审完的建议")
    early = submitted(p, title="关于刚提交的建议")
    with pytest.raises(DomainError) as exc:
        review.proposals_file_many(proposals=[ready, early], by=p.proposal_staff)
    assert "关于刚提交的建议" in exc.value.message and "未处理任何提案" in exc.value.message
    assert not Proposal.objects.filter(state=P.FILED).exists()
    assert not ReviewNote.objects.filter(outcome="立案").exists()


def test_batch_categorising_is_all_or_none(p: Personas, session) -> None:
    one = submitted(p, title="关于一的建议")
    two = submitted(p, title="关于二的建议")
    assert (
        review.proposals_categorise_many(proposals=[one, two], by=p.proposal_staff, category="文化建设") == 2
    )
    assert set(Proposal.objects.values_list("category", flat=True)) == {"文化建设"}
    sub.proposal_withdraw(proposal=two, by=p.member_wang)
    one.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        review.proposals_categorise_many(proposals=[one, two], by=p.proposal_staff, category="经济建设")
    assert "关于二的建议" in exc.value.message
    with pytest.raises(DomainError):
        review.proposals_categorise_many(proposals=[one], by=p.proposal_staff, category="不存在的分类")
    assert set(Proposal.objects.values_list("category", flat=True)) == {"文化建设"}
