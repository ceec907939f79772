"""Activities: invitation by list, sector, special committee or standing members; registration,
leave with approval, QR sign-in with a signed expiring token, staff override, speeches, and the
attendance that reaches the duty ledger."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from tests.personas import Personas
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

from .conftest import at

pytestmark = pytest.mark.django_db


def _points(member: Member) -> list[tuple[str, str]]:
    return sorted(
        (e.rule.code, str(e.points))
        for e in PointEntry.objects.filter(member=member).standing().select_related("rule")
    )


def test_invite_by_sector_special_committee_and_standing_members(
    p: Personas, meeting: Activity, member_zhao: Member
) -> None:
    assert activities.invite(activity=meeting, by=p.activity_staff, specials=[p.special]) == 1
    assert activities.invite(activity=meeting, by=p.activity_staff, sectors=[p.sector]) == 1  # 赵 is new
    assert activities.invite(activity=meeting, by=p.activity_staff, standing=True) == 0
    assert set(meeting.invitations.values_list("member_id", flat=True)) == {
        p.member_wang_record.pk,
        member_zhao.pk,
    }


def test_members_of_another_committee_cannot_be_invited(p: Personas, meeting: Activity) -> None:
    county_member = Member.objects.get(committee=p.county_a)
    with pytest.raises(DomainError, match="不属于本政协"):
        activities.invite(activity=meeting, by=p.activity_staff, members=[county_member])
    assert not Invitation.objects.exists()


def test_register_and_leave_with_approval(p: Personas, meeting: Activity, member_zhao: Member) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record, member_zhao])
    wang = Invitation.objects.get(member=p.member_wang_record)
    zhao = Invitation.objects.get(member=member_zhao)
    activities.invitation_register(invitation=wang, by=p.member_wang)
    with pytest.raises(DomainError, match="请假事由"):
        activities.invitation_ask_leave(invitation=zhao, by=member_zhao.person.user, reason=" ")
    activities.invitation_ask_leave(invitation=zhao, by=member_zhao.person.user, reason="出差")
    activities.invitation_decide_leave(invitation=zhao, by=p.activity_staff, approve=True)
    with pytest.raises(DomainError, match="没有待审批"):
        activities.invitation_decide_leave(invitation=zhao, by=p.activity_staff, approve=True)
    assert Invitation.objects.get(pk=zhao.pk).reply == Invitation.Reply.EXCUSED


def test_sign_in_by_qr_token_scores_attendance_and_closing_records_absences(
    p: Personas, meeting_now: Activity, member_zhao: Member
) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record, member_zhao])
    token = activities.sign_in_token(meeting_now)
    assert activities.activity_for_token(token) == meeting_now.pk
    inv = activities.sign_in(activity=meeting_now, member=p.member_wang_record, by=p.member_wang)
    assert inv.attendance == "present" and inv.signed_in_at is not None
    again = activities.sign_in(activity=meeting_now, member=p.member_wang_record, by=p.member_wang)
    assert again.signed_in_at == inv.signed_in_at
    assert _points(p.member_wang_record) == [("M04", "4.00")]
    counts = activities.activity_close(activity=meeting_now, by=p.activity_staff)
    assert counts == {"present": 1, "excused": 0, "unexcused": 1}
    assert _points(member_zhao) == [("D04", "-2.00")]
    from zhengxie.audit.models import AuditEvent

    held = AuditEvent.objects.get(action="consultations.activity.held")
    assert held.data["unexcused"] == 1 and held.data["to"] == "held"
    with pytest.raises(DomainError, match="已举行"):
        activities.activity_close(activity=meeting_now, by=p.activity_staff)


def test_a_forged_or_expired_token_is_refused(p: Personas, meeting_now: Activity) -> None:
    forged = signing.dumps({"a": meeting_now.pk, "u": 9999999999}, salt="another-salt")
    with pytest.raises(DomainError, match="无效"):
        activities.activity_for_token(forged)
    with pytest.raises(DomainError, match="无效"):
        activities.activity_for_token("not-a-token")
    token = activities.sign_in_token(meeting_now)
    with (
        time_machine.travel(meeting_now.ends_at + timedelta(hours=2)),
        pytest.raises(DomainError, match="过期"),
    ):
        activities.activity_for_token(token)


def test_only_invited_members_sign_in_and_not_too_early(
    p: Personas, meeting: Activity, member_zhao: Member
) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    with pytest.raises(DomainError, match="尚未开始"):
        activities.sign_in(activity=meeting, member=p.member_wang_record, by=p.member_wang)
    with time_machine.travel(meeting.starts_at), pytest.raises(DomainError, match="邀请名单"):
        activities.sign_in(activity=meeting, member=member_zhao, by=member_zhao.person.user)


def test_staff_override_corrects_the_ledger(p: Personas, meeting_now: Activity) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.select_related("activity", "member").get()
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="unexcused")
    assert _points(p.member_wang_record) == [("D04", "-2.00")]
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="present")
    assert _points(p.member_wang_record) == [("M04", "4.00")]
    with pytest.raises(DomainError, match="出席情况只能是"):
        activities.attendance_set(invitation=inv, by=p.activity_staff, status="maybe")


def test_speeches_score_once_per_meeting_with_their_count(p: Personas, meeting_now: Activity) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.select_related("activity", "member").get()
    with pytest.raises(DomainError, match="未出席"):
        activities.speech_record(invitation=inv, by=p.activity_staff)
    activities.sign_in(activity=meeting_now, member=p.member_wang_record, by=p.member_wang)
    inv.refresh_from_db()
    activities.speech_record(invitation=inv, by=p.activity_staff)
    activities.speech_record(invitation=inv, by=p.activity_staff)
    assert ("M08", "6.00") in _points(p.member_wang_record)


def test_speech_points_leave_with_a_correction_to_absent_and_come_back_with_present(
    p: Personas, meeting_now: Activity
) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.select_related("activity", "member").get()
    activities.sign_in(activity=meeting_now, member=p.member_wang_record, by=p.member_wang)
    inv.refresh_from_db()
    activities.speech_record(invitation=inv, by=p.activity_staff)
    activities.speech_record(invitation=inv, by=p.activity_staff)
    assert _points(p.member_wang_record) == [("M04", "4.00"), ("M08", "6.00")]

    activities.attendance_set(invitation=inv, by=p.activity_staff, status="excused")
    assert _points(p.member_wang_record) == []
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="unexcused")
    assert _points(p.member_wang_record) == [("D04", "-2.00")]
    # The ledger keeps the speech entry and its reversal; the invitation keeps the count.
    speech_entries = PointEntry.objects.filter(member=p.member_wang_record, rule__code="M08")
    assert speech_entries.filter(reverses__isnull=False, points=-6).count() == 1
    assert Invitation.objects.get(pk=inv.pk).speeches == 2

    activities.attendance_set(invitation=inv, by=p.activity_staff, status="present")
    assert _points(p.member_wang_record) == [("M04", "4.00"), ("M08", "6.00")]
    from zhengxie.audit.models import AuditEvent

    reasons = AuditEvent.objects.filter(action="duty.points.reversed").values_list("data__reason", flat=True)
    assert sum("发言不再计分" in r for r in reasons) == 1
    # An absent member still cannot be given a speech.
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="unexcused")
    inv.refresh_from_db()
    with pytest.raises(DomainError, match="未出席"):
        activities.speech_record(invitation=inv, by=p.activity_staff)
    assert Invitation.objects.get(pk=inv.pk).speeches == 2


def test_a_member_without_speeches_is_corrected_as_before(p: Personas, meeting_now: Activity) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.select_related("activity", "member").get()
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="present")
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="excused")
    assert not PointEntry.objects.filter(rule__code="M08").exists()


def test_remote_consultation_needs_a_video_link_and_takes_remote_sign_in(p: Personas) -> None:
    now = timezone.now()
    with pytest.raises(DomainError, match="视频会议链接"):
        activities.activity_create(
            committee_id=p.city.pk, by=p.activity_staff, kind="remote", title="远程协商",
            starts_at=now, ends_at=now + timedelta(hours=2),
        )  # fmt: skip
    remote = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="remote", title="远程协商",
        starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=2),
        video_link="https://meet.example.gov.cn/room/1",
    )  # fmt: skip
    activities.invite(activity=remote, by=p.activity_staff, members=[p.member_wang_record])
    inv = activities.sign_in(activity=remote, member=p.member_wang_record, by=p.member_wang, remote=True)
    assert inv.remote


def test_bad_activity_input_stores_nothing(p: Personas) -> None:
    with pytest.raises(DomainError) as err:
        activities.activity_create(
            committee_id=p.city.pk, by=p.activity_staff, kind="nonsense", title="", starts_at=at(3), ends_at=at(2),
        )  # fmt: skip
    assert "请选择活动类型" in err.value.message and "结束时间" in err.value.message
    assert not Activity.objects.exists()


def test_no_registration_after_the_start(p: Personas, meeting_now: Activity) -> None:
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    inv = Invitation.objects.select_related("activity").get()
    with pytest.raises(DomainError, match="已开始"):
        activities.invitation_register(invitation=inv, by=p.member_wang)


def test_a_consultation_meeting_warns_when_notice_and_materials_come_late(p: Personas) -> None:
    from zhengxie.consultations import config, selectors
    from zhengxie.consultations.services import plans

    c = plans.consultation_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        title="议题",
        form=config.form_named(p.city.pk, "专题协商会"),
    )
    soon = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="协商会", starts_at=at(5),
        ends_at=at(5, 12), place="会议室", consultation=c,
    )  # fmt: skip
    activities.invite(activity=soon, by=p.activity_staff, members=[p.member_wang_record])
    warnings = selectors.notice_warnings(soon)
    assert any("少于规定的15个工作日" in w for w in warnings)
    assert any("尚未登记会议材料" in w for w in warnings)
    later = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="协商会", starts_at=at(60),
        ends_at=at(60, 12), place="会议室", consultation=c,
    )  # fmt: skip
    activities.invite(activity=later, by=p.activity_staff, members=[p.member_wang_record])
    assert selectors.notice_warnings(later) == []


def test_activities_left_open_are_closed_by_the_job_a_day_later(p: Personas, meeting_now: Activity) -> None:
    from zhengxie.consultations import reminders

    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    assert reminders.close_finished_activities() == 0
    with time_machine.travel(meeting_now.ends_at + timedelta(days=1, minutes=1)):
        assert reminders.close_finished_activities() == 1
        assert reminders.close_finished_activities() == 0
    assert Activity.objects.get(pk=meeting_now.pk).state == Activity.State.HELD
    assert _points(p.member_wang_record) == [("D04", "-2.00")]
