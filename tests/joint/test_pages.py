"""The joint pages: the host adds co-organisers; the co-organiser's office accepts, invites its
own members and records their attendance; scope (404) for everyone else; the home page's tasks;
query counts that do not grow with rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.consultations.conftest import at
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.joint import services
from zhengxie.joint.models import CoOrganiser
from zhengxie.org.models import Committee, Member

from .conftest import make_member

pytestmark = pytest.mark.django_db


def test_host_adds_a_co_organiser_and_the_county_invites_its_member(
    client: Client, p: Personas, meeting: Activity, county_staff: User, county_member: Member
) -> None:
    client.force_login(p.activity_staff)
    detail = reverse("joint:detail", args=[meeting.pk])
    page = client.get(reverse("consultations:activity_detail", args=[meeting.pk]))
    assert detail in page.content.decode()
    r = client.post(
        reverse("joint:act", args=[meeting.pk, "add"]), {"partner": p.county_a.pk, "venue": "甲县分会场"}
    )
    assert r.status_code == 302
    assert CoOrganiser.objects.get().venue == "甲县分会场"
    # Bad input: neither a committee nor a party chosen — a message, nothing stored.
    r = client.post(reverse("joint:act", args=[meeting.pk, "add"]), {"venue": "x"}, follow=True)
    assert "请选择一个联办的政协或党派团体" in r.content.decode()
    assert CoOrganiser.objects.count() == 1

    client.force_login(county_staff)
    home = client.get(reverse("home")).content.decode()
    assert "联办活动待邀请本会委员" in home
    r = client.post(reverse("joint:act", args=[meeting.pk, "invite"]), {"members": [county_member.pk]})
    assert r.status_code == 302
    inv = Invitation.objects.get(member=county_member)
    body = client.get(detail).content.decode()
    assert "李淑芬" in body and "王建国" not in body
    r = client.post(
        reverse("joint:act", args=[meeting.pk, "attendance"]),
        {"invitation": inv.pk, "status": "present"},
        follow=True,
    )
    assert "活动尚未开始" in r.content.decode()  # wrong state: a clear message
    assert Invitation.objects.get(pk=inv.pk).attendance == ""
    sheet = client.get(reverse("joint:sign_in_sheet", args=[meeting.pk]))
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxml")


def test_co_organiser_sees_the_joint_page_but_not_the_hosts_records(
    client: Client, p: Personas, meeting: Activity, county_staff: User, county_member: Member
) -> None:
    activities.invite(activity=meeting, by=p.activity_staff, members=[p.member_wang_record])
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    other = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="research", title="市政协内部调研",
        starts_at=at(3), ends_at=at(3, 17), place="市政协",
    )  # fmt: skip
    client.force_login(county_staff)
    assert client.get(reverse("joint:detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("joint:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("consultations:activity_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("consultations:attendance_export", args=[meeting.pk])).status_code == 404
    listing = client.get(reverse("joint:list")).content.decode()
    assert meeting.title in listing and "市政协内部调研" not in listing
    # The county cannot add co-organisers to the city's activity.
    r = client.post(reverse("joint:act", args=[meeting.pk, "add"]), {"partner": p.county_b.pk})
    assert r.status_code == 404
    # A city member's invitation cannot be marked from the county's page.
    wang = Invitation.objects.get(member=p.member_wang_record)
    r = client.post(
        reverse("joint:act", args=[meeting.pk, "attendance"]), {"invitation": wang.pk, "status": "present"}
    )
    assert r.status_code == 404


def test_wrong_role_and_other_committees_get_404(
    client: Client, p: Personas, meeting: Activity, outside: Committee, outside_staff: User
) -> None:
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    url = reverse("joint:detail", args=[meeting.pk])
    for user in (p.member_wang, p.proposal_staff, p.county_b_staff, outside_staff):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(p.member_wang)
    assert client.get(reverse("joint:list")).status_code == 404
    # A leader reads but does not act.
    client.force_login(p.leader)
    assert client.get(url).status_code == 200
    assert (
        client.post(reverse("joint:act", args=[meeting.pk, "add"]), {"partner": p.county_b.pk}).status_code
        == 404
    )


def test_outside_committee_accepts_from_its_home_page(
    client: Client, p: Personas, meeting: Activity, outside: Committee, outside_staff: User
) -> None:
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=outside)
    client.force_login(outside_staff)
    home = client.get(reverse("home")).content.decode()
    assert "待确认的联办邀请" in home
    listing = client.get(reverse("joint:list") + "?task=to_answer").content.decode()
    assert meeting.title in listing
    page = client.get(reverse("joint:detail", args=[meeting.pk])).content.decode()
    assert "同意联办" in page and "邀请本会委员" not in page
    r = client.post(reverse("joint:act", args=[meeting.pk, "decline"]), {"note": ""}, follow=True)
    assert "谢绝联办请填写理由" in r.content.decode()
    client.post(reverse("joint:act", args=[meeting.pk, "accept"]), {"note": "同意"})
    assert CoOrganiser.objects.get().state == "accepted"
    assert "邀请本会委员" in client.get(reverse("joint:detail", args=[meeting.pk])).content.decode()


def test_county_member_sees_and_answers_the_invitation_on_his_own_home_page(
    client: Client, p: Personas, meeting: Activity, county_staff: User, county_member: Member
) -> None:
    services.co_organiser_add(activity=meeting, by=p.activity_staff, partner=p.county_a)
    services.members_invite(
        activity=meeting, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    client.force_login(p.member_county)
    assert "待回复的活动邀请" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("consultations:activity_detail", args=[meeting.pk])).status_code == 200
    inv = Invitation.objects.get(member=county_member)
    client.post(reverse("consultations:invitation_act", args=[inv.pk, "register"]))
    assert Invitation.objects.get(pk=inv.pk).reply == "registered"


def test_qr_sign_in_of_a_county_member(
    client: Client, p: Personas, meeting_now: Activity, county_staff: User, county_member: Member
) -> None:
    services.co_organiser_add(activity=meeting_now, by=p.activity_staff, partner=p.county_a)
    services.members_invite(
        activity=meeting_now, committee_id=p.county_a.pk, by=county_staff, members=[county_member]
    )
    client.force_login(p.member_county)
    token = activities.sign_in_token(meeting_now)
    r = client.post(reverse("consultations:sign_in", args=[token]))
    assert r.status_code == 200
    assert Invitation.objects.get(member=county_member).attendance == "present"


def test_list_and_detail_queries_do_not_grow(client: Client, p: Personas, county_staff: User) -> None:
    def add_activities(n: int) -> None:
        for i in range(n):
            a = activities.activity_create(
                committee_id=p.city.pk, by=p.activity_staff, kind="research", title=f"联动调研{i}",
                starts_at=at(i % 20 + 1), ends_at=at(i % 20 + 1, 17), place="地点",
            )  # fmt: skip
            services.co_organiser_add(activity=a, by=p.activity_staff, partner=p.county_a)
            services.co_organiser_add(activity=a, by=p.activity_staff, partner=p.province)

    client.force_login(county_staff)
    same_for_few_and_many(client, reverse("joint:list"), add_activities, many=20)

    target = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind="consultation", title="联办协商",
        starts_at=at(30), ends_at=at(30, 12), place="市政协",
    )  # fmt: skip
    services.co_organiser_add(activity=target, by=p.activity_staff, partner=p.county_a, venue="甲县会场")
    counter = iter(range(1000))

    def add_members(n: int) -> None:
        made = []
        for _ in range(n):
            i = next(counter)
            made.append(make_member(p.county_a, f"cm{i}", f"县委员{i}", f"1360000{i:04d}"))
            other = activities.activity_create(
                committee_id=p.county_a.pk, by=county_staff, kind="research", title=f"县调研{i}",
                starts_at=target.starts_at + timedelta(hours=4), ends_at=target.starts_at + timedelta(hours=6),
                place="甲县会场",
            )  # fmt: skip
            Invitation.objects.create(committee=p.county_a, activity=other, member=made[-1])
        services.members_invite(activity=target, committee_id=p.county_a.pk, by=county_staff, members=made)

    same_for_few_and_many(client, reverse("joint:detail", args=[target.pk]), add_members, many=12)
    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("joint:detail", args=[target.pk]), add_members, few=1, many=4)
