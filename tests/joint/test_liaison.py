"""A party's liaison (党派团体联络人) on a joint activity its party co-organises: it sees only
that activity, invites the party's own members (the members seated in the party's sector),
records their attendance (points in the member's own ledger once) and sees the outcomes — and
nothing else of the host."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.joint.conftest import make_member
from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.duty.models import PointEntry
from zhengxie.joint import services
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org import services as org_services
from zhengxie.org.models import Member, ParticipatingUnit, RoleAssignment, Sector
from zhengxie.org.roles import Role

pytestmark = pytest.mark.django_db


def _party(p: Personas, name: str, sector_name: str) -> ParticipatingUnit:
    sector = Sector.objects.create(committee=p.city, name=sector_name)
    return ParticipatingUnit.objects.create(committee=p.city, name=name, kind="party", sector=sector)


def _liaison(username: str, p: Personas, unit: ParticipatingUnit) -> User:
    user = _user(username, f"{unit.name}联络员", p.city, Role.ACTIVITY_STAFF)
    RoleAssignment.objects.filter(user=user).delete()
    org_services.role_grant(
        user=user, committee=p.city, role=Role.UNIT_LIAISON, by=None, participating_unit=unit
    )
    user.refresh_from_db()
    return user


def _own_member(unit: ParticipatingUnit, username: str, name: str, phone: str) -> Member:
    member = make_member(unit.committee, username, name, phone)
    Member.objects.filter(pk=member.pk).update(sector=unit.sector)
    member.refresh_from_db()
    return member


@pytest.fixture
def party_a(p: Personas) -> ParticipatingUnit:
    return _party(p, "民盟", "中国民主同盟")


@pytest.fixture
def party_b(p: Personas) -> ParticipatingUnit:
    return _party(p, "民进", "中国民主促进会")


@pytest.fixture
def liaison_a(p: Personas, party_a: ParticipatingUnit) -> User:
    return _liaison("liaison_a", p, party_a)


@pytest.fixture
def zhao(party_a: ParticipatingUnit) -> Member:
    """赵委员, a city member seated in 民盟's sector: 民盟's own."""
    return _own_member(party_a, "zhao", "赵明远", "13800001001")


def _now_meeting(p: Personas, title: str = "双周协商座谈会") -> Activity:
    now = timezone.now()
    return activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=Activity.Kind.CONSULTATION, title=title,
        starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2), place="市政协一楼报告厅",
    )  # fmt: skip


@pytest.fixture
def joint(p: Personas, party_a: ParticipatingUnit, liaison_a: User) -> Activity:
    activity = _now_meeting(p)
    services.co_organiser_add(activity=activity, by=p.activity_staff, unit=party_a, note="组织本党派委员建言")
    return activity


def test_liaison_hears_of_the_activity_and_sees_it_on_home_and_list(
    p: Personas, party_a: ParticipatingUnit, liaison_a: User, meeting: Activity, client: Client
) -> None:
    services.co_organiser_add(activity=meeting, by=p.activity_staff, unit=party_a)
    assert Notice.objects.filter(recipient=liaison_a, url=reverse("joint:detail", args=[meeting.pk])).exists()
    client.force_login(liaison_a)
    home = client.get("/").content.decode()
    assert "联办活动待邀请本党派团体委员" in home
    listing = client.get(reverse("joint:list") + "?task=unit_to_invite")
    assert listing.status_code == 200
    assert [a.pk for a in listing.context["page"].items] == [meeting.pk]
    body = listing.content.decode()
    assert "民盟联办的活动" in body and "年主办联办活动" not in body


def test_liaison_invites_own_member_through_the_invitation_service(
    p: Personas, joint: Activity, liaison_a: User, zhao: Member, client: Client
) -> None:
    client.force_login(liaison_a)
    page = client.get(reverse("joint:detail", args=[joint.pk])).content.decode()
    assert "赵明远" in page and p.member_wang_record.person.name not in page
    response = client.post(
        reverse("joint:act", args=[joint.pk, "invite"]), {"members": [zhao.pk]}, follow=True
    )
    assert "已邀请1位委员" in response.content.decode()
    inv = Invitation.objects.get(activity=joint, member=zhao)
    assert inv.committee_id == p.city.pk
    assert Notice.objects.filter(recipient=zhao.person.user, key=f"consultations.invited.{joint.pk}").exists()
    assert AuditEvent.objects.filter(action="joint.unit_members.invited").exists()
    assert AuditEvent.objects.filter(action="consultations.activity.invited", actor=liaison_a).exists()
    # The home-page task is done.
    assert "联办活动待邀请本党派团体委员" not in client.get("/").content.decode()


def test_liaison_cannot_invite_a_member_who_is_not_its_own(
    p: Personas, joint: Activity, liaison_a: User, client: Client
) -> None:
    wang = p.member_wang_record  # 经济界: not 民盟's
    client.force_login(liaison_a)
    response = client.post(
        reverse("joint:act", args=[joint.pk, "invite"]), {"members": [wang.pk]}, follow=True
    )
    assert "只能邀请本党派团体的委员" in response.content.decode()
    assert not Invitation.objects.filter(activity=joint).exists()
    party_a = ParticipatingUnit.objects.get(name="民盟")
    with pytest.raises(DomainError, match="只能邀请民盟的委员"):
        services.unit_members_invite(activity=joint, unit=party_a, by=liaison_a, members=[wang])
    assert not Invitation.objects.filter(activity=joint).exists()


def test_liaison_of_party_a_cannot_open_an_activity_of_party_b_only(
    p: Personas, party_b: ParticipatingUnit, liaison_a: User, joint: Activity, zhao: Member, client: Client
) -> None:
    other = _now_meeting(p, "民进专题协商")
    services.co_organiser_add(activity=other, by=p.activity_staff, unit=party_b)
    plain = _now_meeting(p, "市政协内部会议")
    client.force_login(liaison_a)
    for activity in (other, plain):
        assert client.get(reverse("joint:detail", args=[activity.pk])).status_code == 404
        assert (
            client.post(
                reverse("joint:act", args=[activity.pk, "invite"]), {"members": [zhao.pk]}
            ).status_code
            == 404
        )
        assert client.get(reverse("joint:sign_in_sheet", args=[activity.pk])).status_code == 404
    listing = client.get(reverse("joint:list"))
    assert [a.pk for a in listing.context["page"].items] == [joint.pk]
    # Nothing else of the host: its activity pages, lists and the office's joint tally.
    assert client.get(reverse("consultations:activity_detail", args=[joint.pk])).status_code == 404
    assert client.get(reverse("consultations:activity_list")).status_code == 404
    assert client.get(reverse("org:member_list")).status_code == 404
    with pytest.raises(NotAllowed):
        services.unit_members_invite(activity=other, unit=party_b, by=liaison_a, members=[])


def test_liaison_sees_only_its_own_members_on_the_sign_in_list(
    p: Personas, joint: Activity, liaison_a: User, zhao: Member, client: Client
) -> None:
    activities.invite(activity=joint, by=p.activity_staff, members=[p.member_wang_record])
    services.unit_members_invite(
        activity=joint, unit=ParticipatingUnit.objects.get(name="民盟"), by=liaison_a, members=[zhao]
    )
    client.force_login(liaison_a)
    page = client.get(reverse("joint:detail", args=[joint.pk]))
    assert [i.member_id for i in page.context["page"].items] == [zhao.pk]
    assert p.member_wang_record.person.name not in page.content.decode()
    wang_inv = Invitation.objects.get(activity=joint, member=p.member_wang_record)
    response = client.post(
        reverse("joint:act", args=[joint.pk, "attendance"]), {"invitation": wang_inv.pk, "status": "present"}
    )
    assert response.status_code == 404
    assert Invitation.objects.get(pk=wang_inv.pk).attendance == ""


def test_attendance_points_land_once_in_the_members_ledger(
    p: Personas, joint: Activity, liaison_a: User, zhao: Member, client: Client
) -> None:
    party = ParticipatingUnit.objects.get(name="民盟")
    services.unit_members_invite(activity=joint, unit=party, by=liaison_a, members=[zhao])
    inv = Invitation.objects.get(activity=joint, member=zhao)
    client.force_login(liaison_a)
    for _ in range(2):
        response = client.post(
            reverse("joint:act", args=[joint.pk, "attendance"]),
            {"invitation": inv.pk, "status": "present"},
            follow=True,
        )
        assert "出席情况已更新" in response.content.decode()
    # The host's office confirms the same: still one entry.
    activities.attendance_set(
        invitation=Invitation.objects.get(pk=inv.pk), by=p.activity_staff, status="present"
    )
    activities.activity_close(activity=Activity.objects.get(pk=joint.pk), by=p.activity_staff)
    entries = PointEntry.objects.filter(
        member=zhao, source_id=joint.pk, source_type__model="activity"
    ).standing()
    assert entries.count() == 1
    assert entries.get().committee_id == p.city.pk
    assert AuditEvent.objects.filter(action="joint.unit_attendance.set").count() == 1


def test_wrong_state_is_refused_in_chinese(
    p: Personas, joint: Activity, liaison_a: User, zhao: Member, client: Client
) -> None:
    activities.activity_cancel(activity=joint, by=p.activity_staff, reason="改期")
    client.force_login(liaison_a)
    page = client.get(reverse("joint:detail", args=[joint.pk])).content.decode()
    assert "unit-invite-form" not in page
    response = client.post(
        reverse("joint:act", args=[joint.pk, "invite"]), {"members": [zhao.pk]}, follow=True
    )
    assert "活动已举行或已取消，不能再邀请" in response.content.decode()
    assert not Invitation.objects.filter(activity=joint).exists()


def test_liaison_sees_the_shared_outcomes_but_no_clashes(
    p: Personas, joint: Activity, liaison_a: User, client: Client
) -> None:
    client.force_login(liaison_a)
    context = client.get(reverse("joint:detail", args=[joint.pk])).context
    assert context["clashes"] == []
    assert "outcomes" in context


def test_grant_names_the_unit_exactly_for_the_liaison_role(p: Personas, party_a: ParticipatingUnit) -> None:
    user = _user("someone", "某人", p.city, Role.MEMBER)
    RoleAssignment.objects.filter(user=user).delete()
    with pytest.raises(DomainError, match="党派团体联络人须指定本政协的党派团体"):
        org_services.role_grant(user=user, committee=p.city, role=Role.UNIT_LIAISON, by=None)
    with pytest.raises(DomainError, match="只有党派团体联络人需要指定党派团体"):
        org_services.role_grant(
            user=user, committee=p.city, role=Role.LEADER, by=None, participating_unit=party_a
        )
    with pytest.raises(DomainError, match="须指定本政协的党派团体"):
        org_services.role_grant(
            user=user, committee=p.county_a, role=Role.UNIT_LIAISON, by=None, participating_unit=party_a
        )
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_security_admin_grants_the_liaison_role_on_the_role_page(
    p: Personas, party_a: ParticipatingUnit, client: Client
) -> None:
    user = _user("newliaison", "新联络员", p.city, Role.MEMBER)
    client.force_login(p.secadmin)
    page = client.get(reverse("org:role_list")).content.decode()
    assert "党派团体联络人" in page and "民盟" in page
    missing = client.post(
        reverse("org:role_list"), {"action": "grant", "user": user.pk, "role": "unit_liaison"}
    )
    assert missing.status_code == 400
    assert "党派团体联络人须指定本政协的党派团体" in missing.content.decode()
    client.post(
        reverse("org:role_list"),
        {"action": "grant", "user": user.pk, "role": "unit_liaison", "participating_unit": party_a.pk},
    )
    assert RoleAssignment.objects.get(user=user, role="unit_liaison").participating_unit == party_a


def test_sysadmin_names_the_units_sector(p: Personas, client: Client) -> None:
    unit = ParticipatingUnit.objects.create(committee=p.city, name="九三学社", kind="party")
    client.force_login(p.sysadmin)
    client.post(reverse("org:structure"), {"form": "punit_sector", "unit": unit.pk, "sector": p.sector.pk})
    unit.refresh_from_db()
    assert unit.sector == p.sector
    assert AuditEvent.objects.filter(action="participating_unit.sector_set").exists()


def test_liaison_list_and_detail_queries_do_not_grow(
    p: Personas, party_a: ParticipatingUnit, liaison_a: User, joint: Activity, client: Client
) -> None:
    client.force_login(liaison_a)
    made: list[int] = []

    def add_activities(n: int) -> None:
        for _ in range(n):
            a = _now_meeting(p, f"联办{len(made)}")
            services.co_organiser_add(activity=a, by=p.activity_staff, unit=party_a)
            made.append(a.pk)

    same_for_few_and_many(client, reverse("joint:list"), add_activities, many=12)

    def add_invited(n: int) -> None:
        for _ in range(n):
            i = len(Member.objects.filter(sector=party_a.sector))
            member = _own_member(party_a, f"own{i}", f"委员{i}", f"139000{i:05d}")
            services.unit_members_invite(activity=joint, unit=party_a, by=liaison_a, members=[member])

    same_for_few_and_many(client, reverse("joint:detail", args=[joint.pk]), add_invited, many=12)
