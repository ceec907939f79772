"""A micro-suggestion through every role: the member writes it, the office screens and routes it
to a handling unit within the committee's working days, the unit answers (or sends it back), the
member rates the answer; deadlines are working days and overdue ones are chased once; the office
carries it on as 社情民意, the member as a proposal draft; scope and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from tests.participation.conftest import data, png_bytes, submit
from tests.personas import Personas, _user
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workdays import add_working_days
from zhengxie.notices.models import Notice
from zhengxie.opinions.models import Opinion
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.participation.models import MicroPhoto, MicroSuggestion
from zhengxie.participation.permissions import get_micro_for_user
from zhengxie.participation.services import micro as svc
from zhengxie.proposals.models import Proposal
from zhengxie.reports.workbench import pending_items

pytestmark = pytest.mark.django_db
S = MicroSuggestion.State


def labels(user: Any, committee_id: int) -> dict[str, int]:
    return {i.label: i.count for i in pending_items(user, committee_id)}


def test_member_office_unit_member_round_trip(p: Personas, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        micro = submit(p)
    assert micro.state == S.SUBMITTED
    assert micro.screen_due_on == add_working_days(timezone.localdate(micro.submitted_at), 3)
    assert labels(p.proposal_staff, p.city.pk)["待甄别交办的微建议"] == 1
    assert Notice.objects.filter(recipient=p.info_staff, title__contains="待甄别").exists()
    # The unit does not see it before it is routed.
    with pytest.raises(Http404):
        get_micro_for_user(p.unit_clerk, micro.pk)

    with django_capture_on_commit_callbacks(execute=True):
        svc.micro_route(micro=micro, by=p.proposal_staff, unit=p.unit, note="请核实")
    micro.refresh_from_db()
    assert micro.state == S.ROUTED and micro.unit == p.unit
    assert micro.routed_at is not None
    assert micro.answer_due_on == add_working_days(timezone.localdate(micro.routed_at), 10)
    assert labels(p.unit_clerk, p.city.pk)["待答复的微建议"] == 1
    assert Notice.objects.filter(recipient=p.unit_clerk, title__contains="交办微建议").exists()
    # Points for the member through the duty rule W01.
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="W01").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        svc.micro_answer(
            micro=get_micro_for_user(p.unit_clerk, micro.pk), by=p.unit_clerk, answer="已更换井盖。"
        )
    assert labels(p.member_wang, p.city.pk)["待评价的微建议答复"] == 1
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="请评价").exists()

    micro = get_micro_for_user(p.member_wang, micro.pk)
    svc.micro_rate(micro=micro, by=p.member_wang, rating="satisfied")
    micro.refresh_from_db()
    assert micro.state == S.RATED and micro.answered_on_time
    actions = list(AuditEvent.objects.filter(object_id=str(micro.pk)).values_list("action", flat=True))
    assert {
        "participation.micro.submitted",
        "participation.micro.routed",
        "participation.micro.rated",
    } <= set(actions)
    assert "待评价的微建议答复" not in labels(p.member_wang, p.city.pk)


def test_wrong_roles_cannot_take_steps(p: Personas) -> None:
    micro = submit(p)
    with pytest.raises(NotAllowed):
        svc.micro_route(micro=micro, by=p.member_wang, unit=p.unit)
    with pytest.raises(NotAllowed):
        svc.micro_route(micro=micro, by=p.supervision_staff, unit=p.unit)
    svc.micro_route(micro=micro, by=p.info_staff, unit=p.unit)
    with pytest.raises(NotAllowed):
        svc.micro_answer(micro=micro, by=p.proposal_staff, answer="代答")
    with pytest.raises(DomainError, match="办理中"):
        svc.micro_rate(micro=micro, by=p.member_wang, rating="satisfied")  # not answered yet
    svc.micro_answer(micro=micro, by=p.unit_clerk, answer="已更换")
    with pytest.raises(NotAllowed):
        svc.micro_rate(micro=micro, by=p.leader, rating="satisfied")


def test_wrong_state_gives_a_clear_message(p: Personas) -> None:
    micro = submit(p)
    with pytest.raises(DomainError, match="待甄别"):
        svc.micro_answer(micro=micro, by=p.unit_clerk, answer="已办")
    svc.micro_decline(micro=micro, by=p.proposal_staff, reason="属于司法程序事项")
    with pytest.raises(DomainError, match="不予交办"):
        svc.micro_route(micro=micro, by=p.proposal_staff, unit=p.unit)


def test_unit_sends_it_back_and_the_office_routes_again(p: Personas) -> None:
    micro = submit(p)
    svc.micro_route(micro=micro, by=p.proposal_staff, unit=p.unit)
    svc.micro_return(micro=micro, by=p.unit_clerk, reason="属交通部门职责")
    micro.refresh_from_db()
    assert micro.state == S.SUBMITTED and micro.unit is None and "退回" in micro.routing_note
    other = HandlingUnit.objects.create(committee=p.city, name="市交通运输局")
    svc.micro_route(micro=micro, by=p.proposal_staff, unit=other)
    with pytest.raises(Http404):
        get_micro_for_user(p.unit_clerk, micro.pk)


def test_unsatisfied_rating_needs_a_reason_and_tells_the_office(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    micro = submit(p)
    svc.micro_route(micro=micro, by=p.proposal_staff, unit=p.unit)
    svc.micro_answer(micro=micro, by=p.unit_clerk, answer="已办")
    with pytest.raises(DomainError, match="理由"):
        svc.micro_rate(micro=micro, by=p.member_wang, rating="unsatisfied")
    with django_capture_on_commit_callbacks(execute=True):
        svc.micro_rate(micro=micro, by=p.member_wang, rating="unsatisfied", comment="井盖仍未更换")
    assert Notice.objects.filter(recipient=p.proposal_staff, title__contains="不满意").exists()


def test_overdue_answer_and_screening_are_chased_once(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    late_screen = submit(p, title="待甄别已超期")
    routed = submit(p, title="答复已逾期")
    svc.micro_route(micro=routed, by=p.proposal_staff, unit=p.unit)
    assert routed.answer_due_on is not None
    later = routed.answer_due_on + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.chase_overdue(later) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.chase_overdue(later) == 0  # claimed: a rerun sends nothing
    assert Notice.objects.filter(recipient=p.unit_clerk, title__contains="答复已逾期").count() == 1
    assert Notice.objects.filter(recipient=p.proposal_staff, title__contains="超过甄别期限").count() == 1
    late_screen.refresh_from_db()
    assert late_screen.screen_chased_at is not None


def test_deadlines_skip_holidays(p: Personas) -> None:
    # 2026-09-30 (Wed) + 3 working days crosses the National Day holiday.
    assert add_working_days(date(2026, 9, 30), 3) > date(2026, 10, 7)
    svc.settings_update(committee_id=p.city.pk, by=p.proposal_staff, screen_days=1, answer_days=5)
    micro = submit(p)
    assert micro.screen_due_on == add_working_days(timezone.localdate(micro.submitted_at), 1)
    with pytest.raises(DomainError):
        svc.settings_update(committee_id=p.city.pk, by=p.proposal_staff, screen_days=0, answer_days=5)


def test_office_carries_it_on_as_opinion_and_member_as_proposal_draft(p: Personas) -> None:
    micro = submit(p)
    with pytest.raises(NotAllowed):
        svc.micro_to_opinion(micro=micro, by=p.member_wang)
    opinion_id = svc.micro_to_opinion(micro=micro, by=p.info_staff)
    opinion = Opinion.objects.get(pk=opinion_id)
    assert opinion.link_id == micro.pk and "微建议" in opinion.link_label
    assert list(opinion.author_rows.values_list("member_id", flat=True)) == [p.member_wang_record.pk]
    assert svc.micro_to_opinion(micro=micro, by=p.info_staff) == opinion_id  # once
    with pytest.raises(NotAllowed):
        svc.micro_to_proposal(micro=micro, by=p.info_staff)
    proposal_id = svc.micro_to_proposal(micro=micro, by=p.member_wang)
    proposal = Proposal.objects.get(pk=proposal_id)
    assert proposal.state == Proposal.State.DRAFT and micro.body in proposal.situation
    micro.refresh_from_db()
    assert micro.opinion_id == opinion_id and micro.proposal_id == proposal_id


def test_scope_unit_sees_only_its_own_and_other_committee_is_404(p: Personas) -> None:
    mine = submit(p)
    other_unit = HandlingUnit.objects.create(committee=p.city, name="市交通运输局")
    svc.micro_route(micro=mine, by=p.proposal_staff, unit=other_unit)
    with pytest.raises(Http404):
        get_micro_for_user(p.unit_clerk, mine.pk)
    with pytest.raises(Http404):
        get_micro_for_user(p.county_b_staff, mine.pk)
    with pytest.raises(Http404):
        get_micro_for_user(p.member_county, mine.pk)
    assert get_micro_for_user(p.leader, mine.pk) == mine
    county_staff = _user("county_a_info", "甲县信息", p.county_a, Role.INFO_STAFF)
    with pytest.raises(Http404):
        get_micro_for_user(county_staff, mine.pk)
    with pytest.raises(DomainError, match="本政协"):
        county_unit = HandlingUnit.objects.create(committee=p.county_a, name="甲县住建局")
        svc.micro_route(micro=submit(p), by=p.proposal_staff, unit=county_unit)


def test_only_members_submit(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        svc.micro_submit(committee_id=p.city.pk, by=p.proposal_staff, data=data())
    with pytest.raises(NotAllowed):
        svc.micro_submit(committee_id=p.city.pk, by=p.member_county, data=data())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body": "长" * 301}, "300"),
        ({"title": ""}, "标题"),
        ({"body": "井盖\x1b[31m破损"}, "控制字符"),
    ],
)
def test_bad_text_is_refused_and_nothing_stored(p: Personas, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        submit(p, **kwargs)
    assert not MicroSuggestion.objects.exists()


def test_photos_are_checked_and_oversized_refused(p: Personas) -> None:
    ok = SimpleUploadedFile("井盖.png", png_bytes(), content_type="image/png")
    micro = svc.micro_submit(committee_id=p.city.pk, by=p.member_wang, data=data(), photos=[ok])
    assert MicroPhoto.objects.filter(suggestion=micro).count() == 1
    big = SimpleUploadedFile("大图.png", png_bytes(extra=6 * 1024 * 1024), content_type="image/png")
    with pytest.raises(DomainError, match="5 MB"):
        svc.micro_submit(committee_id=p.city.pk, by=p.member_wang, data=data(title="第二条"), photos=[big])
    fake = SimpleUploadedFile("假图.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(DomainError):
        svc.micro_submit(committee_id=p.city.pk, by=p.member_wang, data=data(title="第三条"), photos=[fake])
    doc = SimpleUploadedFile("文件.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with pytest.raises(DomainError, match="图片"):
        svc.micro_submit(committee_id=p.city.pk, by=p.member_wang, data=data(title="第四条"), photos=[doc])
    assert MicroSuggestion.objects.count() == 1 and MicroPhoto.objects.count() == 1
