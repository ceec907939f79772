"""Ratings, re-handling, closing and commendations after a proposal has been replied to."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.proposals.factories import closed_proposal, filed_proposal, replied_proposal
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.proposals.models import Assignment, Commendation, Proposal, Rating
from zhengxie.proposals.output_views import panel
from zhengxie.proposals.services import evaluation as ev

P = Proposal.State
OK, BASIC, BAD = "satisfied", "basic", "dissatisfied"


def open_for_rating(p: Personas, **kwargs) -> Proposal:
    return replied_proposal(p, rating_until=timezone.localdate() + timedelta(days=10), **kwargs)


def test_proposer_and_agreed_cosigner_each_rate_once(p: Personas, zhao, qian) -> None:
    proposal = open_for_rating(p, cosigners=[zhao[1]])
    assert [m.pk for m in ev.pending_raters(proposal)] == [p.member_wang_record.pk, zhao[1].pk]
    ev.rating_submit(proposal=proposal, by=p.member_wang, work=OK, result=BASIC)
    ev.rating_submit(proposal=proposal, by=zhao[0], work=OK, result=OK, comment="办理认真")
    assert ev.pending_raters(proposal) == []
    assert AuditEvent.objects.filter(action="proposals.rating.submitted").count() == 2
    with pytest.raises(NotAllowed):
        ev.rating_submit(proposal=proposal, by=qian[0], work=OK, result=OK)


def test_second_rating_of_the_round_is_refused(p: Personas) -> None:
    proposal = open_for_rating(p)
    ev.rating_submit(proposal=proposal, by=p.member_wang, work=OK, result=OK)
    with pytest.raises(DomainError) as exc:
        ev.rating_submit(proposal=proposal, by=p.member_wang, work=BAD, result=BAD, comment="再评")
    assert "不能重复评价" in exc.value.message
    assert list(Rating.objects.values_list("work", flat=True)) == [OK]


def test_rating_after_the_period_is_refused(p: Personas) -> None:
    proposal = replied_proposal(p, rating_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        ev.rating_submit(proposal=proposal, by=p.member_wang, work=OK, result=OK)
    assert "评价期限已过" in exc.value.message
    assert not Rating.objects.exists()


def test_rating_before_the_reply_is_refused(p: Personas) -> None:
    proposal = filed_proposal(p)
    with pytest.raises(DomainError) as exc:
        ev.rating_submit(proposal=proposal, by=p.member_wang, work=OK, result=OK)
    assert "不能评价" in exc.value.message
    assert not Rating.objects.exists()


def test_units_and_staff_cannot_rate_for_the_member(p: Personas) -> None:
    proposal = open_for_rating(p)
    for user in (p.unit_clerk, p.proposal_staff, p.leader):
        with pytest.raises(NotAllowed):
            ev.rating_submit(proposal=proposal, by=user, work=OK, result=OK)
    assert not Rating.objects.exists()


def test_bad_rating_input_is_refused_with_a_message(p: Personas) -> None:
    proposal = open_for_rating(p)
    with pytest.raises(DomainError) as exc:
        ev.rating_submit(proposal=proposal, by=p.member_wang, work="great", result=OK)
    assert "满意、基本满意或不满意" in exc.value.message
    with pytest.raises(DomainError) as exc:
        ev.rating_submit(proposal=proposal, by=p.member_wang, work=OK, result=BAD, comment="  ")
    assert "不满意的原因" in exc.value.message
    assert not Rating.objects.exists()


def test_staff_record_a_paper_form_audited_as_such(p: Personas) -> None:
    proposal = open_for_rating(p)
    with pytest.raises(DomainError):
        ev.rating_record_on_paper(
            proposal=proposal, by=p.proposal_staff, member=p.member_wang_record, work=OK, result=OK, note=""
        )
    with pytest.raises(NotAllowed):
        ev.rating_record_on_paper(
            proposal=proposal, by=p.unit_clerk, member=p.member_wang_record, work=OK, result=OK, note="纸质表"
        )
    rating = ev.rating_record_on_paper(
        proposal=proposal,
        by=p.proposal_staff,
        member=p.member_wang_record,
        work=OK,
        result=BASIC,
        note="委员签字的征询意见表，11月20日收回",
    )
    assert rating.member == p.member_wang_record and rating.by == p.proposal_staff
    event = AuditEvent.objects.get(action="proposals.rating.recorded_on_paper")
    assert event.data["paper"] is True and "征询意见表" in event.data["note"]


def test_dissatisfied_proposal_is_handled_again_and_units_told(
    p: Personas, django_capture_on_commit_callbacks
) -> None:
    proposal = open_for_rating(p)
    with django_capture_on_commit_callbacks(execute=True):
        ev.rating_submit(
            proposal=proposal, by=p.member_wang, work=BASIC, result=BAD, comment="没有解决实际问题"
        )
    assert (
        Notice.objects.filter(recipient=p.proposal_staff, key__startswith="proposals.dissatisfied.").count()
        == 1
    )
    with pytest.raises(NotAllowed):
        ev.proposal_rehandle(proposal=proposal, by=p.unit_clerk)
    with pytest.raises(DomainError) as exc:
        ev.proposal_close(proposal=proposal, by=p.proposal_staff)
    assert "应重新办理" in exc.value.message
    with django_capture_on_commit_callbacks(execute=True):
        ev.proposal_rehandle(proposal=proposal, by=p.proposal_staff, reason="请当面协商")
    proposal.refresh_from_db()
    assert proposal.state == P.REHANDLING and proposal.round == 2
    assert proposal.due_on is not None and proposal.due_on > timezone.localdate()
    lead = Assignment.objects.get(proposal=proposal)
    assert lead.state == Assignment.State.HANDLING and lead.due_on == proposal.due_on
    assert Notice.objects.filter(recipient=p.unit_clerk, key__startswith="proposals.rehandle.").count() == 1
    # In the new round nobody has rated yet.
    assert len(ev.pending_raters(proposal)) == 1


def test_rehandling_needs_a_dissatisfied_rating(p: Personas) -> None:
    proposal = open_for_rating(p)
    ev.rating_submit(proposal=proposal, by=p.member_wang, work=OK, result=OK)
    with pytest.raises(DomainError) as exc:
        ev.proposal_rehandle(proposal=proposal, by=p.proposal_staff)
    assert "没有“不满意”" in exc.value.message
    proposal.refresh_from_db()
    assert proposal.state == P.REPLIED and proposal.round == 1


def test_staff_close_a_replied_proposal(p: Personas) -> None:
    proposal = open_for_rating(p)
    with pytest.raises(NotAllowed):
        ev.proposal_close(proposal=proposal, by=p.member_wang)
    ev.proposal_close(proposal=proposal, by=p.proposal_staff)
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED and proposal.closed_at is not None
    with pytest.raises(DomainError):
        ev.proposal_close(proposal=proposal, by=p.proposal_staff)
    with pytest.raises(DomainError) as exc:
        ev.proposal_rehandle(proposal=proposal, by=p.proposal_staff)
    assert "已办结" in exc.value.message


def test_committee_may_close_over_dissatisfaction_with_a_reason(p: Personas) -> None:
    proposal = open_for_rating(p)
    ev.rating_submit(proposal=proposal, by=p.member_wang, work=BAD, result=BAD, comment="不满意")
    ev.proposal_close(proposal=proposal, by=p.proposal_staff, reason="受国家政策限制，已当面说明")
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED


def test_excellent_proposal_earns_points_and_withdrawal_reverses_them(
    p: Personas, zhao, django_capture_on_commit_callbacks
) -> None:
    proposal = closed_proposal(p, cosigners=[zhao[1]])
    with pytest.raises(NotAllowed):
        ev.commend_proposal(proposal=proposal, by=p.leader, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        commendation = ev.commend_proposal(proposal=proposal, by=p.proposal_staff, year=2026, note="成效显著")
    proposal.refresh_from_db()
    assert proposal.is_excellent
    points = dict(PointEntry.objects.filter(rule__code="P06").values_list("member_id", "points"))
    assert points == {p.member_wang_record.pk: 10, zhao[1].pk: 2}
    with pytest.raises(DomainError):
        ev.commend_proposal(proposal=proposal, by=p.proposal_staff, year=2026)
    with pytest.raises(DomainError):
        ev.commendation_withdraw(commendation=commendation, by=p.proposal_staff, reason="")
    ev.commendation_withdraw(commendation=commendation, by=p.proposal_staff, reason="评选有误")
    proposal.refresh_from_db()
    assert not proposal.is_excellent and not Commendation.objects.exists()
    assert not PointEntry.objects.filter(rule__code="P06").standing().exists()
    # Commended again (say, after a review of the withdrawal), the proposers earn the points again.
    with django_capture_on_commit_callbacks(execute=True):
        ev.commend_proposal(proposal=proposal, by=p.proposal_staff, year=2026)
    assert PointEntry.objects.filter(rule__code="P06").standing().count() == 2


def test_only_replied_proposals_can_be_commended(p: Personas) -> None:
    proposal = filed_proposal(p)
    with pytest.raises(DomainError):
        ev.commend_proposal(proposal=proposal, by=p.proposal_staff, year=2026)
    assert not Commendation.objects.exists()


def test_advanced_unit_is_commended_once_a_year(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        ev.commend_unit(unit=p.unit, by=p.unit_clerk, year=2026)
    ev.commend_unit(unit=p.unit, by=p.proposal_staff, year=2026)
    with pytest.raises(DomainError):
        ev.commend_unit(unit=p.unit, by=p.proposal_staff, year=2026)
    assert Commendation.objects.filter(kind="unit").count() == 1


def test_candidates_are_satisfied_a_results_and_key_proposals(p: Personas) -> None:
    good = open_for_rating(p, title="关于甲的建议")
    ev.rating_submit(proposal=good, by=p.member_wang, work=OK, result=OK)
    key = replied_proposal(p, title="关于乙的建议", result="B", is_key=True)
    replied_proposal(p, title="关于丙的建议", result="B")
    assert {c.pk for c in ev.proposal_candidates(p.city.pk, 2026)} == {good.pk, key.pk}
    units = ev.unit_candidates(p.city.pk, 2026)
    assert [u["unit_id"] for u in units] == [p.unit.pk]


def test_reply_approval_is_not_needed_to_see_the_year_cut(p: Personas) -> None:
    # A proposal of another year is never a candidate.
    replied_proposal(p, year=2025, is_key=True, filed_on=date(2025, 3, 1))
    assert list(ev.proposal_candidates(p.city.pk, 2026)) == []


# --- pages ---------------------------------------------------------------------------------------


def test_member_rates_on_the_rating_page(client: Client, p: Personas) -> None:
    proposal = open_for_rating(p)
    client.force_login(p.member_wang)
    page = client.get(reverse("proposals:rate", args=[proposal.pk]))
    assert page.status_code == 200 and page.context["rating_form"] is not None
    bad = client.post(reverse("proposals:rate", args=[proposal.pk]), {"work": OK, "result": BAD})
    assert bad.status_code == 400 and "不满意的原因" in bad.content.decode()
    assert not Rating.objects.exists()
    done = client.post(reverse("proposals:rate", args=[proposal.pk]), {"work": OK, "result": BASIC})
    assert done.status_code == 302
    assert Rating.objects.get().result == BASIC


def test_rating_page_of_someone_elses_proposal_is_404(client: Client, p: Personas) -> None:
    proposal = open_for_rating(p)
    client.force_login(p.county_b_staff)
    assert client.get(reverse("proposals:rate", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposals:close", args=[proposal.pk])).status_code == 404


def test_panel_shows_form_to_pending_rater_and_buttons_to_staff(rf, p: Personas) -> None:
    proposal = open_for_rating(p)
    request = rf.get("/")
    request.user = p.member_wang
    mine = panel(request, proposal)
    assert mine["rating_form"] is not None and not mine["is_staff"] and mine["show_ratings"]
    request.user = p.unit_clerk
    theirs = panel(request, proposal)
    assert theirs["rating_form"] is None and not theirs["show_ratings"]
    ev.rating_submit(proposal=proposal, by=p.member_wang, work=BAD, result=BAD, comment="未解决")
    request.user = p.proposal_staff
    staff = panel(request, proposal)
    assert staff["can_rehandle"] and staff["can_close"] and staff["pending"] == []
    html = render_to_string("proposals/_panel_evaluation.html", staff, request=request)
    assert "要求重新办理" in html and "不满意" in html and "王建国" in html


def test_staff_rehandle_and_close_through_the_page(client: Client, p: Personas) -> None:
    proposal = open_for_rating(p)
    client.force_login(p.proposal_staff)
    refused = client.post(reverse("proposals:rehandle", args=[proposal.pk]), follow=True)
    assert "没有“不满意”" in refused.content.decode()
    client.post(reverse("proposals:close", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED


def test_staff_record_paper_form_through_the_page(client: Client, p: Personas) -> None:
    proposal = open_for_rating(p)
    client.force_login(p.proposal_staff)
    path = reverse("proposals:rate_on_paper", args=[proposal.pk])
    data = {"member": p.member_wang_record.pk, "work": OK, "result": OK, "note": ""}
    client.post(path, data)
    assert not Rating.objects.exists()
    client.post(path, {**data, "note": "征询意见表已收回"})
    assert Rating.objects.get().by == p.proposal_staff


def test_commendation_page_selects_and_withdraws(client: Client, p: Personas) -> None:
    proposal = replied_proposal(p, is_key=True)
    client.force_login(p.leader)
    page = client.get(reverse("proposals:commendations") + "?year=2026")
    assert page.status_code == 200 and page.context["proposal_candidates"] == []
    assert (
        client.post(
            reverse("proposals:commendations"), {"year": 2026, "action": "unit", "id": p.unit.pk}
        ).status_code
        == 404
    )
    client.force_login(p.proposal_staff)
    page = client.get(reverse("proposals:commendations") + "?year=2026")
    assert [c.pk for c in page.context["proposal_candidates"]] == [proposal.pk]
    client.post(reverse("proposals:commendations"), {"year": 2026, "action": "proposal", "id": proposal.pk})
    client.post(reverse("proposals:commendations"), {"year": 2026, "action": "unit", "id": p.unit.pk})
    assert Commendation.objects.count() == 2
    row = Commendation.objects.get(kind="unit")
    client.post(
        reverse("proposals:commendations"),
        {"year": 2026, "action": "withdraw", "id": row.pk, "reason": "误选"},
    )
    assert list(Commendation.objects.values_list("kind", flat=True)) == ["proposal"]


def test_commendation_page_queries_do_not_grow(client: Client, p: Personas) -> None:
    def count() -> int:
        client.get(reverse("proposals:commendations") + "?year=2026")
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("proposals:commendations") + "?year=2026")
        return len(captured.captured_queries)

    client.force_login(p.proposal_staff)
    for i in range(2):
        replied_proposal(p, title=f"关于第{i}项的建议", is_key=True)
    few = count()
    for i in range(48):
        replied_proposal(p, title=f"关于第{i + 2}项的建议", is_key=True)
    assert count() == few
