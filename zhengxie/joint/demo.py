"""Demo joint activities for 青州市政协 and its counties, through the services like real use:

- a past three-level joint research trip (三级政协联动调研) hosted by the city, co-organised by
  the province (upper), 安平县政协 (lower) and a democratic party, with members of the city and
  of 安平县 invited each by their own office, attendance recorded and the trip closed — so each
  member's points are in his or her own committee's ledger;
- a remote consultation to come, hosted by the city, which 安平县政协 joins as a venue
  (分会场) and 临河县政协 co-organises without having invited anyone yet (a home-page task);
  the same democratic party co-organises it too and has not invited its members yet.

安平县政协's activity staff account (demo_county_activity) and the party's liaison
(demo_party_liaison, who invited the party's own members to the trip and recorded their attendance)
are created here, so the other sides of a joint activity can be tried."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities
from zhengxie.org import services as org_services
from zhengxie.org.demo import DEMO_CODE, DEMO_PASSWORD
from zhengxie.org.models import Committee, Member, ParticipatingUnit
from zhengxie.org.roles import Role

from . import selectors, services


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _account(username: str, display_name: str) -> Any:
    user = org_services.account_create(
        username=username, display_name=display_name, password=None, by=None, must_change_password=False
    )
    get_user_model().objects.filter(pk=user.pk).update(
        password=make_password(DEMO_PASSWORD), privacy_acknowledged_at=timezone.now()
    )
    return user


def _county_staff(county: Committee) -> Any:
    user = _account("demo_county_activity", "许县活动")
    org_services.role_grant(user=user, committee=county, role=Role.ACTIVITY_STAFF, by=None)
    return user


def _party_liaison(city: Committee, party: ParticipatingUnit) -> Any:
    user = _account("demo_party_liaison", f"{party.name}联络员")
    org_services.role_grant(
        user=user, committee=city, role=Role.UNIT_LIAISON, by=None, participating_unit=party
    )
    return user


def load() -> None:
    committees = {c.code: c for c in Committee.objects.filter(code__startswith=DEMO_CODE)}
    province, city = committees[DEMO_CODE], committees[f"{DEMO_CODE}-01"]
    county_a, county_b = committees[f"{DEMO_CODE}-0101"], committees[f"{DEMO_CODE}-0102"]
    staff = get_user_model().objects.get(username="demo_activity_staff")
    county_staff = _county_staff(county_a)
    today = timezone.localdate()
    city_members = list(Member.objects.filter(committee=city, is_active=True).order_by("id")[10:22])
    county_members = list(Member.objects.filter(committee=county_a, is_active=True).order_by("id")[:8])
    party = ParticipatingUnit.objects.filter(committee=city, kind="party").order_by("id").first()
    liaison = _party_liaison(city, party) if party is not None else None

    # A past joint research trip, created in the past directly (the services plan only ahead).
    day = today - timedelta(days=20)
    trip = Activity.objects.create(
        committee=city, kind=Activity.Kind.RESEARCH, title="三级政协联动调研：乡村振兴产业发展",
        starts_at=_at(day, 9), ends_at=_at(day, 17), place="安平县城关镇", created_by=staff,
    )  # fmt: skip
    services.co_organiser_add(activity=trip, by=staff, partner=province, note="省政协农业农村委派员指导")
    services.co_organiser_add(activity=trip, by=staff, partner=county_a, note="安排调研点位")
    activities.invite(activity=trip, by=staff, members=city_members)
    party_invited: set[int] = set()
    if party is not None:
        services.co_organiser_add(activity=trip, by=staff, unit=party, note="联合开展专题调研")
        own = list(selectors.unit_members(party).exclude(pk__in=[m.pk for m in city_members])[:4])
        if own:
            services.unit_members_invite(activity=trip, unit=party, by=liaison, members=own)
        for i, inv in enumerate(selectors.unit_invitations(trip, party).select_related("activity")):
            status = "present" if i % 4 else "excused"
            services.unit_attendance_set(invitation=inv, unit=party, by=liaison, status=status)
            party_invited.add(inv.pk)
    services.members_invite(activity=trip, committee_id=county_a.pk, by=county_staff, members=county_members)
    for inv in trip.invitations.select_related("member", "activity").order_by("id"):
        if inv.pk in party_invited:
            continue
        if inv.member.committee_id == county_a.pk:
            services.attendance_set(
                invitation=inv, committee_id=county_a.pk, by=county_staff, status="present"
            )
        elif inv.pk % 5:
            activities.attendance_set(invitation=inv, by=staff, status="present")
    activities.activity_close(activity=trip, by=staff)

    # A remote consultation to come: 安平县 joins from its own venue, 临河县 has invited no one yet.
    day = today + timedelta(days=12)
    remote = activities.activity_create(
        committee_id=city.pk, by=staff, kind=Activity.Kind.REMOTE, title="市县政协联动远程协商：基层医疗服务",
        starts_at=_at(day, 9), ends_at=_at(day, 11), video_link="https://meeting.example.gov.cn/room/3101",
    )  # fmt: skip
    activities.invite(activity=remote, by=staff, members=city_members[:6])
    row = services.co_organiser_add(activity=remote, by=staff, partner=county_a, venue="安平县政协二楼会议室")
    services.co_organiser_add(activity=remote, by=staff, partner=county_b, note="组织本县委员参加")
    if party is not None:
        services.co_organiser_add(activity=remote, by=staff, unit=party, note="组织本党派委员建言")
    services.members_invite(
        activity=remote, committee_id=county_a.pk, by=county_staff, members=county_members[:5]
    )
    assert row.venue
