"""Joint activities: co-organisers from the committee tree at once and from outside by an
accepted invitation; each co-organiser invites its own members; attendance and points land in
each member's own committee's ledger exactly once; a co-organiser sees the joint activity and its
own members only; outcomes belong to every organiser; clashes across committees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.duty.models import PointEntry
from zhengxie.joint import selectors, services
from zhengxie.joint.models import CoOrganiser
from zhengxie.joint.workbench import pending_items
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org.models import Committee, Member, ParticipatingUnit, Sector

pytestmark = pytest.mark.django_db


def _standing(member: Member) -> list[tuple[int, str]]:
    return sorted(
        (e.committee_id, e.rule.code)
        for e in PointEntry.objects.filter(member=member).standing().select_related("rule")
    )


def test_tree_relatives_co_organise_at_once_and_outside_committees_must_accept(
    p: Personas, meeting: Activity, county_staff: User, outside: Committee, outside_staff: User
) -> None:
    lower = services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    upper = services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.province)
    far = services.co_organiser_add(
        activity=meeting, by=p.activity_staff, partner=outside, note="川渝联合协商"
    )
    assert (lower.relation, lower.state) == ("lower", "accepted")
    assert (upper.relation, upper.state) == ("upper", "accepted")
    assert (far.relation, far.state) == ("outside", "invited")
    # The invited office hears of it and finds it on its home page.
    assert Notice.objects.filter(recipient=outside_staff, title__contains="联办邀请").exists()
    assert [i.label for i in pending_items(outside_staff, outside.pk)] == ["待确认的联办邀请"]
    with pytest.raises(DomainError, match="请先确认联办"):
        services.members_invite(activity=meeting, committee_id=outside.pk, by=outside_staff, members=[])
    with pytest.raises(NotAllowed):  # the county cannot answer for the outside committee
        services.co_organiser_answer(row=far, by=county_staff, accept=True)
    with pytest.raises(DomainError, match="理由"):
        services.co_organiser_answer(row=far, by=outside_staff, accept=False)
    services.co_organiser_answer(row=far, by=outside_staff, accept=True, note="同意")
    assert CoOrganiser.objects.get(pk=far.pk).state == "accepted"
    assert Notice.objects.filter(recipient=p.activity_staff, title__contains="同意联办").exists()
    assert pending_items(outside_staff, outside.pk)[0].label == "联办活动待邀请本会委员"
    with pytest.raises(DomainError, match="当前状态"):
        services.co_organiser_answer(row=far, by=outside_staff, accept=False, note="又不来了")


def test_sibling_relation(p: Personas) -> None:
    assert services.relation_of(p.county_a, p.county_b) == "sibling"
    assert services.relation_of(p.county_a, p.province) == "upper"
    assert services.relation_of(p.province, p.county_b) == "lower"


def test_bad_input_stores_nothing(p: Personas, meeting: Activity, county_staff: User) -> None:
    unit = ParticipatingUnit.objects.create(committee=p.county_a, name="县民盟", kind="party")
    for kwargs, message in (
        ({}, "请选择一个联办"),
        ({"partner": p.city}, "不能选择本政协"),
        ({"unit": unit}, "不属于本政协"),
        ({"partner": p.county_a, "venue": "会" * 101}, "不能超过100个字"),
    ):
        with pytest.raises(DomainError, match=message):
            services.co_organiser_add(activity=meeting, by=p.activity_staff, **kwargs)
    with pytest.raises(NotAllowed):  # only the host's activity staff add co-organisers
        services.co_organiser_add(activity=meeting, by=county_staff, partner=p.county_a)
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    with pytest.raises(DomainError, match="已在联办单位中"):
        services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    assert CoOrganiser.objects.count() == 1


def test_each_office_invites_its_own_members_only(
    p: Personas, meeting: Activity, county_staff: User, county_member: Member
) -> None:
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    # The host still cannot invite another committee's member…
    with pytest.raises(DomainError, match="不属于本政协"):
        activities.invite(activity=meeting, by=p.activity_staff, members=[county_member])
    # …nor can the county invite the city's.
    with pytest.raises(DomainError, match="只能邀请本会的委员"):
        services.members_invite(
            activity=meeting, committee_id=p.county_a.pk, by=county_staff, members=[p.member_wang_record]
        )
    # A committee that is not a co-organiser cannot invite at all.
    with pytest.raises(NotAllowed):
        services.members_invite(
            activity=meeting, committee_id=p.county_b.pk, by=county_staff, members=[county_member]
        )
    n = services.members_invite(
        activity=meeting, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    assert n == 1
    inv = Invitation.objects.get(member=county_member)
    assert inv.committee_id == p.city.pk  # the host's record, with the member of the county
    assert Notice.objects.filter(recipient=p.member_county, title__contains="活动邀请").exists()
    event = AuditEvent.objects.get(action="joint.members.invited")
    assert event.committee_id == p.county_a.pk


def test_a_person_on_two_rosters_is_invited_once(p: Personas, meeting: Activity, county_staff: User) -> None:
    """王委员 is also a member of 甲县: invited by the city, the county cannot invite him again."""
    from zhengxie.org import services as org_services

    sector = Sector.objects.get(committee=p.county_a)
    wang_in_county = org_services.member_create(
        committee=p.county_a, person=p.member_wang_record.person, sector=sector, by=None
    )
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    n = services.members_invite(
        activity=meeting, committee_id=p.county_a.pk, by=county_staff, members=[wang_in_county]
    )
    assert n == 0
    assert Invitation.objects.filter(activity=meeting).count() == 1


def test_joint_activity_points_land_in_each_committee_ledger_exactly_once(
    p: Personas, meeting_now: Activity, county_staff: User, county_member: Member
) -> None:
    services.co_organiser_add(
        activity=meeting_now, by=p.activity_staff, partner=p.county_a, venue="甲县分会场"
    )
    activities.invite(activity=meeting_now, by=p.activity_staff, members=[p.member_wang_record])
    services.members_invite(
        activity=meeting_now, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    # The county member signs in by the host's QR code…
    activities.sign_in(activity=meeting_now, member=county_member, by=p.member_county)
    # …and the county office also records him at its venue, twice: nothing changes twice.
    inv = Invitation.objects.select_related("activity", "member").get(member=county_member)
    services.attendance_set(invitation=inv, committee_id=p.county_a.pk, by=county_staff, status="present")
    services.attendance_set(invitation=inv, committee_id=p.county_a.pk, by=county_staff, status="present")
    activities.sign_in(activity=meeting_now, member=p.member_wang_record, by=p.member_wang)
    activities.activity_close(activity=meeting_now, by=p.activity_staff)
    assert _standing(p.member_wang_record) == [(p.city.pk, "M04")]
    assert _standing(county_member) == [(p.county_a.pk, "M04")]
    assert Invitation.objects.get(member=county_member).remote is True
    # The county's staff cannot record the city's members.
    wang = Invitation.objects.select_related("activity", "member").get(member=p.member_wang_record)
    with pytest.raises(NotAllowed):
        services.attendance_set(
            invitation=wang, committee_id=p.county_a.pk, by=county_staff, status="unexcused"
        )


def test_outcomes_and_tally_belong_to_every_organiser(
    p: Personas, meeting_now: Activity, county_staff: User, county_member: Member
) -> None:
    from zhengxie.consultations import config
    from zhengxie.consultations.models import Consultation, Outcome

    c = Consultation.objects.create(
        committee=p.city, title="城市更新", form=config.forms_for(p.city.pk)[0],
        step_started_on=timezone.localdate(), created_by=p.activity_staff,
    )  # fmt: skip
    Activity.objects.filter(pk=meeting_now.pk).update(consultation=c)
    meeting_now.refresh_from_db()
    Outcome.objects.create(
        committee=p.city, consultation=c, kind="special_report", title="协商专报", body="建议",
        submitted_at=timezone.now(), created_by=p.activity_staff,
    )  # fmt: skip
    services.co_organiser_add(activity=meeting_now, by=p.activity_staff, partner=p.county_a)
    services.members_invite(
        activity=meeting_now, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    activities.sign_in(activity=meeting_now, member=county_member, by=p.member_county)
    assert [o.title for o in selectors.shared_outcomes(meeting_now)] == ["协商专报"]
    year = timezone.localdate().year
    assert selectors.year_tally(p.county_a.pk, year) == {
        "hosted": 0,
        "partnered": 1,
        "present": 1,
        "outcomes": 1,
    }
    assert selectors.year_tally(p.city.pk, year)["hosted"] == 1


def test_clashes_across_committees(
    p: Personas, meeting: Activity, county_staff: User, county_member: Member
) -> None:
    services.co_organiser_add(
        activity=meeting, by=p.activity_staff, partner=p.county_a, venue="甲县政协会议室"
    )
    services.members_invite(
        activity=meeting, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    # The county has its own meeting that afternoon, in its venue, with the same member.
    own = activities.activity_create(
        committee_id=p.county_a.pk, by=county_staff, kind="research", title="甲县专题调研",
        starts_at=meeting.starts_at + timedelta(hours=5), ends_at=meeting.starts_at + timedelta(hours=7),
        place="甲县政协会议室",
    )  # fmt: skip
    Invitation.objects.create(committee=p.county_a, activity=own, member=county_member)
    county_view = selectors.clashes(meeting, p.county_a.pk)
    assert any("李淑芬同日另有安排：“甲县专题调研”" in w for w in county_view)
    assert any("场地“甲县政协会议室”" in w for w in county_view)
    # The host is told too, but not the title of the county's own activity.
    host_view = selectors.clashes(meeting, p.city.pk)
    assert any("李淑芬同日另有安排：甲县政协的一项活动" in w for w in host_view)
    assert not any("甲县专题调研" in w for w in host_view)


def test_withdraw_and_closed_activity(
    p: Personas, meeting_now: Activity, county_staff: User, county_member: Member
) -> None:
    row = services.co_organiser_add(activity=meeting_now, by=p.activity_staff, partner=p.county_b)
    services.co_organiser_withdraw(row=row, by=p.activity_staff)
    assert not CoOrganiser.objects.exists()
    row = services.co_organiser_add(activity=meeting_now, by=p.activity_staff, partner=p.county_a)
    services.members_invite(
        activity=meeting_now, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    with pytest.raises(DomainError, match="不能撤回"):
        services.co_organiser_withdraw(row=row, by=p.activity_staff)
    activities.activity_close(activity=meeting_now, by=p.activity_staff)
    meeting_now.refresh_from_db()
    with pytest.raises(DomainError, match="已举行或已取消"):
        services.co_organiser_add(activity=meeting_now, by=p.activity_staff, partner=p.county_b)
